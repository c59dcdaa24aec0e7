"""coursemd.katex_math on its own: markdown-katex's syntax, KaTeX's exact HTML, line-numbered errors."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import markdown
import pytest

from conftest import ROOT
from coursemd.katex_math import KatexMathExtension, MathError, math_as_tex
from coursemd.katex_renderer import KatexRenderer, find_katex_dir
from coursemd.source import set_document

KATEX = find_katex_dir(ROOT)


@pytest.fixture(autouse=True)
def no_host_document() -> None:
    """These tests run the extension alone, as a host that names no file would."""
    set_document("")


def katex_reference(tex: str, display: bool) -> str:
    """KaTeX's own output for `tex`, straight from Node, to compare the extension against."""
    script = (
        "import(process.argv[1]).then(k => process.stdout.write("
        "k.default.renderToString(process.argv[2], {displayMode: process.argv[3] === 'true', throwOnError: true})))"
    )
    entry = (KATEX / "dist" / "katex.mjs").as_uri()
    return subprocess.run(
        ["node", "-e", script, entry, tex, str(display).lower()], capture_output=True, text=True, check=True
    ).stdout


def convert(source: str, **config: object) -> str:
    return markdown.markdown(source, extensions=[KatexMathExtension(cache_dir="", **config)])


def test_inline_math_renders_to_katex_html_exactly() -> None:
    html = convert(r"The joint is $`p(x_1, x_2)`$ here.")
    assert html == f"<p>The joint is {katex_reference('p(x_1, x_2)', False)} here.</p>"


LONG = r"p(x_1)\, p(x_2 \mid x_1)\, p(x_3 \mid x_1, x_2)\, p(x_4 \mid x_1, x_2, x_3)"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Short (it may break at ×, but never needs to): whole, with its full stop.
        (r"A number $`1.18 \times 10^{-38}`$. Next.", '<p>A number <span class="course-nowrap">{0}.</span> Next.</p>'),
        (r"A number $`1.18 \times 10^{-38}`$ and more.", '<p>A number <span class="course-nowrap">{0}</span> and more.</p>'),
        # One piece cannot break: only the marks after it are kept with it.
        (r"See $`x_1`$), then $`y`$ alone.", '<p>See <span class="course-nowrap">{0}),</span> then {1} alone.</p>'),
    ],
)
def test_short_inline_math_is_kept_on_one_line_with_the_mark_after_it(source: str, expected: str) -> None:
    formulas = [tex for tex in (r"1.18 \times 10^{-38}", "x_1", "y") if f"`{tex}`" in source]
    assert convert(source) == expected.format(*(katex_reference(tex, False) for tex in formulas))


def test_a_long_formula_still_breaks_and_shows_the_mark_in_its_last_piece() -> None:
    reference = katex_reference(LONG, False)
    html = convert(f"A product $`{LONG}`$, still fits.")
    end = len(reference) - len("</span></span></span>")
    drawn = '<span class="course-math-mark" data-mark=","></span>'
    assert html == (
        f'<p>A product {reference[:end]}{drawn}{reference[end:]}<span class="course-visually-hidden">,</span>'
        " still fits.</p>"
    )
    assert convert(f"A product $`{LONG}`$ still fits.") == f"<p>A product {reference} still fits.</p>"


def test_display_math_inside_a_paragraph_is_not_wrapped() -> None:
    html = convert(r"In the text $$a = b$$. End.")
    assert "course-" not in html and f"{katex_reference('a = b', True)}." in html


def test_math_block_renders_in_display_mode_exactly() -> None:
    tex = r"\log p(x) = \sum_{t=1}^{T} \log p(x_t \mid x_{<t})"
    html = convert(f"Before.\n\n```math\n{tex}\n```\n\nAfter.")
    assert html == f"<p>Before.</p>\n<p>{katex_reference(tex, True)}</p>\n<p>After.</p>"


def test_no_cdn_stylesheet_is_inserted() -> None:
    html = convert(r"$`x`$")
    assert "<link" not in html and "jsdelivr" not in html


