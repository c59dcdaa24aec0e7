"""coursemd.quiz on its own: exact HTML, and every authoring error with its message and line."""

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


def convert(source: str, *extra: object) -> str:
    md = markdown.Markdown(
        extensions=["coursemd.quiz", KatexMathExtension(cache_dir=""), "pymdownx.superfences", *extra],
    )
    return md.convert(dedent(source))


def katex(tex: str, after: str = "") -> str:
    """KaTeX's inline HTML for `tex`, as coursemd.katex_math renders it on a page, with the
    punctuation `after` it (kept together with the formula)."""
    html = markdown.markdown(f"$`{tex}`${after}", extensions=[KatexMathExtension(cache_dir="")])
    return html.removeprefix("<p>").removesuffix("</p>")


QUIZ = """\
    Before.

    /// quiz | Check yourself
        id: small
        shuffle: true

    Is $`p(x)`$ a *product*?

    Hint: Think of `p(a, b)`.

    - [ ] No.

        It is one: see the definition.

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

    ---

    Conditionals 0.5, 0.5 and 0.25: the NLL in bits?

    Answer: 4 bits
    Tolerance: 0.01

    It adds $`-\\log_2 p`$.

    ---

    The joint, as a probability?

    Answer: 0.0625

    Tolerance: 2%
    ///

    After.
    """


# --- Rendering -------------------------------------------------------------------------------


LOG2 = katex(r"-\log_2 p")
LOG2_STOP = katex(r"-\log_2 p", ".")  # with the full stop after it


