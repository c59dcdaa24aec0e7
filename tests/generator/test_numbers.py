"""coursemd.numbers: stated numbers checked against a lesson's numbers.py, and shown arithmetic.

Unit tests on text and a numbers.py in a temporary folder, then strict builds of a fixture
course to see the one-line messages an instructor gets.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import markdown
import pytest

from coursemd.numbers import NumbersError, check_arithmetic, substitute
from coursemd.source import set_document
from fixture_course import basic_course, build_cli, build_in_process, errors, write_course

NUMBERS = """\
import math

conditionals = (0.4, 0.5, 0.6)
joint = math.prod(conditionals)
count = 36864


def nll_nats():
    return -math.log(joint)


def broken():
    return 1 / 0
"""


@pytest.fixture
def numbers(tmp_path: Path) -> Path:
    path = tmp_path / "numbers.py"
    path.write_text(NUMBERS, "utf-8")
    return path


def shown(text: str, numbers: Path | None) -> str:
    result, problems = substitute(text, numbers)
    assert not problems, problems
    return result


def problems(text: str, numbers: Path | None) -> list[str]:
    return [f"{p.line}: {p.problem}" for p in substitute(text, numbers)[1]]


# --- Showing and checking --------------------------------------------------------------------


def test_a_stated_number_shows_as_written_and_a_name_inserts_its_value(numbers: Path) -> None:
    text = "Joint {{ joint = 0.12 }}, NLL {{nll_nats=2.12}}, {{ count }} or {{ count:, }}; {{ joint:.1% }}."
    assert shown(text, numbers) == "Joint 0.12, NLL 2.12, 36864 or 36,864; 12.0%."


def test_numbers_in_tex_keep_their_tex(numbers: Path) -> None:
    text = "$`{{ count = 36{,}864 }}`$ and\n```math\np = {{ joint = 1.2 \\times 10^{-1} }}\n```\n"
    assert shown(text, numbers) == "$`36{,}864`$ and\n```math\np = 1.2 \\times 10^{-1}\n```\n"


def test_tex_groups_code_and_escapes_are_left_alone(numbers: Path) -> None:
    text = dedent(
        """\
        $`x^{{n}}`$ and `{{ joint = 9 }}` and \\{{ joint }} and

        ```python
        print("{{ joint = 9 }}")
        ```
        """
    )
    assert shown(text, numbers) == text.replace("\\{{", "{{")


def test_a_wrong_number_is_reported_with_its_line_and_the_computed_value(numbers: Path) -> None:
    assert problems("one\n\nthe joint is {{ joint = 0.13 }}.\n", numbers) == [
        "3: states 0.13 for joint but numbers.py gives 0.12 (stated precision ±0.005)"
    ]
    assert problems("{{ count = 36,865 }}", numbers) == [
        "1: states 36,865 for count but numbers.py gives 36864 (stated precision exact)"
    ]
    assert shown("{{ nll_nats = 2.1203 }} {{ nll_nats = 2.12 }} {{ nll_nats = 2.1 }}", numbers) == "2.1203 2.12 2.1"
    assert problems("{{ nll_nats = 2 }}", numbers)  # "2" is exact: 2.1203 is not 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ jiont = 0.12 }}", "1: numbers.py has no value named 'jiont'"),
        ("{{ broken = 1 }}", "1: broken() in numbers.py raised line 13: ZeroDivisionError: division by zero"),
        ("{{ conditionals = 1 }}", "1: 'conditionals' in numbers.py is tuple, not a number"),
        ("{{ joint = about 0.1 }}", "1: cannot read 'about 0.1' as a number"),
        ("{{ joint:.2q }}", "1: the format ':.2q' does not apply"),
        ("{{ joint = 0.12 ", "1: cannot read the number reference '{{ joint = 0.12'"),
    ],
)
def test_mistakes_in_a_reference(numbers: Path, text: str, message: str) -> None:
    found = problems(text, numbers)
    assert found and found[0].startswith(message), found


def test_a_reference_needs_a_numbers_file_that_imports(tmp_path: Path, numbers: Path) -> None:
    assert problems("x\n{{ joint = 0.12 }}", tmp_path / "none" / "numbers.py") == [
        "2: '{{ joint ... }}' names a computed value, but none has no numbers.py"
    ]
    numbers.write_text("import math\n\nx = math.prod(\n", "utf-8")
    (found,) = problems("{{ joint = 0.12 }}", numbers)
    assert found.startswith("1: numbers.py does not import (line 3: SyntaxError:"), found
    numbers.write_text("a = 1\nb = undefined_name\n", "utf-8")
    (found,) = problems("{{ a = 1 }}", numbers)
    assert found == "1: numbers.py does not import (line 2: NameError: name 'undefined_name' is not defined)"


def test_a_page_without_references_needs_no_numbers_file() -> None:
    assert substitute("Plain $`x`$ prose with 4 numbers.\n", None) == ("Plain $`x`$ prose with 4 numbers.\n", [])


def test_a_quiz_answer_must_be_checked_where_the_lesson_has_numbers(numbers: Path) -> None:
    assert problems("Answer: 4 bits\nTolerance: 0", numbers) == [
        "1: the quiz answer '4 bits' is not checked against numbers.py"
    ]
    assert problems("Answer: {{ count = 36864 }}\nTolerance: 0", numbers) == []
    assert substitute("Answer: 4 bits\n", None)[1] == []  # opt-in: no numbers.py, no check


# --- Shown arithmetic ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "0.4 \\times 0.5 \\times 0.6 = 0.12",
        "1 + 1 + 2 = 4 bits",
        "$`1 + 3 \\times 1023 = 3070`$",
        "2 \\times 12 \\times 12 \\times 64 \\times 2 = 36{,}864",
        "1/3 = 0.333",
        "0.9163 + 0.6931 + 0.5108 \\approx 2.1203",  # rounded: says so
        "-\\ln 0.12 = 2.1203",  # a function, not arithmetic
        "0.9^4 = 0.6561",  # a power is not checked
        "\\dots + 1024 = 524{,}800",  # a partial chain
        "$5 + $10 = $15 and 2024-06-01",
        "0.90 \\times 0.01 + 0.05 \\times 0.99 = 0.009 + 0.0495 = 0.0585",  # every step holds
    ],
)
def test_arithmetic_that_holds_or_is_not_arithmetic(text: str) -> None:
    assert check_arithmetic(text) == []


@pytest.mark.parametrize(
    ("text", "computed"),
    [
        ("0.9163 + 0.6931 + 0.5108 = 2.1203", "2.1202"),
        ("a sum: 1 + 1 + 2 = 5.", "4"),
        ("$`2 \\times 3 + 1 = 8`$", "7"),
        ("10 − 4 = 7", "6"),
        ("0.90 \\times 0.01 + 0.05 \\times 0.98 = 0.009 + 0.0495 = 0.0585", "0.058"),  # a wrong middle step
        ("0.05 \\times 0.98 = 0.049 + 0.0005", "0.049"),
    ],
)
def test_arithmetic_that_does_not_hold_is_reported(text: str, computed: str) -> None:
    (problem,) = check_arithmetic("\n" + text)
    assert problem.line == 2 and f"the terms as written give {computed}" in problem.problem


# --- In a Markdown host ----------------------------------------------------------------------


def test_the_extension_raises_with_the_file_and_the_line(numbers: Path) -> None:
    set_document("lesson_src/t01/01-events/lesson.md", 3, str(numbers.with_name("lesson.md")))
    try:
        md = markdown.Markdown(extensions=["coursemd.numbers"])
        assert md.convert("The joint is {{ joint = 0.12 }}.") == "<p>The joint is 0.12.</p>"
        with pytest.raises(NumbersError) as caught:
            md.convert("x\n\nThe joint is {{ joint = 0.2 }}.")
    finally:
        set_document("")
    assert str(caught.value) == (
        "numbers: Doc file 'lesson_src/t01/01-events/lesson.md', line 6: states 0.2 for joint but numbers.py "
        "gives 0.12 (stated precision ±0.05). Correct the number on the page, or the computation."
    )


# --- In a strict build -----------------------------------------------------------------------


def _course_with_numbers(tmp_path: Path, lesson: str, numbers: str = NUMBERS) -> Path:
    files = basic_course()
    files["lesson_src/t01/01-events/numbers.py"] = numbers
    files["lesson_src/t01/01-events/lesson.md"] = lesson
    files["lesson_src/t01/01-events/practice.md"] = dedent(
        """\
        # Practice

        /// quiz
            id: t01-01-check

        What is the joint probability?

        Answer: {{ joint = 0.12 }}
        Tolerance: 0.001
        ///
        """
    )
    return write_course(tmp_path, files)


def test_a_lesson_with_checked_numbers_builds_and_shows_them(tmp_path: Path) -> None:
    site = build_in_process(_course_with_numbers(tmp_path, "# Lesson\n\nThe joint is {{ joint = 0.12 }}.\n"))
    assert "The joint is 0.12." in (site / "t01/01-events/lesson/index.html").read_text("utf-8")
    practice = (site / "t01/01-events/practice/index.html").read_text("utf-8")
    assert 'data-answer="0.12"' in practice or "0.12" in practice


def test_a_wrong_number_stops_the_strict_build_at_its_file_and_line(tmp_path: Path) -> None:
    result = build_cli(_course_with_numbers(tmp_path, "# Lesson\n\nLine three.\n\nThe joint is {{ joint = 0.21 }}.\n"))
    assert result.returncode == 1
    assert errors(result)[-1] == (
        "ERROR   -  numbers: Doc file 'lesson_src/t01/01-events/lesson.md', line 5: states 0.21 for joint but "
        "numbers.py gives 0.12 (stated precision ±0.005). Correct the number on the page, or the computation."
    ), result.stderr
    assert "Traceback" not in result.stderr
