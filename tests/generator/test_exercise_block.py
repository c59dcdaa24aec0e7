"""coursemd.exercise on its own: exact HTML, every build-time check with its file and line, the
hook that writes the variants, and strict builds of a fixture course outside Track 19."""

from __future__ import annotations

import importlib.util
import json
import re
import uuid
from pathlib import Path
from textwrap import dedent
from types import ModuleType, SimpleNamespace

import markdown
import pytest
from bayes_course import FOLDER, PRACTICE_PAGE, bayes_course, expected
from conftest import ROOT
from coursemd import katex_math
from coursemd.blocks_base import BlockError
from coursemd.exercise import shown, take_variant_files
from coursemd.katex_math import KatexMathExtension
from coursemd.katex_renderer import KatexRenderer
from coursemd.source import set_document
from fixture_course import build_cli, build_in_process, errors, write_course
from mkdocs.exceptions import PluginError

PAGE = "lesson_src/t02/03-bayes-rule/practice.md"

COIN = """\
def make(seed):
    heads = seed + 1
    return {
        "question": f"A coin shows heads {heads} times in 10 tosses. *Estimate* $p$.",
        "answers": [{"label": "Estimate of $p$", "value": heads / 10, "tolerance": 0.01}],
        "mistakes": [{"answer": "Estimate of $p$", "value": 1 - heads / 10, "message": "That is the share of *tails*."}],
        "solution": f"Heads over tosses: {heads}/10.",
    }
"""

BLOCK = (
    "# Practice\n\n/// exercise | Coins\n    id: coins\n    generator: coin.py:make\n    variants: 3\n\nIntro.\n///\n"
)


@pytest.fixture
def lesson(tmp_path: Path) -> Path:
    """A lesson folder holding the page (by name only) and its generator; messages name PAGE."""
    (tmp_path / "coin.py").write_text(COIN, "utf-8")
    set_document(PAGE, 0, abs_path=str(tmp_path / "practice.md"))
    yield tmp_path
    set_document("")


def convert(source: str) -> str:
    md = markdown.Markdown(extensions=["coursemd.exercise", KatexMathExtension(cache_dir=""), "pymdownx.superfences"])
    return md.convert(dedent(source))


def katex(tex: str, after: str = "") -> str:
    """KaTeX's inline HTML for `tex`, as coursemd.katex_math renders it on a page, with the
    punctuation `after` it (kept together with the formula)."""
    html = markdown.markdown(f"$`{tex}`${after}", extensions=[KatexMathExtension(cache_dir="")])
    return html.removeprefix("<p>").removesuffix("</p>")


# --- Rendering -------------------------------------------------------------------------------


def test_the_page_holds_variant_0_with_its_answer_and_the_rest_are_queued(lesson: Path) -> None:
    take_variant_files()
    html = convert(BLOCK)
    p = katex("p")
    assert html == (
        "<h1>Practice</h1>\n"
        '<div class="exercise" data-uses="exercise katex" data-variants="3" data-variants-url="coins/"'
        ' data-widget="exercise" id="coins">\n'
        '<p class="exercise__title">Coins</p>\n'
        "<p>Intro.</p>\n"
        '<div class="exercise__static"><div class="exercise__variant" data-seed="0">'
        f'<div class="exercise__question"><p>A coin shows heads 1 times in 10 tosses. <em>Estimate</em> {katex("p", ".")}</p></div>'
        '<details class="exercise__answer"><summary>Answer</summary><ul class="exercise__key">'
        '<li class="exercise__key-item" data-value="0.1" data-unit="" data-tolerance="0.01" data-relative="false">'
        f'<span class="exercise__label">Estimate of {p}</span>: 0.1 (accepted within ±0.01)'
        '<template class="exercise__mistakes"><p class="exercise__mistake" data-value="0.9" data-unit="">'
        "That is the share of <em>tails</em>.</p></template></li></ul>"
        '<div class="exercise__solution"><p>Heads over tosses: 1/10.</p></div></details></div></div>\n'
        "</div>"
    )
    (queued,) = take_variant_files()
    assert (queued.id, queued.source, queued.line) == ("coins", PAGE, 3)
    assert sorted(queued.html) == [1, 2]
    assert queued.html[2].startswith('<div class="exercise__variant" data-seed="2"><div class="exercise__question">')
    assert "heads 3 times" in queued.html[2] and 'data-value="0.3"' in queued.html[2]


