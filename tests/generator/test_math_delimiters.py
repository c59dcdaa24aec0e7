"""The dollar and bracket math syntax ($x$, $$..$$, \\(..\\), \\[..\\]) renders as markdown-katex's does."""

from __future__ import annotations

import markdown
import pytest
from coursemd.katex_math import KatexMathExtension, MathError, UnclosedMathError
from coursemd.source import set_document

EXTENSIONS = ["admonition", "pymdownx.superfences"]
PAGE = "lessons/t19/01/lesson.md"


@pytest.fixture(autouse=True)
def no_host_document() -> None:
    """These tests run the extension alone, as a host that names no file would (unless one says so)."""
    set_document("")


def convert(source: str) -> str:
    return markdown.markdown(source, extensions=[KatexMathExtension(cache_dir=""), *EXTENSIONS])


def inline(tex: str, after: str = "") -> str:
    """markdown-katex's inline HTML for `tex` (the syntax that worked before this one), with the
    punctuation `after` it (kept together with the formula)."""
    html = convert(f"$`{tex}`${after}")
    assert html.startswith("<p>") and html.endswith("</p>")
    return html[len("<p>") : -len("</p>")]


def katex(tex: str) -> str:
    """The shared renderer's inline HTML for `tex` (markdown-katex's inline cannot span lines)."""
    return KatexMathExtension(cache_dir="").renderer().render(tex, display=False).html


def display(tex: str) -> str:
    """KaTeX's display HTML for `tex`, as a ```math fence renders it (without the fence's `<p>`)."""
    html = convert(f"```math\n{tex}\n```")
    assert html.startswith("<p>") and html.endswith("</p>")
    return html[len("<p>") : -len("</p>")]


# --- Inline ---------------------------------------------------------------------------------


@pytest.mark.parametrize("tex", ["x", r"p(x_t \mid x_{<t})", r"\frac{1}{2}", r"a_1, a_2 \$"])
def test_dollar_inline_is_markdown_katex_inline_exactly(tex: str) -> None:
    assert convert(f"The joint is ${tex}$ here.") == convert(f"The joint is $`{tex}`$ here.")


def test_bracket_inline_is_markdown_katex_inline_exactly() -> None:
    assert convert(r"Let \(x^2\) be.") == convert(r"Let $`x^2`$ be.")


def test_inline_math_may_wrap_onto_the_next_line_of_its_paragraph() -> None:
    wrapped = katex("a +\nb")  # short: kept on one line with its comma (katex_math.kept_together)
    assert convert("Here $a +\nb$, done.") == f'<p>Here <span class="course-nowrap">{wrapped},</span> done.</p>'


def test_several_formulas_on_a_line_and_next_to_each_other() -> None:
    assert convert(r"$a$, \(b\) and $c$$d$") == f"<p>{inline('a', ',')} {inline('b')} and {inline('c')}{inline('d')}</p>"


# --- Display --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "math",
    ["$$\nx^2 + y^2\n$$", "$$ x^2 + y^2 $$", "\\[\nx^2 + y^2\n\\]", "\\[x^2 + y^2\\]"],
    ids=["dollars-own-lines", "dollars-one-line", "brackets-own-lines", "brackets-one-line"],
)
def test_display_math_in_its_own_paragraph_is_the_math_fence_exactly(math: str) -> None:
    fence = convert("Before.\n\n```math\nx^2 + y^2\n```\n\nAfter.")
    assert convert(f"Before.\n\n{math}\n\nAfter.") == fence
    assert fence == f"<p>Before.</p>\n<p>{display('x^2 + y^2')}</p>\n<p>After.</p>"


def test_display_math_written_in_a_sentence_stays_in_its_paragraph() -> None:
    assert convert("So $$x = 1$$ holds, as does \\[y = 2\\].") == (
        f"<p>So {display('x = 1')} holds, as does {display('y = 2')}.</p>"
    )


