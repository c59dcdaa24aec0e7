"""coursemd.drill on its own: exact HTML, and every authoring error with its message and line."""

from __future__ import annotations

from textwrap import dedent

import markdown
import pytest
from coursemd.blocks_base import BlockError
from coursemd.katex_math import KatexMathExtension
from coursemd.source import set_document

PAGE = "lesson_src/t01/01-events/practice.md"


@pytest.fixture(autouse=True)
def host_document() -> None:
    """Messages name the file the host declares."""
    set_document(PAGE)
    yield
    set_document("")


def convert(source: str) -> str:
    md = markdown.Markdown(
        extensions=["coursemd.drill", "coursemd.quiz", KatexMathExtension(cache_dir=""), "pymdownx.superfences"],
    )
    return md.convert(dedent(source))


def katex(tex: str, after: str = "") -> str:
    """KaTeX's inline HTML for `tex`, as coursemd.katex_math renders it on a page, with the
    punctuation `after` it (kept together with the formula)."""
    html = markdown.markdown(f"$`{tex}`${after}", extensions=[KatexMathExtension(cache_dir="")])
    return html.removeprefix("<p>").removesuffix("</p>")


DRILL = """\
    /// drill | Find the leak
        id: leaks

    A decoder over $`T`$ tokens:

    1. Shift the targets left by one.
    2. [bug] Keep `tril(ones(T, T), diagonal=1)`.

    Position $`t`$ sees $`t + 1`$.

    ---

    A causal MADE:

    1. Hidden masks use ≥.
    2. The output mask is strict.

    No bug: the strict output mask is enough.
    ///
    """


# --- Rendering -------------------------------------------------------------------------------


def test_drill_renders_exactly() -> None:
    expected = f"""\
<div class="drill" data-items="2" data-widget="drill" id="leaks">
<p class="drill__title">Find the leak</p>
<ol class="drill__items">
<li class="drill__item" data-bug="2" id="leaks-m1">
<div class="drill__description">
<p>A decoder over {katex("T")} tokens:</p>
</div>
<p class="drill__prompt" id="leaks-m1-prompt">Is this model causal? If it leaks the future, which line leaks?</p>
<ol class="drill__steps">
<li class="drill__step">Shift the targets left by one.</li>
<li class="drill__step" data-bug="true">Keep <code>tril(ones(T, T), diagonal=1)</code>.</li>
</ol>
<details class="drill__answer">
<summary>Answer</summary>
<p class="drill__key">It leaks the future: the bug is in line 2.</p>
<div class="drill__explanation">
<p>Position {katex("t")} sees {katex("t + 1", ".")}</p>
</div>
</details>
</li>
<li class="drill__item" data-bug="none" id="leaks-m2">
<div class="drill__description">
<p>A causal MADE:</p>
</div>
<p class="drill__prompt" id="leaks-m2-prompt">Is this model causal? If it leaks the future, which line leaks?</p>
<ol class="drill__steps">
<li class="drill__step">Hidden masks use ≥.</li>
<li class="drill__step">The output mask is strict.</li>
</ol>
<details class="drill__answer">
<summary>Answer</summary>
<p class="drill__key">Causal: no line sees the future.</p>
<div class="drill__explanation">
<p>No bug: the strict output mask is enough.</p>
</div>
</details>
</li>
</ol>
</div>"""
    assert convert(DRILL) == expected


def test_default_ids_and_a_quiz_on_the_same_page() -> None:
    """Each block kind claims its own header and item lines, and counts its own ids."""
    html = convert("/// quiz\nQ?\n\n- [x] A\n- [ ] B\n///\n\n/// drill\nM.\n\n1. [BUG] a\n2. b\n\nWhy.\n///\n")
    assert 'id="quiz-1"' in html and 'id="drill-1"' in html and 'data-bug="1"' in html


OFF_BY_ONE = """\
    /// drill | Off by one?
        id: loops
        verdicts: [Has a bug, Correct]
        bug: off-by-one
        item: [loop, loops]
        question: Does this loop visit every element once?

    Sum a list `xs` of `n` numbers:

    1. `total = 0`
    2. [bug] `for i in range(1, n):`
    3. `    total += xs[i]`

    `range(1, n)` skips `xs[0]`.

    ---

    Sum it again:

    1. `total = 0`
    2. `for x in xs: total += x`

    Every element, once.
    ///
    """


def test_a_drill_about_another_bug_carries_its_words() -> None:
    """The options reach the widget as data attributes; the static view says them itself."""
    html = convert(OFF_BY_ONE)
    assert html.startswith(
        '<div class="drill" data-bug="off-by-one" data-item="[&quot;loop&quot;,&quot;loops&quot;]" data-items="2" '
        'data-verdicts="[&quot;Has a bug&quot;,&quot;Correct&quot;]" data-widget="drill" id="loops">\n'
    )
    assert html.count('<p class="drill__prompt" id="loops-m1-prompt">Does this loop visit every element once?</p>') == 1
    assert '<p class="drill__key">Has a bug: the off-by-one is in line 2.</p>' in html
    assert '<p class="drill__key">Correct.</p>' in html