def test_quiz_renders_exactly() -> None:
    """Hint and per-option feedback go into <details>; numeric answers carry their key as data."""
    expected = f"""\
<p>Before.</p>
<div class="quiz" data-questions="4" data-shuffle="true" data-widget="quiz" id="small">
<p class="quiz__title">Check yourself</p>
<ol class="quiz__questions">
<li class="quiz__question" data-kind="single" id="small-q1">
<div class="quiz__stem" id="small-q1-stem">
<p>Is {katex("p(x)")} a <em>product</em>?</p>
</div>
<details class="quiz__hint">
<summary>Hint</summary>
<div class="quiz__hint-text">
<p>Think of <code>p(a, b)</code>.</p>
</div>
</details>
<ul class="quiz__options">
<li class="quiz__option" data-correct="false">
<p><span class="quiz__letter">A.</span> No.</p>
</li>
<li class="quiz__option" data-correct="true">
<p><span class="quiz__letter">B.</span> Yes, by the chain rule.</p>
</li>
</ul>
<details class="quiz__answer">
<summary>Answer</summary>
<p class="quiz__key">Answer: B.</p>
<ul class="quiz__option-feedback">
<li data-option="0">
<p><span class="quiz__letter">A.</span> It is one: see the definition.</p>
</li>
</ul>
<div class="quiz__explanation">
<p>Because each factor is a conditional.</p>
<div class="highlight"><pre><span></span><code><span class="n">loss</span> <span class="o">=</span> <span class="o">-</span><span class="n">log_p</span><span class="o">.</span><span class="n">sum</span><span class="p">()</span>
</code></pre></div>
</div>
</details>
</li>
<li class="quiz__question" data-kind="multiple" id="small-q2">
<div class="quiz__stem" id="small-q2-stem">
<p>Pick the <code>exact</code> ones:</p>
</div>
<p class="quiz__multi">Select all that apply.</p>
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
<li class="quiz__question" data-kind="numeric" id="small-q3">
<div class="quiz__stem" id="small-q3-stem">
<p>Conditionals 0.5, 0.5 and 0.25: the NLL in bits?</p>
</div>
<p class="quiz__numeric" data-answer="4" data-relative="false" data-tolerance="0.01" data-unit="bits">Answer with a number in bits.</p>
<details class="quiz__answer">
<summary>Answer</summary>
<p class="quiz__key">Answer: 4 bits (accepted within ±0.01).</p>
<div class="quiz__explanation">
<p>It adds {LOG2_STOP}</p>
</div>
</details>
</li>
<li class="quiz__question" data-kind="numeric" id="small-q4">
<div class="quiz__stem" id="small-q4-stem">
<p>The joint, as a probability?</p>
</div>
<p class="quiz__numeric" data-answer="0.0625" data-relative="true" data-tolerance="2" data-unit="">Answer with a number.</p>
<details class="quiz__answer">
<summary>Answer</summary>
<p class="quiz__key">Answer: 0.0625 (accepted within ±2%).</p>
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
            "has no questions. Write a question, then its options as a list starting '[ ]' or '[x]' "
            "or an 'Answer:' line, and separate questions with '---'."
        ),
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
        "question 1 has no question text. Write the question above its options or answer.",
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
        7,
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
        2,
        "unknown option 'shufle'. Did you mean 'shuffle'? Use one of: id, shuffle.",
    ),
    (
        "bad option value",
        "/// quiz\n    id: two words\n\nQ?\n\n- [x] A\n- [ ] B\n///\n",
        2,
        "'id: two words' is not an id of letters, digits, '-' and '_'. Write it like 'id: t19-02-self-check'.",
    ),
    (
        "no options and no answer",
        "/// quiz\nQ one?\n\n- [x] A\n- [ ] B\n\n---\n\nQ two, no list.\n///\n",
        9,
        (
            "question 2 has no options and no answer. Add a list of options, each starting '[ ]' (wrong) "
            "or '[x]' (right), or an 'Answer:' line."
        ),
    ),
    (
        "duplicate option",
        "/// quiz\nQ?\n\n- [x] The chain rule\n- [ ] A cache\n-  [ ] the  chain rule\n///\n",
        6,
        "question 1: options A and C are the same, 'the chain rule'. Remove one of them or make them differ.",
    ),
    (
        "options and an answer",
        "/// quiz\nQ?\n\n- [x] A\n- [ ] B\n\nAnswer: 3\nTolerance: 0\n///\n",
        2,
        (
            "question 1 has both options and an 'Answer:' line. "
            "Keep the options for a choice question or 'Answer:' for a numeric one."
        ),
    ),
    (
        "numeric without tolerance",
        "/// quiz\nQ?\n\n- [x] A\n- [ ] B\n\n---\n\nThe NLL in bits?\n\nAnswer: 4 bits\n\nIt adds -log2 p.\n///\n",
        11,
        (
            "question 2: the numeric answer has no tolerance. Add a line 'Tolerance: 0.01' "
            "(in the answer's unit) or 'Tolerance: 1%' under 'Answer:'."
        ),
    ),
    (
        "negative tolerance",
        "/// quiz\nThe NLL in nats?\n\nAnswer: 2.77 nats\nTolerance: -0.01\n///\n",
        5,
        "question 1: the tolerance '-0.01' is negative. Give the margin as a positive number, e.g. 'Tolerance: 0.01'.",
    ),
    (
        "tolerance not a number",
        "/// quiz\nThe NLL?\n\nAnswer: 2.77\nTolerance: a bit\n///\n",
        5,
        "question 1: the tolerance 'a bit' is not a number or a percentage.",
    ),
    (
        "answer not a number",
        "/// quiz\nThe NLL?\n\nAnswer: ln 16\nTolerance: 0.1\n///\n",
        4,
        "question 1: the answer 'ln 16' is not a number with an optional unit.",
    ),
    (
        "unknown unit",
        "/// quiz\nThe NLL?\n\nAnswer: 4 bans\nTolerance: 0.1\n///\n",
        4,
        "question 1: the answer's unit 'bans' is not one the quiz knows. Use nats or bits",
    ),
    (
        "stray line in the answer",
        "/// quiz\nThe NLL?\n\nAnswer: 4 bits\nTolerance: 0.1\nBecause it adds.\n///\n",
        6,
        "question 1: the line 'Because it adds.' belongs to the numeric answer",
    ),
    (
        "empty hint",
        "/// quiz\nQ?\n\nHint:\n\n- [x] A\n- [ ] B\n///\n",
        4,
        "question 1 has an empty hint. Write the hint after 'Hint:' or remove the line.",
    ),
    (
        "only a hint",
        "/// quiz\nHint: think.\n\n- [x] A\n- [ ] B\n///\n",
        2,
        "question 1 has no question text. Write the question above its options or answer.",
    ),
    (
        "explanation names a letter while shuffled",
        "/// quiz\n    shuffle: true\n\nQ?\n\n- [x] Exact\n- [ ] Approximate\n\nOption A is right: the chain rule.\n///\n",
        9,
        (
            "question 1: the explanation names an option by its place, 'Option A', but shuffle is on, "
            "so students see the options in other orders. Name the option by what it says, or set 'shuffle: false'."
        ),
    ),
    (
        "explanation names a position while shuffled",
        "/// quiz\n    shuffle: true\n\nQ?\n\n- [x] Exact\n- [ ] Approximate\n\nSo the\nfirst answer is right.\n///\n",
        10,
        "question 1: the explanation names an option by its place, 'first answer', but shuffle is on",
    ),
    (
        "feedback names a letter while shuffled",
        "/// quiz\n    shuffle: true\n\nQ?\n\n- [x] Exact\n- [ ] Approximate\n\n    Unlike (A), this drops terms.\n///\n",
        9,
        "question 1: the feedback on option B names an option by its place, '(A)', but shuffle is on",
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


# --- Naming options by place, numeric answers --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Option B is the trap.", "Option B"),
        ("The right answers are A and C.", "answers are A"),
        ("Answers: A and C.", "Answers: A"),
        ("Unlike (C), it keeps the centre.", "(C)"),
        ("The second choice forgets the normalization.", "second choice"),
        ("See option 3.", "option 3"),
        ("The first layer needs mask A, not mask B.", None),
        ("The first token is read twice.", None),
        ("Compare `scores[A]` with the key.", None),
        ("The answer I gave was wrong.", None),
        ("Option E does not exist here.", None),
        ("Apply $`f(A)`$ first.", None),
    ],
)
def test_position_reference(text: str, phrase: str | None) -> None:
    """Letters beyond the options, other nouns ('mask A') and code spans are not option names."""
    from coursemd.quiz import position_reference

    assert position_reference(text, options=4) == phrase


def test_numeric_answers_accept_within_their_margin() -> None:
    from coursemd.numeric_answer import parse_answer

    bits = parse_answer("Answer: 4 bits\nTolerance: 0.01")
    assert (bits.value, bits.unit, bits.margin()) == (4.0, "bits", 0.01)
    assert bits.accepts(4.01) and bits.accepts(3.99) and not bits.accepts(4.0101)
    relative = parse_answer("answer: −2.5e-1 nat\ntolerance: 2 %")
    assert (relative.value, relative.unit, relative.relative) == (-0.25, "nats", True)
    assert relative.accepts(-0.255) and not relative.accepts(-0.2551)
    exact = parse_answer("Answer: 3072\nTolerance: 0")
    assert exact.accepts(3072) and not exact.accepts(3072.5) and exact.key() == "3072 (exactly)"


def test_math_katex_cannot_parse_names_the_line_inside_the_quiz() -> None:
    from coursemd.katex_math import MathError

    source = "/// quiz\nQ?\n\n- [x] Right\n- [ ] Wrong: $`\\frac{1}{`$\n///\n"
    with pytest.raises(MathError) as caught:
        convert(source)
    assert str(caught.value).startswith(f"katex: Doc file '{PAGE}', line 5: cannot render the math `\\frac{{1}}{{`")