def test_display_math_on_its_own_lines_inside_a_paragraph_keeps_the_paragraph() -> None:
    # A blank line added around it would end the paragraph (or a list item indented < 4).
    math = display("a \\\\\nb")
    assert convert("We get\n$$\na \\\\\nb\n$$\nfor all a.") == f"<p>We get\n{math}\nfor all a.</p>"


def test_display_math_in_a_tight_list_item() -> None:
    source = "- The chain rule:\n    $$\n    p(x) = \\prod_i p(x_i)\n    $$\n- Next item"
    math = display("p(x) = \\prod_i p(x_i)")
    assert convert(source) == (f"<ul>\n<li>The chain rule:\n    {math}</li>\n<li>Next item</li>\n</ul>")


def test_display_math_as_a_paragraph_of_a_list_item() -> None:
    source = "1. The chain rule:\n\n    \\[\n    p(x) = \\prod_i p(x_i)\n    \\]\n\n2. Next item"
    math = display("p(x) = \\prod_i p(x_i)")
    assert convert(source) == (
        f"<ol>\n<li>\n<p>The chain rule:</p>\n<p>{math}</p>\n</li>\n<li>\n<p>Next item</p>\n</li>\n</ol>"
    )


def test_display_math_in_an_admonition() -> None:
    source = "!!! note\n    $$\n    x^2\n    $$\n\n    The rule\n    $$\n    y^2\n    $$\n    holds."
    assert convert(source) == (
        '<div class="admonition note">\n'
        '<p class="admonition-title">Note</p>\n'
        f"<p>{display('x^2')}</p>\n"
        f"<p>The rule\n{display('y^2')}\nholds.</p>\n"
        "</div>"
    )


def test_display_math_in_a_blockquote_loses_the_quote_markers() -> None:
    math = display("a +\nb")
    html = convert("> Quote:\n>\n> $$\n> a +\n> b\n> $$")
    assert html == f"<blockquote>\n<p>Quote:</p>\n<p>{math}</p>\n</blockquote>"


def test_blocks_and_one_line_formulas_keep_the_line_count() -> None:
    md = markdown.Markdown(extensions=[KatexMathExtension(cache_dir=""), *EXTENSIONS])
    lines = ["Text $x$ and \\(y\\).", "", "$$", "a", "$$", "", "- item", "", "    \\[", "    b", "    \\]"]
    out = md.preprocessors["katex_fenced_code_block"].run(list(lines))
    assert len(out) == len(lines)
    assert out[2].startswith("katexmathblock") and out[3:5] == ["", ""]
    assert out[8].startswith("    katexmathblock") and out[9:] == ["", ""]


def test_a_formula_spanning_lines_inside_a_paragraph_becomes_one_line() -> None:
    # No filler line would do: a blank one ends the paragraph, any other shows on the page.
    md = markdown.Markdown(extensions=[KatexMathExtension(cache_dir=""), *EXTENSIONS])
    out = md.preprocessors["katex_fenced_code_block"].run(["- item", "    $$", "    a", "    $$", "- next"])
    assert len(out) == 3 and out[1].startswith("    katexmathinline") and out[2] == "- next"


def test_the_anki_export_gets_the_tex_and_whether_it_is_display() -> None:
    extension = KatexMathExtension(cache_dir="")
    markdown.markdown("$a$ \\(b\\) $$c$$\n\n\\[\nd\n\\]", extensions=[extension])
    assert sorted(extension.math_source.values()) == [("a", False), ("b", False), ("c", True), ("d", True)]