def test_default_words_for_another_bug_and_a_causal_drill_unchanged() -> None:
    html = convert("/// drill\n    verdicts: [Wrong, Right]\n\nM.\n\n1. [bug] a\n2. b\n\nWhy.\n///\n")
    assert "Is this model right? If not, which line has the bug?</p>" in html
    assert '<p class="drill__key">Wrong: the bug is in line 1.</p>' in html and 'data-bug="bug"' in html
    causal = convert(
        "/// drill\n    item: network\n    line_question: Which layer sees ahead?\n\nM.\n\n1. a\n2. b\n\nWhy.\n///\n"
    )
    assert "Is this network causal? If it leaks the future, which line leaks?</p>" in causal
    assert 'data-line-question="Which layer sees ahead?"' in causal and "data-verdicts" not in causal
    assert '<p class="drill__key">Causal: no line sees the future.</p>' in causal


# --- Authoring errors ------------------------------------------------------------------------

STEPS = "\n\n1. a\n2. b\n\nWhy.\n"
ERRORS = [
    (
        "empty",
        "/// drill\n///\n",
        1,
        "has no models. Describe a model, list its steps as a numbered list and mark the leaking one with '[bug]'.",
    ),
    (
        "no steps",
        "/// drill\nM." + STEPS + "\n---\n\nA model with bullets:\n\n- a\n- b\n///\n",
        11,
        (
            "model 2 has no numbered list of steps. List the model's steps as '1.', '2.', ... "
            "and start the leaking one with '[bug]'."
        ),
    ),
    (
        "no description",
        "/// drill\n1. a\n2. b\n\nWhy.\n///\n",
        2,
        "model 1 has no description. Say what the model is above its steps.",
    ),
    (
        "one step",
        "/// drill\nM.\n\n1. [bug] a\n\nWhy.\n///\n",
        2,
        "model 1 has only one step. Break the model into at least two steps.",
    ),
    (
        "no explanation",
        "/// drill\nM.\n\n1. a\n2. b\n///\n",
        2,
        (
            "model 1 has no explanation. Add a paragraph after the steps saying where the leak is, "
            "or why the model is causal."
        ),
    ),
    (
        "two bugs",
        "/// drill\nM.\n\n1. [bug] a\n2. [bug] b\n\nWhy.\n///\n",
        5,
        (
            "model 1 marks 2 steps with '[bug]'. Mark only the first step that breaks causality, "
            "and explain the others in the explanation."
        ),
    ),
    (
        "unknown marker",
        "/// drill\nM.\n\n1. a\n2. [x] b\n\nWhy.\n///\n",
        5,
        (
            "model 1, step 2 starts with the unknown marker '[x]'. "
            "Mark the step that leaks with '[bug]' and leave the others unmarked."
        ),
    ),
    (
        "empty model",
        "/// drill\nM." + STEPS + "\n---\n\n///\n",
        9,
        "model 2 is empty. Remove the extra '---' or write the missing model.",
    ),
    (
        "separator under text",
        "/// drill\nM.\n\n1. a\n2. b\n\nWhy.\n---\n\nM2.\n///\n",
        8,
        (
            "the '---' on this line follows text directly, so Markdown reads that text as a heading. "
            "Put a blank line before '---'."
        ),
    ),
    (
        "unknown option",
        "/// drill\n    shuffle: true\n\nM." + STEPS + "///\n",
        2,
        "unknown option 'shuffle'. Use one of: id, question, verdicts, line_question, bug, item.",
    ),
    (
        "one verdict",
        "/// drill\n    verdicts: [Wrong]\n\nM." + STEPS + "///\n",
        2,
        (
            "'verdicts: ['Wrong']' is not a list of two verdicts. "
            "Give the verdict for a model with the bug, then the one without, e.g. 'verdicts: [Has a bug, Correct]'."
        ),
    ),
    (
        "verdicts alike",
        "/// drill\n    verdicts: [Fine, fine]\n\nM." + STEPS + "///\n",
        2,
        "the two verdicts are the same, 'Fine'. Give two different verdicts.",
    ),
    (
        "bug without verdicts",
        "/// drill\n    bug: typo\n\nM." + STEPS + "///\n",
        2,
        (
            "'bug' names the bug in the feedback of a drill with its own verdicts, and this one has none. "
            "Add 'verdicts: [...]', or remove 'bug' (a drill without verdicts is about leaking the future)."
        ),
    ),
    (
        "question not text",
        "/// drill\n    question: [a, b]\n\nM." + STEPS + "///\n",
        2,
        "'question: ['a', 'b']' is not text. Write the question as text, or leave it out.",
    ),
    (
        "item not a word",
        "/// drill\n    item: [a, b, c]\n\nM." + STEPS + "///\n",
        2,
        "'item: ['a', 'b', 'c']' is not a word. Write 'item: derivation', or 'item: [query, queries]'.",
    ),
    (
        "duplicate id",
        "/// drill\n    id: d\n\nM." + STEPS + "///\n\n/// drill\n    id: d\n\nM." + STEPS + "///\n",
        12,
        "the id 'd' is already used by another drill on this page. Give each one its own id.",
    ),
]


@pytest.mark.parametrize(("source", "line", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_authoring_error(source: str, line: int, message: str) -> None:
    with pytest.raises(BlockError) as caught:
        convert(source)
    assert str(caught.value) == f"drill: Doc file '{PAGE}', line {line}: {message}"
