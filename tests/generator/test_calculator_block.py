"""The `/// calculator` block alone: its exact HTML, its build-time math, and its author errors."""

from __future__ import annotations

import re
import textwrap

import markdown
import pytest

import coursemd.calculator as calculator
from coursemd.blocks_base import BlockError
from coursemd.calculator import CalculatorExtension
from coursemd.source import set_document


def fake_tex(md: object, source: str, *, display: bool = False) -> str:
    """Stand-in for KaTeX, so the expected HTML shows the TeX the block asks for."""
    return f"<tex{' display' if display else ''}>{source}</tex>"


@pytest.fixture()
def plain_tex(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calculator, "tex", fake_tex)


@pytest.fixture(autouse=True)
def lesson_document() -> None:
    """Messages name the file the host declares; lines count its front matter too."""
    set_document("lesson_src/t01/01-events/lesson.md", 3)


def convert(source: str) -> str:
    md = markdown.Markdown(extensions=[CalculatorExtension(), "pymdownx.superfences"])
    return md.convert(textwrap.dedent(source))


EXPECTED_STATIC = (
    '<div class="nll-calc" data-logits="[2.0,1.0,0.5,-1.0]" '
    'data-rows="[[&quot;the&quot;,&quot;0.4&quot;],[&quot;cat&quot;,&quot;0.5&quot;],'
    '[&quot;sat&quot;,&quot;0.6&quot;]]" '
    'data-target="0" data-vocabulary="[&quot;the&quot;,&quot;cat&quot;,&quot;dog&quot;,&quot;mat&quot;]" '
    'data-widget="calculator" id="calculator-1">\n'
    '<div class="nll-calc__static"><p class="nll-calc__note">The sequence <q>the cat sat</q>, worked out. '
    "With JavaScript on, this is a calculator you can edit.</p>"
    r"<tex display>\begin{aligned} p(x_1, x_2, x_3) &= \prod_{i=1}^{3} p(x_i \mid x_{<i}) \\ "
    r"&= 0.4 \times 0.5 \times 0.6 \\ &= 0.12 \end{aligned}</tex>"
    '<div class="nll-calc__scroll" role="region" tabindex="0" aria-label="Per-token surprisal">'
    '<table class="nll-calc__table"><caption>Per-token surprisal of the sequence</caption>'
    '<thead><tr><th scope="col">i</th><th scope="col">token</th><th scope="col">conditional</th>'
    '<th scope="col">−ln p (nats)</th><th scope="col">−log₂ p (bits)</th></tr></thead><tbody>'
    "<tr><td>1</td><td><code>the</code></td><td><tex>p(x_1)</tex> = 0.4</td><td>0.9163</td><td>1.3219</td></tr>"
    r"<tr><td>2</td><td><code>cat</code></td><td><tex>p(x_{2} \mid x_{<2})</tex> = 0.5</td>"
    "<td>0.6931</td><td>1.0000</td></tr>"
    r"<tr><td>3</td><td><code>sat</code></td><td><tex>p(x_{3} \mid x_{<3})</tex> = 0.6</td>"
    "<td>0.5108</td><td>0.7370</td></tr>"
    "</tbody></table></div>"
    r'<ul class="nll-calc__totals"><li>NLL: <tex>-\ln p(x) = \sum_i -\ln p(x_i \mid x_{<i})</tex> = '
    "<strong>2.1203 nats</strong> = <strong>3.0589 bits</strong></li>"
    "<li>Mean per token: 0.7068 nats = 1.0196 bits</li>"
    r"<li>Perplexity: <tex>\exp(\text{mean nats})</tex> = <strong>2.0274</strong></li></ul>"
)


def test_worked_example_renders_statically(plain_tex: None) -> None:
    """The lesson's example (0.4, 0.5, 0.6) worked out: joint 0.12, 2.1203 nats, 3.0589 bits, PPL 2.0274."""
    html = convert(
        """
        /// calculator
        the | 0.4
        cat | 0.5
        sat | 0.6
        ///
        """
    )
    assert html.startswith(EXPECTED_STATIC), html
    assert html.endswith("</details></div>\n</div>")


def test_softmax_options_render_their_step(plain_tex: None) -> None:
    html = convert(
        """
        /// calculator
            vocabulary: [a, b, c]
            logits: [2, 1, 0.1]
            target: b

        a | 1/3
        ///
        """
    )
    assert 'data-vocabulary="[&quot;a&quot;,&quot;b&quot;,&quot;c&quot;]"' in html
    assert 'data-logits="[2.0,1.0,0.1]"' in html and 'data-target="1"' in html
    assert "<tr><td><code>a</code></td><td>2.00</td><td>0.6590</td></tr>" in html
    assert "For the token <code>b</code>:" in html
    assert "= 2.4170 − 1.00 = <strong>1.4170 nats</strong> (2.0443 bits)." in html


def test_long_and_tiny_sequences_show_scientific_notation(plain_tex: None) -> None:
    rows = "\n".join(f"t{i} | 1e-5" for i in range(1, 41))
    html = convert(f"/// calculator\n{rows}\n///\n")
    assert r"p(x_1, \dots, x_{40}) &= \prod_{i=1}^{40} p(x_i \mid x_{<i})" in html
    assert r"&= 1 \times 10^{-5} \times \cdots \\ &= 1.00 \times 10^{-200} \end{aligned}" in html


