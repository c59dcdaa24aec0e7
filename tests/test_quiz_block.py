"""coursemd.quiz on its own: exact HTML, and every authoring error with its message and line."""

from __future__ import annotations

from textwrap import dedent

import markdown
import pytest
from coursemd.blocks_base import BlockError
from coursemd.katex_math import KatexMathExtension
from coursemd.source import set_document

PAGE = "lesson_src/t19/02-autoregressive-models/practice.md"


@pytest.fixture(autouse=True)
def host_document() -> None:
    """Messages name the file the host declares."""
    set_document(PAGE)
    yield
    set_document("")


def convert(source: str, *extra: object) -> str:
    md = markdown.Markdown(
        extensions=["coursemd.quiz", KatexMathExtension(cache_dir=""), "pymdownx.superfences", *extra],
    )
    return md.convert(dedent(source))


def katex(tex: str) -> str:
    """KaTeX's inline HTML for `tex`, as coursemd.katex_math renders it on a page."""
    html = markdown.markdown(f"$`{tex}`$", extensions=[KatexMathExtension(cache_dir="")])
    return html.removeprefix("<p>").removesuffix("</p>")


QUIZ = """\
    Before.

    /// quiz | Check yourself
        id: small
        shuffle: true

    Is $`p(x)`$ a *product*?

    - [ ] No.
    - [X] Yes, by the chain rule.

    Because each factor is a conditional.

    ```python
    loss = -log_p.sum()
    ```

    ---

    Pick the `exact` ones:

    - [x] The chain rule.
    - [ ] A finite context.
    - [x] The KV cache.
    ///

    After.
    """


# --- Rendering -------------------------------------------------------------------------------


def test_quiz_renders_exactly() -> None:
    expected = f"""\
<p>Before.</p>
<div class="quiz" data-questions="2" data-shuffle="true" data-widget="quiz" id="small">
<p class="quiz__title">Check yourself</p>
<ol class="quiz__questions">
<li class="quiz__question" data-multiple="false" id="small-q1">
<div class="quiz__stem" id="small-q1-stem">
<p>Is {katex("p(x)")} a <em>product</em>?</p>
</div>
<ul class="quiz__options">
<li class="quiz__option" data-correct="false"><span class="quiz__letter">A.</span> No.</li>
<li class="quiz__option" data-correct="true"><span class="quiz__letter">B.</span> Yes, by the chain rule.</li>
</ul>
<details class="quiz__answer">
<summary>Answer</summary>
<p class="quiz__key">Answer: B.</p>
<div class="quiz__explanation">
<p>Because each factor is a conditional.</p>
<div class="highlight"><pre><span></span><code><span class="n">loss</span> <span class="o">=</span> <span class="o">-</span><span class="n">log_p</span><span class="o">.</span><span class="n">sum</span><span class="p">()</span>
</code></pre></div>
</div>
</details>
</li>
<li class="quiz__question" data-multiple="true" id="small-q2">
<div class="quiz__stem" id="small-q2-stem">
<p>Pick the <code>exact</code> ones:</p>
</div>
<p class="quiz__hint">Select all that apply.</p>
<ul class="quiz__options">
<li class="quiz__option" data-correct="true"><span class="quiz__letter">A.</span> The chain rule.</li>
<li class="quiz__option" data-correct="false"><span class="quiz__letter">B.</span> A finite context.</li>
<li class="quiz__option" data-correct="true"><span class="quiz__letter">C.</span> The KV cache.</li>
</ul>
<details class="quiz__answer">
<summary>Answer</summary>
<p class="quiz__key">Answers: A and C.</p>
</details>
</li>
</ol>
</div>
<p>After.</p>"""
    assert convert(QUIZ) == expected


def test_loose_options_and_default_ids() -> None:
    """Options separated by blank lines keep their paragraphs; ids count quizzes on the page."""
    html = convert(
        """\
        /// quiz
        Stem one.

        - [x] Right.

        - [ ] Wrong.
        ///

        /// quiz
        Stem two.

        - [ ] Wrong.
        - [x] Right.
        ///
        """
    )
    assert (
        '<li class="quiz__option" data-correct="true">\n<p><span class="quiz__letter">A.</span> Right.</p>\n</li>'
        in html
    )
    assert 'id="quiz-1"' in html and 'id="quiz-2"' in html and 'id="quiz-2-q1"' in html
    assert "quiz__title" not in html and "data-shuffle" not in html and "quiz__explanation" not in html