# --- What stays text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("It costs $5 and $10.", "<p>It costs $5 and $10.</p>"),
        ("It costs $5.", "<p>It costs $5.</p>"),
        ("Between $5,\nand $6.", "<p>Between $5,\nand $6.</p>"),
        ("US$5 and US$6", "<p>US$5 and US$6</p>"),
        (r"Write \$x\$ for dollars.", "<p>Write $x$ for dollars.</p>"),
        ("Not $ x$ either.", "<p>Not $ x$ either.</p>"),
        ("Not $x $ either.", "<p>Not $x $ either.</p>"),
        ("Not $x$5 either.", "<p>Not $x$5 either.</p>"),
        ("Say $a\n- b$ here", "<p>Say $a\n- b$ here</p>"),
        (r"An escaped \(parenthesis.", "<p>An escaped (parenthesis.</p>"),
    ],
    ids=[
        "two-prices",
        "price",
        "prices-on-two-lines",
        "currency",
        "escaped",
        "space-after",
        "space-before",
        "digit-after",
        "new-list-item",
        "unclosed-paren",
    ],
)
def test_money_and_lone_delimiters_stay_text(source: str, html: str) -> None:
    assert convert(source) == html


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("Type `$x$` or `\\$`.", "<p>Type <code>$x$</code> or <code>\\$</code>.</p>"),
        ("Type ``a `$x$` b``.", "<p>Type <code>a `$x$` b</code>.</p>"),
        ("A `$x\nspan$` over lines.", "<p>A <code>$x\nspan$</code> over lines.</p>"),
        ("From $10 up, see `$x$`.", "<p>From $10 up, see <code>$x$</code>.</p>"),
        ("Not $a `b` c$ either.", "<p>Not $a <code>b</code> c$ either.</p>"),
    ],
    ids=["code-span", "double-backticks", "two-lines", "price-then-code", "code-inside-dollars"],
)
def test_inline_code_is_left_alone(source: str, html: str) -> None:
    assert convert(source) == html


@pytest.mark.parametrize("fence", ["```", "````", "~~~", "~~~~"])
def test_fenced_code_is_left_alone(fence: str) -> None:
    html = convert(f"{fence}\n$x$ $$y$$ \\(z\\) \\[w\\]\n$$\n{fence}\n\nAfter $v$.")
    assert "$x$ $$y$$ \\(z\\) \\[w\\]\n$$" in html
    assert html.endswith(f"<p>After {inline('v', '.')}</p>")


def test_fenced_code_in_a_list_item_is_left_alone() -> None:
    html = convert("- Shell:\n\n    ```text\n    costs $5 and $x$\n    ```\n\n- $x$")
    assert "costs $5 and $x$" in html and inline("x") in html.split("costs $5 and $x$", 1)[1]


def test_markdown_katex_syntax_is_unchanged_next_to_the_new_one() -> None:
    html = convert("$`a`$ and $b$, `$c$`, $`d`$")
    assert html == f"<p>{inline('a')} and {inline('b', ',')} <code>$c$</code>, {inline('d')}</p>"


@pytest.mark.parametrize(
    ("source", "html"),
    [
        (
            "Write `$...$` in a sentence, `$$...$$` alone.",
            "<p>Write <code>$...$</code> in a sentence, <code>$$...$$</code> alone.</p>",
        ),
        ("Type `a$` or `$b`.", "<p>Type <code>a$</code> or <code>$b</code>.</p>"),
    ],
    ids=["dollars-in-two-spans", "dollar-ends-and-starts-spans"],
)
def test_code_spans_around_dollars_are_not_markdown_katex_math(source: str, html: str) -> None:
    # markdown-katex's own scanner paired the backticks of two code spans into "$` ... `$"
    # math (and raised IndexError on the last line); Markdown reads the code spans first.
    assert convert(source) == html


def test_markdown_katex_inline_is_read_before_dollars_around_it() -> None:
    # Its backticks are read with the code spans, before any `$..$`, as markdown-katex read them.
    assert convert("x $a$`b`$c$") == f"<p>x $a{inline('b')}c$</p>"


def test_markdown_katex_inline_with_two_backticks_may_hold_one() -> None:
    assert convert("$``a`b``$") == convert("$a`b$")