def test_the_variants_formulas_go_to_katex_together_not_one_request_each(
    lesson: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forty variants whose formulas all differ: one request to KaTeX for them, not eighty (one
    per question and solution), and each variant still shows its own formula."""
    nonce = str(uuid.uuid4().int)[:12]  # formulas no earlier test put in the shared renderer's memory
    (lesson / "coin.py").write_text(
        dedent(
            f"""\
            def make(seed):
                return {{
                    "question": f"Heads $h_{{{{{nonce}{{seed}}}}}}$ in ten tosses: estimate $p$.",
                    "answers": [{{"label": "$p$", "value": seed / 100, "tolerance": 0.001}}],
                    "solution": f"$q = {nonce}{{seed}} / 10$.",
                }}
            """
        ),
        "utf-8",
    )
    requests: list[dict[str, object]] = []
    exchange = KatexRenderer._exchange

    def counted(self: KatexRenderer, request: dict[str, object]) -> dict[str, object]:
        requests.append(request)
        return exchange(self, request)

    monkeypatch.setattr(KatexRenderer, "_exchange", counted)
    take_variant_files()
    html = convert(BLOCK.replace("variants: 3", "variants: 40"))
    (queued,) = take_variant_files()
    batches = [request for request in requests if "batch" in request]
    assert len(requests) <= 2 and len(batches) == 1, [sorted(request) for request in requests]
    assert len(batches[0]["batch"]) >= 80  # type: ignore[arg-type]
    assert katex(f"h_{{{nonce}0}}") in html
    assert katex(f"h_{{{nonce}39}}") in queued.html[39] and katex(f"q = {nonce}39 / 10", ".") in queued.html[39]


def test_each_variant_text_is_scanned_for_math_once(lesson: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The prefetch's scan of a variant's text is the one its own pass uses: scanning it again
    was half of our side's cost for a variant's math. The HTML is the same as a fresh scan's."""
    nonce = str(uuid.uuid4().int)[:12]
    (lesson / "coin.py").write_text(
        dedent(
            f"""\
            def make(seed):
                return {{
                    "question": f"Heads $h_{{{{{nonce}{{seed}}}}}}$ in ten tosses:\\n\\n$$p = {nonce}{{seed}}$$",
                    "answers": [{{"label": "$p$", "value": seed / 100, "tolerance": 0.001}}],
                    "solution": f"$q = {nonce}{{seed}} / 10$, so `$x$` is code.",
                }}
            """
        ),
        "utf-8",
    )
    scanned: list[str] = []
    scan = katex_math.rewrite

    def counted(lines: list[str], replace: object) -> object:
        scanned.append("\n".join(lines))
        return scan(lines, replace)  # type: ignore[arg-type]

    monkeypatch.setattr(katex_math, "rewrite", counted)
    take_variant_files()
    html = convert(BLOCK.replace("variants: 3", "variants: 10"))
    (queued,) = take_variant_files()
    variant_texts = [text for text in scanned if nonce in text]
    assert len(variant_texts) == len(set(variant_texts)) == 20, variant_texts  # question and solution, ten times
    assert katex(f"q = {nonce}7 / 10", ",") in queued.html[7] and "<code>$x$</code>" in queued.html[7]
    assert f"p = {nonce}7</annotation>" in queued.html[7] and "katex-display" in queued.html[7]

    monkeypatch.setattr(katex_math.KatexMathExtension, "prefetch_markdown", lambda self, texts: None)
    take_variant_files()
    assert convert(BLOCK.replace("variants: 3", "variants: 10")) == html
    (fresh,) = take_variant_files()
    assert fresh.html == queued.html


def test_a_default_id_and_an_answer_in_nats_or_bits(lesson: Path) -> None:
    (lesson / "nll.py").write_text(
        "import math\n\ndef make(seed):\n"
        "    nats = -math.log(0.5 ** (seed + 1))\n"
        "    return {'question': f'{seed + 1} fair coin flips: the NLL?', 'solution': 'Add ln 2 per flip.',\n"
        "            'answers': [{'label': 'NLL', 'value': nats, 'unit': 'nats', 'either_unit': True, 'tolerance': '1%'}],\n"
        "            'mistakes': [{'answer': 'NLL', 'value': seed + 1, 'unit': 'nats', 'message': 'That is in bits.'}]}\n",
        "utf-8",
    )
    take_variant_files()
    html = convert("/// exercise\n    generator: nll.py:make\n    variants: 2\n///\n")
    assert 'id="exercise-1"' in html and 'data-variants-url="exercise-1/"' in html
    assert 'data-unit="nats" data-tolerance="1" data-relative="true" data-either-unit="true"' in html
    assert "NLL</span>: 0.6931 nats, or 1 bits (accepted within ±1%)" in html
    assert [f.id for f in take_variant_files()] == ["exercise-1"]


@pytest.mark.parametrize(
    ("value", "margin", "text"),
    [
        (2.8134107, 0.014, "2.813"),
        (0.06, 0.0006, "0.06"),
        (12345.6, 123.4, "12346"),
        (-0.5, 0.01, "−0.5"),
        (4.0, 0, "4"),
    ],
)
def test_the_key_shows_the_digits_the_margin_makes_meaningful(value: float, margin: float, text: str) -> None:
    assert shown(value, margin) == text


# --- Build-time checks: each names the page, the block's line and a fix ---------------------

ANSWER = "{'label': 'x', 'value': 1.0, 'tolerance': 0.01}"


def generator(result: str, *, imports: str = "") -> str:
    """A generator returning `result` (a Python expression that may use `seed`)."""
    return f"{imports}def make(seed):\n    return {result}\n"


def variant(**fields: str) -> str:
    """A result with these fields replaced (Python source for each value)."""
    parts = {"question": "f'Question {seed}'", "answers": f"[{ANSWER}]", "solution": "'Because.'", **fields}
    return "{" + ", ".join(f"{key!r}: {value}" for key, value in parts.items() if value != "<drop>") + "}"


CHECKS = [
    (
        "no generator",
        None,
        "",
        "has no generator. Add the option 'generator: <file>.py:<function>', e.g. 'generator: screening.py:make_variant'.",
    ),
    (
        "no function",
        None,
        "generator: coin.py",
        "the generator 'coin.py' does not name a file and a function. Write it as 'generator: <file>.py:<function>', e.g. 'generator: screening.py:make_variant'.",
    ),
    (
        "not python",
        None,
        "generator: coin.txt:make",
        "the generator file 'coin.txt' is not a Python file. Write it as 'generator: <file>.py:<function>', e.g. 'generator: screening.py:make_variant'.",
    ),
    (
        "absolute",
        None,
        "generator: /tmp/coin.py:make",
        "the generator file '/tmp/coin.py' is an absolute path. Give the path relative to the lesson folder.",
    ),
    (
        "missing file",
        None,
        "generator: dice.py:make",
        "the generator file 'dice.py' does not exist in {folder}. Create it in the lesson folder, or fix the path (it is relative to the lesson folder).",
    ),
    (
        "syntax error",
        "def make(seed):\n    return {\n",
        None,
        "gen.py does not import (line 2: SyntaxError: '{' was never closed (gen.py, line 2)). Fix gen.py.",
    ),
    (
        "import fails",
        "import no_such_module_here\n",
        None,
        "gen.py does not import (line 1: ModuleNotFoundError: No module named 'no_such_module_here'). Fix gen.py.",
    ),
    (
        "missing function",
        "def other(seed):\n    return {}\n",
        None,
        "gen.py has no function 'make' (it defines other). Define 'def make(seed):' in gen.py, or fix the name after ':'.",
    ),
    (
        "raises",
        "def make(seed):\n    assert seed != 2, 'no coin for seed 2'\n    return " + variant() + "\n",
        None,
        "gen.py:make raised for seed 2 (line 2: AssertionError: no coin for seed 2). Fix gen.py; the build calls make(seed) for every seed from 0 to 2.",
    ),
    (
        "not a mapping",
        generator("[seed]"),
        None,
        "seed 0: make returned a list, not a mapping. Return a dict with 'question', 'answers' and 'solution', and optionally 'mistakes'.",
    ),
    (
        "no question",
        generator(variant(question="<drop>")),
        None,
        "seed 0: the result has no 'question'. Return the question as Markdown text under 'question'.",
    ),
    (
        "no solution",
        generator(variant(solution="<drop>")),
        None,
        "seed 0: the result has no 'solution'. Return the worked answer as Markdown text under 'solution'; students see it after a first try.",
    ),
    (
        "unknown field",
        generator(variant(hint="'Think.'")),
        None,
        "seed 0: the result has an unknown field 'hint'. Use only: question, answers, mistakes, solution.",
    ),
    (
        "question not text",
        generator(variant(question="seed")),
        None,
        "seed 0: 'question' is a number, not text. Return the question as Markdown text under 'question'.",
    ),
    (
        "answers not a list",
        generator(variant(answers=ANSWER)),
        None,
        "seed 0: 'answers' is a dict, not a list. Return 'answers' as a list of dicts, each with 'label', 'value' and 'tolerance'.",
    ),
    (
        "no answers",
        generator(variant(answers="[]")),
        None,
        "seed 0: 'answers' is empty. Return 'answers' as a list of dicts, each with 'label', 'value' and 'tolerance'.",
    ),
    (
        "no tolerance",
        generator(variant(answers="[{'label': 'x', 'value': 1}]")),
        None,
        "seed 0: answer 1 has no 'tolerance'. Return 'answers' as a list of dicts, each with 'label', 'value' and 'tolerance'.",
    ),
    (
        "value not a number",
        generator(variant(answers="[{'label': 'x', 'value': '1', 'tolerance': 0}]")),
        None,
        "seed 0: answer 1's 'value' is text, not a number. Return a number (an int or a float).",
    ),
    (
        "value a bool",
        generator(variant(answers="[{'label': 'x', 'value': True, 'tolerance': 0}]")),
        None,
        "seed 0: answer 1's 'value' is a yes/no value, not a number. Return a number (an int or a float).",
    ),
    (
        "value not finite",
        generator(variant(answers="[{'label': 'x', 'value': -math.inf, 'tolerance': 0}]"), imports="import math\n\n"),
        None,
        "seed 0: answer 1's 'value' is -inf, not a finite number. Make the generator return a finite number (look for a division by zero or the log of 0).",
    ),
    (
        "tolerance unreadable",
        generator(variant(answers="[{'label': 'x', 'value': 1, 'tolerance': 'a bit'}]")),
        None,
        "seed 0: answer 1's 'tolerance' 'a bit' is not a number or a percentage. Give the margin as a number in the answer's unit (0.01) or as a percentage ('1%').",
    ),
    (
        "tolerance negative",
        generator(variant(answers="[{'label': 'x', 'value': 1, 'tolerance': -0.1}]")),
        None,
        "seed 0: answer 1's 'tolerance' -0.1 is negative. Give the margin as a number in the answer's unit (0.01) or as a percentage ('1%').",
    ),
    (
        "unknown unit",
        generator(variant(answers="[{'label': 'x', 'value': 1, 'tolerance': 0, 'unit': 'meters'}]")),
        None,
        "seed 0: answer 1's 'unit' 'meters' is not a unit the quiz knows. Use 'nats' or 'bits', or leave 'unit' out and name the unit in the question.",
    ),
    (
        "either unit without unit",
        generator(variant(answers="[{'label': 'x', 'value': 1, 'tolerance': 0, 'either_unit': True}]")),
        None,
        "seed 0: answer 1 has 'either_unit' but no unit. Give 'unit': 'nats' or 'bits' (the unit of 'value').",
    ),
    (
        "two labels alike",
        generator(variant(answers=f"[{ANSWER}, {ANSWER}]")),
        None,
        "seed 0: answers 1 and 2 have the same label 'x'. Give each answer its own label: mistakes name their answer by it.",
    ),
    (
        "mistakes not a list",
        generator(variant(mistakes="'oops'")),
        None,
        "seed 0: 'mistakes' is text, not a list. Return 'mistakes' as a list of dicts, each with 'answer' (a label), 'value' and 'message'.",
    ),
    (
        "mistake of no answer",
        generator(variant(mistakes="[{'answer': 'y', 'value': 2, 'message': 'No.'}]")),
        None,
        "seed 0: mistake 1 names the answer 'y', which this variant does not have. Name one of the answers by its label: 'x'.",
    ),
    (
        "mistake without message",
        generator(variant(mistakes="[{'answer': 'x', 'value': 2, 'message': ' '}]")),
        None,
        "seed 0: mistake 1's 'message' is empty. Say what the mistake is and how to avoid it.",
    ),
    (
        "mistake not finite",
        generator(variant(mistakes="[{'answer': 'x', 'value': float('nan'), 'message': 'No.'}]")),
        None,
        "seed 0: mistake 1's 'value' is nan, not a finite number. Make the generator return a finite number (look for a division by zero or the log of 0).",
    ),
    (
        "mistake in another unit",
        generator(variant(mistakes="[{'answer': 'x', 'value': 2, 'unit': 'bits', 'message': 'No.'}]")),
        None,
        "seed 0: mistake 1 is in bits, but answer 'x' is asked in no unit. Leave out the mistake's 'unit', or give the answer 'either_unit': True.",
    ),
    (
        "mistake is the answer",
        generator(variant(mistakes="[{'answer': 'x', 'value': 1.015, 'message': 'Too close.'}]")),
        None,
        "seed 0: for answer 'x', the right answer gives 1 and the mistake 'Too close.' gives 1.015, within the margin ±0.01 of each other, so a student's reply could not be told apart. Drop the mistake, or make the values differ by more than the tolerance.",
    ),
    (
        "two mistakes alike",
        generator(
            variant(
                mistakes="[{'answer': 'x', 'value': 3, 'message': 'First.'}, {'answer': 'x', 'value': 3.01, 'message': 'Second.'}]"
            )
        ),
        None,
        "seed 0: for answer 'x', the mistake 'First.' gives 3 and the mistake 'Second.' gives 3.01, within the margin ±0.01 of each other, so a student's reply could not be told apart. Drop the mistake, or make the values differ by more than the tolerance.",
    ),
    (
        "two seeds alike",
        generator(variant(question="f'Question {seed % 2}'")),
        None,
        "seeds 0 and 2 give the same question, so two variants are one. Draw the numbers from a wider range in the generator, or ask for fewer variants.",
    ),
    (
        "bad math",
        generator(variant(solution=r"'So $\\frac{1}{2$.'")),
        None,
        "seed 0: the solution's math `\\frac{1}{2` cannot be rendered (KaTeX parse error: Unexpected end of input in a macro argument, expected '}' at end of input: \\frac{1}{2). Fix the TeX the generator writes; KaTeX's supported commands are listed at katex.org/docs/supported.",
    ),
    (
        "variants not a number",
        None,
        "generator: coin.py:make\nvariants: many",
        "'variants: many' is not a whole number. Give a whole number from 1 to 1000.",
    ),
    (
        "too many variants",
        None,
        "generator: coin.py:make\nvariants: 1001",
        "'variants: 1001' is out of range. Give a whole number from 1 to 1000.",
    ),
    (
        "unknown option",
        None,
        "generator: coin.py:make\nseed: 2026",
        "unknown option 'seed'. Use one of: id, generator, variants.",
    ),
]


# What the generator option names (its file, its function) and the variants option are named at
# their own line (the page below puts the options on lines 6 and 7); what the function returns,
# at the block's header, line 5.
AT_THE_OPTION = {
    "no function": 6,
    "not python": 6,
    "absolute": 6,
    "missing file": 6,
    "syntax error": 6,
    "import fails": 6,
    "missing function": 6,
    "variants not a number": 7,
    "too many variants": 7,
    "unknown option": 7,
}


@pytest.mark.parametrize(
    ("source", "options", "message", "line"),
    [(*c[1:], AT_THE_OPTION.get(c[0], 5)) for c in CHECKS],
    ids=[c[0] for c in CHECKS],
)
def test_each_check_names_the_file_the_line_and_a_fix(
    lesson: Path, source: str | None, options: str | None, message: str, line: int
) -> None:
    if source is not None:
        (lesson / "gen.py").write_text(source, "utf-8")
        options = "generator: gen.py:make\nvariants: 3"
    lines = "".join(f"    {line}\n" for line in options.split("\n")) if options else ""
    page = f"# Practice\n\nSome text.\n\n/// exercise\n{lines}///\n"
    with pytest.raises(BlockError) as caught:
        convert(page)
    shown_folder = message.replace("{folder}", lesson.as_posix())
    assert str(caught.value) == f"exercise: Doc file '{PAGE}', line {line}: {shown_folder}"


def test_a_check_counts_the_front_matter_the_host_stripped(lesson: Path) -> None:
    set_document(PAGE, 4, abs_path=str(lesson / "practice.md"))
    with pytest.raises(BlockError) as caught:
        convert("/// exercise\n    generator: coin.py:nothing\n///\n")
    assert str(caught.value).startswith(f"exercise: Doc file '{PAGE}', line 6: coin.py has no function 'nothing'")


def test_two_exercises_with_one_id_on_a_page(lesson: Path) -> None:
    block = "/// exercise\n    id: same\n    generator: coin.py:make\n    variants: 2\n///\n"
    with pytest.raises(BlockError) as caught:
        convert(block + "\n" + block)
    assert str(caught.value) == (
        f"exercise: Doc file '{PAGE}', line 7: the id 'same' is already used by another exercise on this page. "
        "Give each its own id."
    )


def test_an_edited_generator_is_imported_again(lesson: Path) -> None:
    assert "heads 1 times" in convert(BLOCK)
    (lesson / "coin.py").write_text(COIN.replace("heads {heads} times", "{heads} heads"), "utf-8")
    assert "1 heads in 10" in convert(BLOCK)


# --- The hook --------------------------------------------------------------------------------


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "exercise_variants_under_test", ROOT / "hooks" / "exercise_variants.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_hook_writes_one_json_file_per_variant_next_to_the_page(lesson: Path, tmp_path: Path) -> None:
    hook = load_hook()
    config = SimpleNamespace(site_dir=str(tmp_path / "site"))
    hook.on_config(config)
    convert(BLOCK)
    page = SimpleNamespace(file=SimpleNamespace(dest_uri="t02/03-bayes-rule/practice/index.html"))
    assert hook.on_page_content("<p>x</p>", page=page, config=config, files=None) == "<p>x</p>"
    folder = tmp_path / "site" / "t02/03-bayes-rule/practice/coins"  # written with the page
    assert sorted(p.name for p in folder.iterdir()) == ["1.json", "2.json"]
    data = json.loads((folder / "2.json").read_text("utf-8"))
    assert data["seed"] == 2 and data["html"].startswith('<div class="exercise__variant" data-seed="2">')

    convert(BLOCK)  # the same page again (a preview re-renders a saved page alone): written again
    (folder / "2.json").unlink()
    hook.on_page_content("", page=page, config=config, files=None)
    assert (folder / "2.json").is_file()

    set_document("lesson_src/t02/03-bayes-rule/other.md", 0, abs_path=str(lesson / "other.md"))
    convert(BLOCK)  # the same id on another page of the same folder (use_directory_urls: false)
    other = SimpleNamespace(file=SimpleNamespace(dest_uri="t02/03-bayes-rule/practice/other.html"))
    with pytest.raises(PluginError) as caught:
        hook.on_page_content("", page=other, config=config, files=None)
    assert str(caught.value) == (
        "exercise: Doc file 'lesson_src/t02/03-bayes-rule/other.md', line 3: the exercise id 'coins' is also used in "
        f"'{PAGE}', a page in the same folder. Give each exercise of a folder its own id: its variants are stored under it."
    )


# --- A course outside Track 19 ---------------------------------------------------------------


@pytest.fixture(scope="module")
def bayes_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_in_process(write_course(tmp_path_factory.mktemp("bayes"), bayes_course()))


def test_the_bayes_lesson_builds_with_its_own_generator(bayes_site: Path) -> None:
    html = (bayes_site / PRACTICE_PAGE / "index.html").read_text("utf-8")
    assert html.count('class="exercise__variant"') == 1  # only variant 0 is in the page
    e = expected(0)
    assert f'data-value="{e["evidence"]!r}"' in html and f'data-value="{e["posterior"]!r}"' in html
    files = sorted((bayes_site / PRACTICE_PAGE / "screening").iterdir(), key=lambda p: int(p.stem))
    assert [p.name for p in files] == [f"{seed}.json" for seed in range(1, 40)]
    for seed in (1, 17, 39):
        data = json.loads((bayes_site / PRACTICE_PAGE / "screening" / f"{seed}.json").read_text("utf-8"))
        assert f'data-value="{expected(seed)["posterior"]!r}"' in data["html"]
        assert "katex" in data["html"] and "katexmathinline" not in data["html"]
    assert not re.search(r"katexmath(inline|block)[0-9a-f]", html)


def test_a_broken_generator_stops_the_strict_build_with_the_page_and_line(tmp_path: Path) -> None:
    broken = (
        (ROOT / "tests/fixtures/bayes/screening.py")
        .read_text("utf-8")
        .replace(
            "posterior = sensitivity * prior / evidence", "posterior = sensitivity * prior / (evidence - evidence)"
        )
    )
    result = build_cli(write_course(tmp_path, bayes_course(generator=broken)))
    assert result.returncode == 1
    page = f"{FOLDER}/practice.md"
    assert any(
        f"exercise: Doc file '{page}', line 3: screening.py:make_variant raised for seed 0 (line 24: "
        "ZeroDivisionError: float division by zero)." in line
        for line in errors(result)
    ), result.stderr
    assert "Traceback" not in result.stderr


def test_the_authoring_guides_example_builds_as_written(tmp_path: Path) -> None:
    """The guide's Bayes example (the block, its generator and the drill) is a lesson that builds."""
    guide = (ROOT / "docs" / "authoring.md").read_text("utf-8")
    section = guide.split("### Seeded exercise", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"^````markdown\n(.*?)^````$", section, re.DOTALL | re.MULTILINE)
    (python,) = re.findall(r"^```python\n(.*?)^```$", section, re.DOTALL | re.MULTILINE)
    files = bayes_course(practice="# Practice\n\n" + "\n".join(blocks), generator=python)
    site = build_in_process(write_course(tmp_path, files))
    html = (site / PRACTICE_PAGE / "index.html").read_text("utf-8")
    assert 'id="t02-03-screening"' in html and 'id="t02-03-conditionals"' in html
    assert len(list((site / PRACTICE_PAGE / "t02-03-screening").iterdir())) == 39