def test_math_inside_code_is_left_alone() -> None:
    html = convert("```python\nprint('$`x`$')\n```")
    assert "katex" not in html


@pytest.mark.parametrize(
    ("source", "line", "tex"),
    [
        ("Fine $`a`$.\n\nBroken $`\\frac{1}{2`$.", 3, r"\frac{1}{2"),
        ("One.\n\nTwo.\n\n```math\nx = 1\n```\n\n```math\n\\sqrt{\n```\n", 9, "\\sqrt{"),
        ("$`\\notacommand{x}`$", 1, r"\notacommand{x}"),
    ],
    ids=["inline", "second-block", "unknown-command"],
)
def test_bad_tex_raises_with_the_line_and_the_tex(source: str, line: int, tex: str) -> None:
    with pytest.raises(MathError) as caught:
        convert(source)
    assert caught.value.line == line
    assert caught.value.tex == tex
    message = str(caught.value)
    assert message.startswith(f"katex: Markdown, line {line}: cannot render the math `{tex}`: KaTeX parse error:")
    assert "\n" not in message


def test_a_warm_cache_starts_no_node_process(tmp_path: Path) -> None:
    cold = KatexRenderer(KATEX, tmp_path)
    first = cold.render(r"e^{i\pi} + 1 = 0", display=False)
    cold.close()
    assert cold.started_processes == 1
    warm = KatexRenderer(KATEX, tmp_path)
    assert warm.render(r"e^{i\pi} + 1 = 0", display=False) == first
    assert warm.started_processes == 0
    warm.close()
    with sqlite3.connect(tmp_path / warm.version / "formulas.sqlite") as db:
        assert db.execute("SELECT html FROM formulas").fetchall() == [(first.html,)]


def test_the_cache_keeps_what_a_stopped_build_rendered_and_survives_a_broken_file(tmp_path: Path) -> None:
    renderer = KatexRenderer(KATEX, tmp_path)
    first = renderer.render("a^2", display=False)
    renderer.flush()  # what each converted page does; the process may then be killed
    again = KatexRenderer(KATEX, tmp_path)
    assert again.render("a^2", display=False) == first and again.started_processes == 0
    renderer.close(), again.close()
    (tmp_path / again.version / "formulas.sqlite").write_bytes(b"not a database")
    broken = KatexRenderer(KATEX, tmp_path)
    try:
        assert broken.render("a^2", display=False) == first  # rendered afresh, and cached again
    finally:
        broken.close()
    cached = KatexRenderer(KATEX, tmp_path)
    assert cached.render("a^2", display=False) == first and cached.started_processes == 0
    cached.close()


def test_one_process_renders_many_formulas(tmp_path: Path) -> None:
    renderer = KatexRenderer(KATEX, None)
    try:
        outputs = {renderer.render(f"x_{{{i}}}", display=False).html for i in range(50)}
    finally:
        renderer.close()
    assert len(outputs) == 50
    assert renderer.started_processes == 1


def test_non_standard_latex_is_a_warning_with_the_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="mkdocs.plugins.coursemd.katex_math"):
        convert("Intro.\n\n$`\\text{naïve}`$")
    # KaTeX accepts the accented letter in \text but flags it as not standard LaTeX.
    messages = [r.getMessage() for r in caplog.records]
    assert all(m.startswith("katex: Markdown, line 3: the math") for m in messages), messages


def test_math_as_tex_gives_each_formula_back_as_its_source() -> None:
    html = convert("Take $`x<y`$, then\n\n```math\n\\frac{a}{b}\n```\n\nand $`z`$.")
    assert math_as_tex(html) == (
        '<p>Take <span class="course-nowrap">x&lt;y,</span> then</p>\n'
        '<p><span class="katex-display">\\frac{a}{b}</span></p>\n'
        '<p>and <span class="course-nowrap">z.</span></p>'
    )
    assert math_as_tex("<p>No math.</p>") == "<p>No math.</p>"