# --- Errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "line", "tex"),
    [
        ("Fine $a$.\n\nBroken $\\frac{1}{2$.", 3, r"\frac{1}{2"),
        ("Broken \\(\\sqrt{\\).", 1, r"\sqrt{"),
        ("One.\n\n$$\n\\frac{1}{\n$$\n", 3, r"\frac{1}{"),
        ("One. $$\\frac{1}{$$ two.", 1, r"\frac{1}{"),
        ("One.\n\n- item\n    \\[\n    \\frac{1}{\n    \\]", 4, r"\frac{1}{"),
        ("Text that\nwraps $\\frac{1}\n{2$ here.", 2, "\\frac{1}\n{2"),
        ("We have\n$$\na\n$$\nand\n\n$`\\frac{1}{`$ later.", 7, r"\frac{1}{"),
        ("```\n$x$\n```\n\n$\\sqrt{$", 5, r"\sqrt{"),
    ],
    ids=[
        "dollar",
        "paren",
        "dollars-block",
        "dollars-in-text",
        "bracket-in-list",
        "wrapped",
        "after-joined-lines",
        "after-fence",
    ],
)
def test_bad_tex_names_the_line_the_formula_starts_on_after_front_matter(source: str, line: int, tex: str) -> None:
    set_document(PAGE, 4)  # four lines of front matter stripped by MkDocs
    with pytest.raises(MathError) as caught:
        convert(source)
    assert caught.value.line == line + 4
    assert caught.value.tex == tex
    message = str(caught.value)
    assert message.startswith(f"katex: Doc file '{PAGE}', line {line + 4}: cannot render the math `")
    assert "KaTeX parse error" in message


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "Intro.\n\n$$\nx = 1\n\nMore text.",
            (
                f"katex: Doc file '{PAGE}', line 5: the display math opened with `$$` has no closing `$$` before the "
                "blank line on line 7. Close it with `$$` (display math cannot contain a blank line), or write `\\$` "
                "for a literal dollar sign."
            ),
        ),
        (
            "Intro.\n\n- item\n    \\[\n    x = 1",
            (
                f"katex: Doc file '{PAGE}', line 6: the display math opened with `\\[` has no closing `\\]` before the "
                "end of the file. Close it with `\\]` (display math cannot contain a blank line), or write `[` for a "
                "literal bracket."
            ),
        ),
        (
            "It costs $$ five\n```\ncode\n```",
            (
                f"katex: Doc file '{PAGE}', line 3: the display math opened with `$$` has no closing `$$` before the "
                "fenced code block on line 4. Close it with `$$` (display math cannot contain a blank line), or write "
                "`\\$` for a literal dollar sign."
            ),
        ),
    ],
    ids=["dollars-blank-line", "bracket-end-of-file", "dollars-before-fence"],
)
def test_unclosed_display_math_stops_the_build_with_the_line(source: str, message: str) -> None:
    set_document(PAGE, 2)
    with pytest.raises(UnclosedMathError) as caught:
        convert(source)
    assert str(caught.value) == message


def test_markdown_katex_math_never_closed_stops_the_build_with_the_line() -> None:
    # "$`x`" lacks its closing "$": shown as text it would leak the TeX (and once raised IndexError).
    set_document(PAGE, 2)
    with pytest.raises(UnclosedMathError) as caught:
        convert("Intro.\n\nA line ending in $`x`")
    assert str(caught.value) == (
        f"katex: Doc file '{PAGE}', line 5: the inline math opened with `$`` has no closing ``$` before the end of "
        "its line. Close it with ``$` on the same line."
    )


def test_non_standard_latex_in_the_new_syntax_is_a_warning_with_the_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="mkdocs.plugins.coursemd.katex_math"):
        convert("Intro.\n\n$x^{é}$")  # KaTeX renders an accented letter in math mode, but flags it
    messages = [record.getMessage() for record in caplog.records]
    assert messages and all(m.startswith("katex: Markdown, line 3: the math") for m in messages), messages