def test_two_blocks_get_two_ids(plain_tex: None) -> None:
    html = convert("/// calculator\na | 0.5\n///\n\n/// calculator\nb | 0.5\n///\n")
    assert re.findall(r'id="(calculator-\d)"', html) == ["calculator-1", "calculator-2"]


def test_static_math_is_katex_at_build_time() -> None:
    html = markdown.Markdown(extensions=[CalculatorExtension(), "coursemd.katex_math"]).convert(
        "/// calculator\nthe | 0.4\n///\n"
    )
    assert html.count('class="katex"') >= 3 and "katex-display" in html


def test_token_text_is_escaped(plain_tex: None) -> None:
    html = convert("/// calculator\n<b>&amp; | 0.5\n///\n")
    assert "<code>&lt;b&gt;&amp;amp;</code>" in html and "<b>" not in html


PATH = "lesson_src/t01/01-events/lesson.md"


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        (
            "Text.\n\n/// calculator\nthe | 0.4\ncat | 1.5\n///\n",
            5,
            "the probability '1.5' of 'cat' is not in (0, 1] (A probability cannot be greater than 1). "
            "Give a conditional probability greater than 0 and at most 1, e.g. 0.5, 1/3 or 1e-5.",
        ),
        (
            "/// calculator\nthe | 0\n///\n",
            2,
            "the probability '0' of 'the' is not in (0, 1] (a probability of 0 makes the example infinite). "
            "Give a conditional probability greater than 0 and at most 1, e.g. 0.5, 1/3 or 1e-5.",
        ),
        (
            "/// calculator\nthe | -0.2\n///\n",
            2,
            "the probability '-0.2' of 'the' is not in (0, 1] (A probability cannot be negative). "
            "Give a conditional probability greater than 0 and at most 1, e.g. 0.5, 1/3 or 1e-5.",
        ),
        (
            "/// calculator\nthe | lots\n///\n",
            2,
            "the probability 'lots' of 'the' is not in (0, 1] (Not a number: write a decimal (0.25), a fraction "
            "(1/4) or scientific notation (2.5e-1)). Give a conditional probability greater than 0 and at most 1, "
            "e.g. 0.5, 1/3 or 1e-5.",
        ),
        (
            "/// calculator\nthe | 0.4\ncat 0.5\n///\n",
            3,
            "the row 'cat 0.5' is not 'token | probability'. Write one token per line, then '|', then its "
            "conditional probability, e.g. 'cat | 0.5'.",
        ),
        (
            "/// calculator\n | 0.5\n///\n",
            2,
            "the row '| 0.5' is not 'token | probability'. Write one token per line, then '|', then its "
            "conditional probability, e.g. 'cat | 0.5'.",
        ),
        (
            "/// calculator\n///\n",
            1,
            "has no rows. Write one 'token | probability' line per token, e.g. 'the | 0.4'.",
        ),
        (
            "/// calculator\n    colour: red\n\nthe | 0.5\n///\n",
            2,
            "unknown option 'colour'. Use one of: vocabulary, logits, target.",
        ),
        (
            "/// calculator\n    vocabulary: [a]\n    logits: [1]\n\nthe | 0.5\n///\n",
            2,
            "the softmax vocabulary has 1 token(s). Give 'vocabulary' between 2 and 8 tokens, e.g. [the, cat, dog].",
        ),
        (
            "/// calculator\n    vocabulary: [a, b]\n    logits: [1]\n\nthe | 0.5\n///\n",
            3,
            "'logits' has 1 value(s) for 2 vocabulary tokens. Give one logit per vocabulary token, in the same order.",
        ),
        (
            "/// calculator\n    vocabulary: [a, b]\n    logits: [1, x]\n\nthe | 0.5\n///\n",
            3,
            "the logit 'x' is not usable (Not a number: write a decimal (0.25), a fraction (1/4) or scientific "
            "notation (2.5e-1)). Give each logit as a number.",
        ),
        (
            "/// calculator\n    vocabulary: [a, b]\n    logits: [1, 2]\n    target: c\n\nthe | 0.5\n///\n",
            4,
            "the target 'c' is not in the vocabulary. Use one of: a, b.",
        ),
        (
            "/// calculator | Title\nthe | 0.5\n///\n",
            1,
            "takes no title after the name. Write '/// calculator' alone.",
        ),
    ],
    ids=[
        "above-one",
        "zero",
        "negative",
        "not-a-number",
        "no-bar",
        "empty-token",
        "no-rows",
        "unknown-option",
        "vocabulary-too-small",
        "logit-count",
        "bad-logit",
        "unknown-target",
        "title",
    ],
)
def test_author_errors_name_file_line_and_fix(source: str, line: int, message: str) -> None:
    with pytest.raises(BlockError) as caught:
        convert(source)
    # The host stripped 3 front-matter lines, so Markdown line n is line n + 3 of the file.
    assert str(caught.value) == f"calculator: Doc file '{PATH}', line {line + 3}: {message}"