def test_an_option_starting_with_a_link_is_not_taken_for_a_mark() -> None:
    """`[text](url)` at the start of an option is a link, so the option still lacks its box."""
    with pytest.raises(BlockError, match=r"line 5: question 1: the option '\[Wrong\]\(x.md\)\.' does not start"):
        convert("/// quiz\nQ?\n\n- [x] Right, see [the notes](https://example.org).\n- [Wrong](x.md).\n///\n")


# --- Authoring errors ------------------------------------------------------------------------

ERRORS = [
    (
        "empty",
        "/// quiz\n///\n",
        1,
        (
            "has no questions. Write a question, its options as a list starting '[ ]' or '[x]', "
            "and separate questions with '---'."
        ),
    ),
    (
        "no options",
        "/// quiz\nQ one?\n\n- [x] A\n- [ ] B\n\n---\n\nQ two, no list.\n///\n",
        9,
        "question 2 has no options. Add a list of options, each starting '[ ]' (wrong) or '[x]' (right).",
    ),
    (
        "unmarked option",
        "/// quiz\nQ?\n\n- [x] Right\n- Forgot the box\n- [ ] Wrong\n///\n",
        5,
        (
            "question 1: the option 'Forgot the box' does not start with '[ ]' or '[x]'. "
            "Start every option with '[ ]' (wrong) or '[x]' (right)."
        ),
    ),
    (
        "no stem",
        "/// quiz\n- [x] A\n- [ ] B\n///\n",
        2,
        "question 1 has no question text. Write the question above its options.",
    ),
    (
        "one option",
        "/// quiz\n\nQ?\n\n- [x] Only\n///\n",
        3,
        "question 1 has only one option. Give at least two options.",
    ),
    (
        "no right option",
        "/// quiz\nQ?\n\n- [ ] A\n- [ ] B\n///\n",
        2,
        "question 1 has no right option. Mark the right option(s) with '[x]'.",
    ),
    (
        "every option right",
        "/// quiz\nQ?\n\n- [x] A\n- [x] B\n///\n",
        2,
        "question 1 marks every option right. Mark the wrong options with '[ ]'; a question needs at least one.",
    ),
    (
        "empty question",
        "/// quiz\nQ?\n\n- [x] A\n- [ ] B\n\n---\n\n---\n\nQ3?\n\n- [x] A\n- [ ] B\n///\n",
        1,
        "question 2 is empty. Remove the extra '---' or write the missing question.",
    ),
    (
        "separator under text",
        "Intro.\n\n/// quiz\nQ?\n\n- [x] A\n- [ ] B\nMore text\n---\n\nQ2?\n///\n",
        9,
        (
            "the '---' on this line follows text directly, so Markdown reads that text as a heading. "
            "Put a blank line before '---'."
        ),
    ),
    (
        "unknown option",
        "/// quiz\n    shufle: true\n\nQ?\n\n- [x] A\n- [ ] B\n///\n",
        1,
        "unknown option 'shufle'. Use one of: id, shuffle.",
    ),
    (
        "bad option value",
        "/// quiz\n    id: two words\n\nQ?\n\n- [x] A\n- [ ] B\n///\n",
        1,
        "option 'id' has the invalid value 'two words'",
    ),
    (
        "duplicate id",
        "/// quiz\n    id: same\n\nQ?\n\n- [x] A\n- [ ] B\n///\n\n/// quiz\n    id: same\n\nQ?\n\n- [x] A\n- [ ] B\n///\n",
        10,
        "the id 'same' is already used by another quiz on this page. Give each one its own id.",
    ),
]


@pytest.mark.parametrize(("source", "line", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_authoring_error(source: str, line: int, message: str) -> None:
    with pytest.raises(BlockError) as caught:
        convert(source)
    assert str(caught.value).startswith(f"quiz: Doc file '{PAGE}', line {line}: {message}")


def test_lines_count_front_matter_the_host_stripped() -> None:
    set_document(PAGE, line_offset=4)
    with pytest.raises(BlockError, match=rf"^quiz: Doc file '{PAGE}', line 8: question 1 has no right option"):
        convert("\n\n/// quiz\nQ?\n\n- [ ] A\n- [ ] B\n///\n")


def test_display_math_before_a_question_keeps_its_line() -> None:
    """The recorder runs before the math preprocessor folds a ```math block into one line."""
    source = "/// quiz\nQ?\n\n```math\na\nb\n```\n\n- [x] A\n- [ ] B\n\n---\n\nQ2?\n\n- [ ] A\n///\n"
    with pytest.raises(BlockError, match=r"line 14: question 2 has only one option"):
        convert(source)
