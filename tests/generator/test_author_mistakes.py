"""The corpus of authoring mistakes: every one stops the strict build with one line naming the
source file (under lesson_src/ or docs/, never a generated path) and its line, and no traceback;
a preview server (`make serve`) says the same line, whether it starts on the mistake or the
mistake is saved while it runs, and says nothing once the file is fixed.

Each case changes files of the basic fixture course. All strict builds run in one process and
all saves into one preview server in another (tests/mistakes_driver.py), since starting MkDocs
costs seconds per build. The kind of input is the first word of a case's id: a block's syntax
(`block`), each block (`quiz`, `drill`, `flashcards`, `calculator`, `exercise` for its
generator), `numbers`, `math`, `page`, `link`, `meta` (lesson.yml) and `track` (track.yml).
Grow the corpus with every new syntax.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT
from fixture_course import basic_course, lesson_pages, lesson_yml, write_course

L = "lesson_src/t01/01-events"
META = f"{L}/lesson.yml"
TRACK = "lesson_src/t01/track.yml"
PRACTICE = f"{L}/practice.md"
BRIEF = f"{L}/brief.md"
LESSON = f"{L}/lesson.md"
GEN = f"{L}/gen.py"
NUMBERS = f"{L}/numbers.py"
DOC = "docs/extra.md"

# Each block as a page body from line 3 (see `page`): the header is line 3, its id line 4.
QUIZ = """\
/// quiz
    id: q

Which is an event?

- [x] A set of outcomes
- [ ] A number
///
"""
# 3 header, 5 the question, 7 Answer:, 8 Tolerance:
NUMERIC = "/// quiz\n\nHow many bits?\n\nAnswer: 4 bits\nTolerance: 0.1\n///\n"
# 3 header, 4 id, 6 the description, 8 and 9 the steps, 11 the explanation
DRILL = "/// drill\n    id: d\n\nA model:\n\n1. [bug] `a`\n2. `b`\n\nWhy.\n///\n"
# 3 header, 4 id, 6 Q:, 7 A:
CARDS = "/// flashcards\n    id: deck\n\nQ: What is an event?\nA: A set of outcomes.\n///\n"
# 3 header, 4 and 5 the rows
CALC = "/// calculator\nthe | 0.4\ncat | 0.5\n///\n"
# 3 header, 4 id, 5 generator, 6 variants
EXERCISE = "/// exercise\n    id: ex\n    generator: gen.py:make\n    variants: 3\n///\n"
ANSWER = "{'label': 'x', 'value': 1.0, 'tolerance': 0.01}"

Change = Callable[[dict[str, str]], None]


def page(path: str, body: str) -> Change:
    """Replace a page with `# Title`, a blank line, then `body` (so `body` starts on line 3)."""

    def change(files: dict[str, str]) -> None:
        files[path] = "# Page\n\n" + body

    return change


def edit(path: str, old: str, new: str) -> Change:
    def change(files: dict[str, str]) -> None:
        assert old in files[path], (path, old)
        files[path] = files[path].replace(old, new)

    return change


def add(path: str, text: str) -> Change:
    def change(files: dict[str, str]) -> None:
        files[path] = text

    return change


def append(path: str, text: str) -> Change:
    def change(files: dict[str, str]) -> None:
        files[path] = files[path] + text

    return change


def drop(path: str) -> Change:
    def change(files: dict[str, str]) -> None:
        files.pop(path)

    return change


def both(*changes: Change) -> Change:
    def change(files: dict[str, str]) -> None:
        for one in changes:
            one(files)

    return change


def key(path: str, name: str, value: str) -> Change:
    """Set `name: value` in a YAML file, on the key's own line (or a new last line)."""

    def change(files: dict[str, str]) -> None:
        lines = files[path].splitlines()
        at = next((i for i, line in enumerate(lines) if line.startswith(f"{name}:")), None)
        if at is None:
            lines.append(f"{name}: {value}")
        else:
            lines[at] = f"{name}: {value}"
        files[path] = "\n".join(lines) + "\n"

    return change


def without(path: str, name: str) -> Change:
    def change(files: dict[str, str]) -> None:
        files[path] = "".join(line + "\n" for line in files[path].splitlines() if not line.startswith(f"{name}:"))

    return change


def options(block: str, *lines: str) -> str:
    """`block` with option lines added under its header, after those it has."""
    head, *rest = block.split("\n")
    count = next((i for i, line in enumerate(rest) if not line.startswith("    ")), len(rest))
    return "\n".join([head, *rest[:count], *(f"    {line}" for line in lines), *rest[count:]])


def indented(block: str) -> str:
    """`block` indented by four spaces, as inside an admonition or a list item."""
    return "".join(f"    {line}\n" if line else "\n" for line in block.split("\n")[:-1])


def exercise(generator: str, block: str = EXERCISE) -> Change:
    """The exercise block on the practice page, and `generator` as the lesson's gen.py."""
    return both(page(PRACTICE, block), add(GEN, generator))


def returning(result: str, imports: str = "") -> str:
    """A generator returning `result` (Python that may use `seed`)."""
    return f"{imports}def make(seed):\n    return {result}\n"


def variant(**fields: str) -> str:
    parts = {"question": "f'Question {seed}'", "answers": f"[{ANSWER}]", "solution": "'Because.'", **fields}
    return "{" + ", ".join(f"{name!r}: {value}" for name, value in parts.items() if value != "<drop>") + "}"


def numbers(text: str, page_body: str) -> Change:
    return both(add(NUMBERS, text), page(LESSON, page_body))


def second_lesson_numbered_one(files: dict[str, str]) -> None:
    files["lesson_src/t01/01-outcomes/lesson.yml"] = lesson_yml("t01", 1, "Events and outcomes")
    files.update(lesson_pages("lesson_src/t01/01-outcomes", "Events and outcomes"))


def rename_folder(old: str, new: str) -> Change:
    def change(files: dict[str, str]) -> None:
        for path in [p for p in files if p.startswith(old + "/")]:
            files[new + path[len(old) :]] = files.pop(path)

    return change


# (id, change, the file the message must name, its line (None: a file or folder as a whole),
# words the message must contain)
CORPUS: list[tuple[str, Change, str, int | None, str]] = [
    # --- block syntax, shared by every block
    ("block-misspelled", page(PRACTICE, QUIZ.replace("/// quiz", "/// quizz")), PRACTICE, 3, "Did you mean '/// quiz'?"),
    ("block-unknown-name", page(PRACTICE, QUIZ.replace("/// quiz", "/// poll")), PRACTICE, 3, "there is no block named 'poll'"),
    ("block-unclosed", page(PRACTICE, QUIZ.rsplit("///", 1)[0] + "\n## Next section\n"), PRACTICE, 3, "never closed"),
    ("block-unclosed-four-slashes", page(PRACTICE, QUIZ.replace("/// quiz", "//// quiz")), PRACTICE, 3, "End it with a line '////'"),
    ("block-unclosed-inner-details", page(PRACTICE, QUIZ.replace("- [ ] A number\n", "- [ ] A number\n\n/// details | More\nText.\n")), PRACTICE, 3, "never closed"),
    ("block-options-unindented", page(PRACTICE, QUIZ.replace("    id: q", "id: q")), PRACTICE, 4, "not indented"),
    ("block-options-two-spaces", page(PRACTICE, QUIZ.replace("    id: q", "  id: q")), PRACTICE, 4, "indented by 2 spaces"),
    ("block-second-option-unindented", page(PRACTICE, QUIZ.replace("    id: q", "    id: q\nshuffle: true")), PRACTICE, 5, "'shuffle: true' is not indented"),
    ("block-options-after-blank-line", page(PRACTICE, QUIZ.replace("/// quiz\n", "/// quiz\n\n")), PRACTICE, 5, "after a blank line"),
    (
        "block-nested",
        page(PRACTICE, QUIZ.replace("///\n", "").replace("- [ ] A number\n", "- [ ] A number\n\n" + QUIZ + "///\n")),
        PRACTICE,
        11,
        "inside the quiz that starts on line 3",
    ),
    ("block-drill-in-quiz", page(PRACTICE, QUIZ.replace("///\n", "") + "\n" + DRILL + "///\n"), PRACTICE, 11, "this drill is inside the quiz"),
    (
        "block-same-id-quiz-flashcards",
        page(PRACTICE, QUIZ + "\n/// flashcards\n    id: q\n\nQ: What is an outcome?\nA: One result.\n///\n"),
        PRACTICE,
        12,
        "already used on this page by the quiz on line 3",
    ),
    ("block-same-id-quiz-drill", page(PRACTICE, QUIZ + "\n" + DRILL.replace("id: d", "id: q")), PRACTICE, 12, "already used on this page by the quiz on line 3"),
    ("block-same-id-quiz-exercise", both(page(PRACTICE, QUIZ + "\n" + EXERCISE.replace("id: ex", "id: q")), add(GEN, returning(variant()))), PRACTICE, 12, "already used on this page by the quiz"),
    ("block-unknown-option", page(PRACTICE, options(QUIZ, "shufle: true")), PRACTICE, 5, "unknown option 'shufle'. Did you mean 'shuffle'?"),
    ("block-attrs-option", page(PRACTICE, options(QUIZ, "attrs: {id: other}")), PRACTICE, 5, "'attrs' is not an option"),
    ("block-options-bad-yaml", page(PRACTICE, QUIZ.replace("    id: q", "    id: [q")), PRACTICE, 4, "not valid YAML"),
    ("block-options-second-bad-yaml", page(PRACTICE, options(QUIZ, "shuffle: [true")), PRACTICE, 5, "'shuffle: [true' is not valid YAML"),
    ("block-options-not-a-mapping", page(PRACTICE, QUIZ.replace("    id: q", "    - q")), PRACTICE, 4, "not a 'key: value' pair"),
    # a block pymdownx does not read (in a comment, in code) takes no line from the next one;
    # one it reads indented (in an admonition, a list item) has its own
    ("block-after-a-commented-out-quiz", page(PRACTICE, "<!--\n" + QUIZ.replace("id: q", "id: old") + "-->\n\n" + QUIZ.replace("[x]", "[ ]")), PRACTICE, 17, "no right option"),
    ("block-after-a-quiz-shown-as-code", page(PRACTICE, "```\n" + QUIZ + "```\n\n" + QUIZ.replace("[x]", "[ ]")), PRACTICE, 17, "no right option"),
    ("block-in-an-admonition", page(PRACTICE, "!!! note\n\n" + indented(QUIZ.replace("[x]", "[ ]"))), PRACTICE, 8, "no right option"),
    ("block-in-a-list-item", page(PRACTICE, "1. Step one.\n\n" + indented(QUIZ.replace("[x]", "[ ]"))), PRACTICE, 8, "no right option"),
    ("block-after-one-in-an-admonition", page(PRACTICE, "!!! note\n\n" + indented(QUIZ.replace("id: q", "id: inner")) + "\n" + QUIZ.replace("[x]", "[ ]")), PRACTICE, 17, "no right option"),
    ("block-option-in-an-admonition", page(PRACTICE, "!!! note\n\n" + indented(options(QUIZ, "shuffle: maybe"))), PRACTICE, 7, "'shuffle: maybe' is not true or false"),
    ("block-after-a-commented-out-deck", page(PRACTICE, "<!--\n" + CARDS + "-->\n\n" + CARDS.replace("A: A set of outcomes.\n", "A: A set.\n\nQ: Lonely?\n")), PRACTICE, 18, "'Lonely?' has no answer"),
    ("block-title-on-calculator", page(PRACTICE, CALC.replace("/// calculator", "/// calculator | Rows")), PRACTICE, 3, "takes no title"),
    # --- quiz
    ("quiz-empty", page(PRACTICE, "/// quiz\n///\n"), PRACTICE, 3, "has no questions"),
    ("quiz-no-right-answer", page(PRACTICE, QUIZ.replace("[x]", "[ ]")), PRACTICE, 6, "no right option"),
    ("quiz-every-option-right", page(PRACTICE, QUIZ.replace("[ ]", "[x]")), PRACTICE, 6, "marks every option right"),
    ("quiz-one-option", page(PRACTICE, QUIZ.replace("- [ ] A number\n", "")), PRACTICE, 6, "only one option"),
    ("quiz-option-without-mark", page(PRACTICE, QUIZ.replace("- [ ] A number", "- A number")), PRACTICE, 9, "does not start with '[ ]' or '[x]'"),
    ("quiz-option-unknown-mark", page(PRACTICE, QUIZ.replace("[ ] A number", "[?] A number")), PRACTICE, 9, "'[?] A number' does not start"),
    ("quiz-options-alike", page(PRACTICE, QUIZ.replace("- [ ] A number", "- [ ] A number\n- [ ] a  number")), PRACTICE, 10, "options B and C are the same"),
    ("quiz-empty-hint", page(PRACTICE, QUIZ.replace("Which is an event?\n", "Which is an event?\n\nHint:\n")), PRACTICE, 8, "empty hint"),
    ("quiz-options-and-answer", page(PRACTICE, QUIZ.replace("- [ ] A number\n", "- [ ] A number\n\nAnswer: 4\nTolerance: 0\n")), PRACTICE, 6, "both options and an 'Answer:' line"),
    ("quiz-no-options-no-answer", page(PRACTICE, "/// quiz\n\nJust a question?\n///\n"), PRACTICE, 5, "no options and no answer"),
    ("quiz-no-question-text", page(PRACTICE, "/// quiz\n\n- [x] a\n- [ ] b\n///\n"), PRACTICE, 5, "no question text"),
    ("quiz-empty-question", page(PRACTICE, QUIZ.replace("///\n", "\n---\n\n---\n\nAnother?\n\n- [x] a\n- [ ] b\n///\n")), PRACTICE, 11, "question 2 is empty"),
    ("quiz-text-above-separator", page(PRACTICE, QUIZ.replace("- [ ] A number\n", "- [ ] A number\n\nBecause.\n---\n\nAnother?\n\n- [x] a\n- [ ] b\n")), PRACTICE, 12, "follows text directly"),
    (
        "quiz-shuffle-names-a-letter",
        page(PRACTICE, options(QUIZ, "shuffle: true").replace("- [ ] A number\n", "- [ ] A number\n\nOption A is right.\n")),
        PRACTICE,
        12,
        "names an option by its place, 'Option A'",
    ),
    ("quiz-second-question-line", page(PRACTICE, QUIZ.replace("///\n", "\n---\n\nAnother?\n\n- [ ] a\n- [ ] b\n///\n")), PRACTICE, 13, "question 2 has no right option"),
    ("quiz-id-not-an-id", page(PRACTICE, QUIZ.replace("id: q", "id: my quiz")), PRACTICE, 4, "'id: my quiz' is not an id"),
    ("quiz-id-a-number", page(PRACTICE, QUIZ.replace("id: q", "id: 5")), PRACTICE, 4, "'id: 5' is not an id"),
    ("quiz-id-a-list", page(PRACTICE, QUIZ.replace("id: q", "id: [q]")), PRACTICE, 4, "'id: [q]' is not an id"),
    ("quiz-shuffle-not-yes-or-no", page(PRACTICE, options(QUIZ, "shuffle: maybe")), PRACTICE, 5, "'shuffle: maybe' is not true or false"),
    ("quiz-two-quizzes-one-id", page(PRACTICE, QUIZ + "\n" + QUIZ), PRACTICE, 12, "already used by another quiz"),
    ("quiz-answer-infinite", page(PRACTICE, NUMERIC.replace("4 bits", "1e999 bits")), PRACTICE, 7, "the answer is not a finite number"),
    ("quiz-answer-words", page(PRACTICE, NUMERIC.replace("4 bits", "four bits")), PRACTICE, 7, "'four bits' is not a number"),
    ("quiz-answer-unknown-unit", page(PRACTICE, NUMERIC.replace("4 bits", "4 furlongs")), PRACTICE, 7, "unit 'furlongs'"),
    ("quiz-answer-empty", page(PRACTICE, NUMERIC.replace("4 bits", "")), PRACTICE, 7, "numeric answer is empty"),
    ("quiz-answer-stray-line", page(PRACTICE, NUMERIC.replace("Tolerance: 0.1", "Tolerance: 0.1\nBecause.")), PRACTICE, 9, "the line 'Because.' belongs"),
    ("quiz-tolerance-missing", page(PRACTICE, NUMERIC.replace("Tolerance: 0.1\n", "")), PRACTICE, 7, "has no tolerance"),
    ("quiz-tolerance-infinite", page(PRACTICE, NUMERIC.replace("0.1", "1e999")), PRACTICE, 8, "the tolerance is not a finite number"),
    ("quiz-tolerance-percent-infinite", page(PRACTICE, NUMERIC.replace("0.1", "1e999%")), PRACTICE, 8, "the tolerance is not a finite number"),
    ("quiz-tolerance-own-paragraph-infinite", page(PRACTICE, NUMERIC.replace("Tolerance: 0.1", "\nTolerance: 1e999")), PRACTICE, 9, "not a finite number"),
    ("quiz-tolerance-negative", page(PRACTICE, NUMERIC.replace("0.1", "-1")), PRACTICE, 8, "'-1' is negative"),
    ("quiz-tolerance-words", page(PRACTICE, NUMERIC.replace("0.1", "a bit")), PRACTICE, 8, "'a bit' is not a number or a percentage"),
    # --- drill
    ("drill-no-steps", page(PRACTICE, DRILL.replace("1. [bug] `a`\n2. `b`\n", "")), PRACTICE, 6, "no numbered list of steps"),
    ("drill-no-description", page(PRACTICE, DRILL.replace("A model:\n\n", "")), PRACTICE, 6, "has no description"),
    ("drill-one-step", page(PRACTICE, DRILL.replace("2. `b`\n", "")), PRACTICE, 6, "only one step"),
    ("drill-no-explanation", page(PRACTICE, DRILL.replace("\nWhy.\n", "")), PRACTICE, 6, "no explanation"),
    ("drill-two-bugs", page(PRACTICE, DRILL.replace("2. `b`", "2. [bug] `b`")), PRACTICE, 9, "marks 2 steps"),
    ("drill-unknown-marker", page(PRACTICE, DRILL.replace("2. `b`", "2. [x] `b`")), PRACTICE, 9, "unknown marker '[x]'"),
    ("drill-empty", page(PRACTICE, "/// drill\n///\n"), PRACTICE, 3, "has no models"),
    ("drill-empty-model", page(PRACTICE, DRILL.replace("Why.\n", "Why.\n\n---\n\n---\n\nB:\n\n1. a\n2. b\n\nOk.\n")), PRACTICE, 13, "model 2 is empty"),
    ("drill-text-above-separator", page(PRACTICE, DRILL.replace("Why.\n", "Why.\n---\n\nB:\n\n1. a\n2. b\n\nOk.\n")), PRACTICE, 12, "follows text directly"),
    ("drill-second-model-line", page(PRACTICE, DRILL.replace("Why.\n", "Why.\n\n---\n\nB:\n\n1. a\n2. [oops] b\n\nOk.\n")), PRACTICE, 18, "model 2, step 2"),
    ("drill-verdicts-not-a-list", page(PRACTICE, options(DRILL, "verdicts: Leaks")), PRACTICE, 5, "not a list of two verdicts"),
    ("drill-verdicts-three", page(PRACTICE, options(DRILL, "verdicts: [a, b, c]")), PRACTICE, 5, "not a list of two verdicts"),
    ("drill-verdicts-numbers", page(PRACTICE, options(DRILL, "verdicts: [1, 2]")), PRACTICE, 5, "not a list of two verdicts"),
    ("drill-verdicts-alike", page(PRACTICE, options(DRILL, "verdicts: [Wrong, wrong]")), PRACTICE, 5, "the two verdicts are the same"),
    ("drill-question-a-number", page(PRACTICE, options(DRILL, "question: 5")), PRACTICE, 5, "'question: 5' is not text"),
    ("drill-question-empty", page(PRACTICE, options(DRILL, "question: ''")), PRACTICE, 5, "is not text"),
    ("drill-line-question-a-list", page(PRACTICE, options(DRILL, "line_question: [x]")), PRACTICE, 5, "is not text"),
    ("drill-bug-without-verdicts", page(PRACTICE, options(DRILL, "bug: slip")), PRACTICE, 5, "and this one has none"),
    ("drill-item-a-number", page(PRACTICE, options(DRILL, "item: 5")), PRACTICE, 5, "'item: 5' is not a word"),
    ("drill-item-three-words", page(PRACTICE, options(DRILL, "item: [a, b, c]")), PRACTICE, 5, "is not a word"),
    ("drill-id-not-an-id", page(PRACTICE, DRILL.replace("id: d", "id: 'a b'")), PRACTICE, 4, "'id: a b' is not an id"),
    ("drill-unknown-option", page(PRACTICE, options(DRILL, "verdict: [a, b]")), PRACTICE, 5, "unknown option 'verdict'. Did you mean 'verdicts'?"),
    # --- flashcards
    ("flashcards-no-id", page(PRACTICE, CARDS.replace("    id: deck\n", "")), PRACTICE, 3, "the deck has no id"),
    ("flashcards-id-not-an-id", page(PRACTICE, CARDS.replace("id: deck", "id: my deck")), PRACTICE, 4, "'my deck' is not a valid id"),
    ("flashcards-id-a-number", page(PRACTICE, CARDS.replace("id: deck", "id: 5")), PRACTICE, 4, "'id: 5' is not text"),
    ("flashcards-anki-not-yes-or-no", page(PRACTICE, options(CARDS, "anki: maybe")), PRACTICE, 5, "'anki: maybe' is not true or false"),
    ("flashcards-unknown-option", page(PRACTICE, options(CARDS, "shuffle: true")), PRACTICE, 5, "unknown option 'shuffle'"),
    ("flashcards-id-twice-on-a-page", page(PRACTICE, CARDS + "\n" + CARDS.replace("What is", "Who is")), PRACTICE, 11, "already used on this page (line 3)"),
    ("flashcards-id-on-two-pages", both(page(PRACTICE, CARDS), page(LESSON, CARDS.replace("What is", "Who is"))), PRACTICE, 3, f"already used in '{LESSON}' (line 3)"),
    ("flashcards-empty-question", page(PRACTICE, CARDS.replace("Q: What is an event?", "Q:")), PRACTICE, 6, "card 1 has an empty question"),
    ("flashcards-empty-answer", page(PRACTICE, CARDS.replace("A: A set of outcomes.", "A:")), PRACTICE, 7, "card 1 has an empty answer"),
    ("flashcards-question-without-answer", page(PRACTICE, CARDS.replace("A: A set of outcomes.\n", "A: A set of outcomes.\n\nQ: Lonely?\n")), PRACTICE, 9, "'Lonely?' has no answer"),
    ("flashcards-answer-without-question", page(PRACTICE, CARDS.replace("Q: What is an event?\n", "")), PRACTICE, 6, "follows no question"),
    ("flashcards-second-answer", page(PRACTICE, CARDS.replace("A: A set of outcomes.\n", "A: A set of outcomes.\nA: Again.\n")), PRACTICE, 8, "a second answer"),
    ("flashcards-question-twice", page(PRACTICE, CARDS.replace("A: A set of outcomes.\n", "A: A set of outcomes.\n\nQ: what is an  event?\nA: Other.\n")), PRACTICE, 9, "already in this deck (line 6)"),
    ("flashcards-text-before-the-first-card", page(PRACTICE, CARDS.replace("Q: What", "Intro.\n\nQ: What")), PRACTICE, 3, "text before the first card"),
    ("flashcards-no-cards", page(PRACTICE, "/// flashcards\n    id: deck\n///\n"), PRACTICE, 3, "has no cards"),
    (
        "flashcards-capitalized-deck-keeps-the-lines-after",
        page(PRACTICE, CARDS.replace("/// flashcards", "/// Flashcards").replace("id: deck", "id: d1") + "\n" + CARDS.replace("A: A set of outcomes.\n", "A: A set of outcomes.\n\nQ: Lonely?\n")),
        PRACTICE,
        16,
        "'Lonely?' has no answer",
    ),
    # --- calculator
    ("calculator-row-without-bar", page(PRACTICE, CALC.replace("cat | 0.5", "cat 0.5")), PRACTICE, 5, "is not 'token | probability'"),
    ("calculator-row-without-token", page(PRACTICE, CALC.replace("cat | 0.5", " | 0.5")), PRACTICE, 5, "is not 'token | probability'"),
    ("calculator-row-with-two-bars", page(PRACTICE, CALC.replace("cat | 0.5", "cat | 0.5 | x")), PRACTICE, 5, "is not 'token | probability'"),
    ("calculator-probability-words", page(PRACTICE, CALC.replace("0.5", "half")), PRACTICE, 5, "'half' of 'cat' is not in (0, 1]"),
    ("calculator-probability-zero", page(PRACTICE, CALC.replace("0.5", "0")), PRACTICE, 5, "a probability of 0"),
    ("calculator-probability-negative", page(PRACTICE, CALC.replace("0.5", "-0.1")), PRACTICE, 5, "cannot be negative"),
    ("calculator-probability-above-one", page(PRACTICE, CALC.replace("0.5", "1.5")), PRACTICE, 5, "cannot be greater than 1"),
    ("calculator-probability-infinite", page(PRACTICE, CALC.replace("0.5", "1e999")), PRACTICE, 5, "Too large"),
    ("calculator-no-rows", page(PRACTICE, "/// calculator\n///\n"), PRACTICE, 3, "has no rows"),
    ("calculator-too-many-rows", page(PRACTICE, "/// calculator\n" + "".join(f"t{i} | 0.5\n" for i in range(51)) + "///\n"), PRACTICE, 3, "has 51 rows"),
    ("calculator-long-token", page(PRACTICE, CALC.replace("cat |", "x" * 30 + " |")), PRACTICE, 5, "longer than 24 characters"),
    ("calculator-vocabulary-of-one", page(PRACTICE, options(CALC, "vocabulary: [a]", "logits: [1]")), PRACTICE, 4, "has 1 token(s)"),
    ("calculator-vocabulary-of-nine", page(PRACTICE, options(CALC, "vocabulary: [a, b, c, d, e, f, g, h, i]")), PRACTICE, 4, "has 9 token(s)"),
    ("calculator-vocabulary-repeats", page(PRACTICE, options(CALC, "vocabulary: [a, a, b, c]")), PRACTICE, 4, "repeats a token"),
    ("calculator-vocabulary-a-number", page(PRACTICE, options(CALC, "vocabulary: 5")), PRACTICE, 4, "must be a list of tokens"),
    ("calculator-vocabulary-null-token", page(PRACTICE, options(CALC, "vocabulary: [a, null, b, c]")), PRACTICE, 4, "not a token"),
    ("calculator-logits-count", page(PRACTICE, options(CALC, "vocabulary: [a, b, c]", "logits: [1, 2]")), PRACTICE, 5, "'logits' has 2 value(s) for 3"),
    ("calculator-logits-for-default-vocabulary", page(PRACTICE, options(CALC, "logits: [1, 2]")), PRACTICE, 4, "'logits' has 2 value(s) for 4"),
    ("calculator-logit-words", page(PRACTICE, options(CALC, "logits: [1, 2, 3, abc]")), PRACTICE, 4, "the logit 'abc' is not usable"),
    ("calculator-logit-infinite", page(PRACTICE, options(CALC, "logits: [1, 2, 3, .inf]")), PRACTICE, 4, "the logit inf is not usable"),
    ("calculator-logits-a-number", page(PRACTICE, options(CALC, "logits: 5")), PRACTICE, 4, "must be a list of numbers"),
    ("calculator-target-not-in-vocabulary", page(PRACTICE, options(CALC, "target: bird")), PRACTICE, 4, "'bird' is not in the vocabulary"),
    ("calculator-target-a-number", page(PRACTICE, options(CALC, "target: 5")), PRACTICE, 4, "'target: 5' is not text"),
    ("calculator-unknown-option", page(PRACTICE, options(CALC, "id: c")), PRACTICE, 4, "unknown option 'id'"),
    # --- exercise: its options and what its generator returns
    ("exercise-no-generator", page(PRACTICE, "/// exercise\n    id: ex\n///\n"), PRACTICE, 3, "has no generator"),
    ("exercise-generator-a-number", exercise(returning(variant()), EXERCISE.replace("gen.py:make", "5")), PRACTICE, 5, "the generator 5 does not name a file and a function"),
    ("exercise-generator-no-function", exercise(returning(variant()), EXERCISE.replace("gen.py:make", "gen.py")), PRACTICE, 5, "does not name a file and a function"),
    ("exercise-generator-not-python", exercise(returning(variant()), EXERCISE.replace("gen.py", "gen.txt")), PRACTICE, 5, "is not a Python file"),
    ("exercise-generator-absolute", exercise(returning(variant()), EXERCISE.replace("gen.py", "/tmp/gen.py")), PRACTICE, 5, "is an absolute path"),
    ("exercise-generator-missing-file", page(PRACTICE, EXERCISE), PRACTICE, 5, "'gen.py' does not exist in lesson_src/t01/01-events"),
    ("exercise-generator-syntax-error", exercise("def make(seed):\n    return {\n"), PRACTICE, 5, "gen.py does not import (line 2: SyntaxError"),
    ("exercise-generator-import-fails", exercise("import no_such_module_here\n"), PRACTICE, 5, "ModuleNotFoundError"),
    ("exercise-generator-exits", exercise("import sys\nsys.exit(1)\n"), PRACTICE, 5, "gen.py does not import (line 2: SystemExit: 1)"),
    ("exercise-generator-function-missing", exercise("def other(seed):\n    return {}\n"), PRACTICE, 5, "gen.py has no function 'make' (it defines other)"),
    ("exercise-raises-for-a-seed", exercise("def make(seed):\n    assert seed != 2, 'no coin'\n    return " + variant() + "\n"), PRACTICE, 3, "raised for seed 2 (line 2: AssertionError: no coin)"),
    ("exercise-exits-for-a-seed", exercise("import sys\n\ndef make(seed):\n    sys.exit(2)\n"), PRACTICE, 3, "raised for seed 0 (line 4: SystemExit: 2)"),
    ("exercise-returns-a-list", exercise(returning("[seed]")), PRACTICE, 3, "make returned a list, not a mapping"),
    ("exercise-no-question", exercise(returning(variant(question="<drop>"))), PRACTICE, 3, "the result has no 'question'"),
    ("exercise-unknown-field", exercise(returning(variant(hint="'Think.'"))), PRACTICE, 3, "unknown field 'hint'"),
    ("exercise-question-a-number", exercise(returning(variant(question="seed"))), PRACTICE, 3, "'question' is a number, not text"),
    ("exercise-answers-empty", exercise(returning(variant(answers="[]"))), PRACTICE, 3, "'answers' is empty"),
    ("exercise-value-text", exercise(returning(variant(answers="[{'label': 'x', 'value': '1', 'tolerance': 0}]"))), PRACTICE, 3, "'value' is text, not a number"),
    ("exercise-value-infinite", exercise(returning(variant(answers="[{'label': 'x', 'value': float('inf'), 'tolerance': 0}]"))), PRACTICE, 3, "'value' is inf, not a finite number"),
    ("exercise-tolerance-infinite-text", exercise(returning(variant(answers="[{'label': 'x', 'value': 1, 'tolerance': '1e999'}]"))), PRACTICE, 3, "'tolerance' '1e999' is not a finite number"),
    ("exercise-tolerance-infinite-percent", exercise(returning(variant(answers="[{'label': 'x', 'value': 1, 'tolerance': '1e999%'}]"))), PRACTICE, 3, "is not a finite number"),
    ("exercise-tolerance-negative", exercise(returning(variant(answers="[{'label': 'x', 'value': 1, 'tolerance': -0.1}]"))), PRACTICE, 3, "-0.1 is negative"),
    ("exercise-unknown-unit", exercise(returning(variant(answers="[{'label': 'x', 'value': 1, 'tolerance': 0, 'unit': 'm'}]"))), PRACTICE, 3, "'m' is not a unit the quiz knows"),
    ("exercise-two-labels-alike", exercise(returning(variant(answers=f"[{ANSWER}, {ANSWER}]"))), PRACTICE, 3, "have the same label 'x'"),
    ("exercise-mistake-of-no-answer", exercise(returning(variant(mistakes="[{'answer': 'y', 'value': 2, 'message': 'No.'}]"))), PRACTICE, 3, "names the answer 'y'"),
    ("exercise-mistake-is-the-answer", exercise(returning(variant(mistakes="[{'answer': 'x', 'value': 1.005, 'message': 'Close.'}]"))), PRACTICE, 3, "could not be told apart"),
    ("exercise-two-seeds-alike", exercise(returning(variant(question="f'Question {seed % 2}'"))), PRACTICE, 3, "seeds 0 and 2 give the same question"),
    ("exercise-bad-math", exercise(returning(variant(solution=r"'So $\\frac{1}{2$.'"))), PRACTICE, 3, "the solution's math `\\frac{1}{2` cannot be rendered"),
    ("exercise-unclosed-math", exercise(returning(variant(solution="'$$x'"))), PRACTICE, 3, "the solution's math `$$` cannot be rendered (unclosed)"),
    ("exercise-href-in-math", exercise(returning(variant(solution=r"'$\\href{http://a.org}{x}$'"))), PRACTICE, 3, "\\href is not rendered inside math"),
    ("exercise-variants-zero", exercise(returning(variant()), EXERCISE.replace("variants: 3", "variants: 0")), PRACTICE, 6, "'variants: 0' is out of range"),
    ("exercise-variants-too-many", exercise(returning(variant()), EXERCISE.replace("variants: 3", "variants: 1001")), PRACTICE, 6, "out of range"),
    ("exercise-variants-words", exercise(returning(variant()), EXERCISE.replace("variants: 3", "variants: many")), PRACTICE, 6, "'variants: many' is not a whole number"),
    ("exercise-variants-yes", exercise(returning(variant()), EXERCISE.replace("variants: 3", "variants: true")), PRACTICE, 6, "is not a whole number"),
    ("exercise-variants-fraction", exercise(returning(variant()), EXERCISE.replace("variants: 3", "variants: 2.5")), PRACTICE, 6, "'variants: 2.5' is not a whole number"),
    ("exercise-id-not-an-id", exercise(returning(variant()), EXERCISE.replace("id: ex", "id: 'a b'")), PRACTICE, 4, "'id: a b' is not an id"),
    ("exercise-unknown-option", exercise(returning(variant()), options(EXERCISE, "seed: 2026")), PRACTICE, 7, "unknown option 'seed'"),
    ("exercise-link-in-generated-text", exercise(returning(variant(solution="'See [x](nowhere.md).'"))), PRACTICE, 3, "'nowhere.md' (in the text this block's generator writes)"),
    # --- numbers
    ("numbers-stated-wrong", numbers("x = 1\n", "{{ x = 2 }}\n"), LESSON, 3, "states 2 for x but numbers.py gives 1"),
    ("numbers-no-numbers-py", page(LESSON, "Text.\n\n{{ x = 2 }}\n"), LESSON, 5, "has no numbers.py"),
    ("numbers-unknown-name", numbers("x = 1\n", "{{ y = 2 }}\n"), LESSON, 3, "no value named 'y'"),
    ("numbers-reference-unclosed", numbers("x = 1\n", "Text {{ x = 2\n"), LESSON, 3, "cannot read the number reference"),
    ("numbers-value-text", numbers("x = 'a'\n", "{{ x }}\n"), LESSON, 3, "is str, not a number"),
    ("numbers-value-infinite", numbers("x = float('inf')\n", "{{ x }}\n"), LESSON, 3, "is inf, not a finite number"),
    ("numbers-function-raises", numbers("def f():\n    return 1 / 0\n", "{{ f = 2 }}\n"), LESSON, 3, "f() in numbers.py raised line 2: ZeroDivisionError"),
    ("numbers-file-does-not-import", numbers("x = (\n", "{{ x = 1 }}\n"), LESSON, 3, "numbers.py does not import (line 1: SyntaxError"),
    ("numbers-file-exits", numbers("raise SystemExit\n", "{{ x = 1 }}\n"), LESSON, 3, "numbers.py does not import (line 1: SystemExit"),
    ("numbers-bad-format", numbers("x = 1.5\n", "{{ x:.2q }}\n"), LESSON, 3, "the format ':.2q' does not apply"),
    ("numbers-arithmetic", page(LESSON, "Text.\n\n$0.5 + 0.5 = 1.1$\n"), LESSON, 5, "the arithmetic '0.5 + 0.5 = 1.1' does not hold"),
    ("numbers-quiz-answer-unchecked", both(page(PRACTICE, NUMERIC), add(NUMBERS, "x = 4\n")), PRACTICE, 7, "'4 bits' is not checked against numbers.py"),
    ("numbers-after-front-matter", both(add(NUMBERS, "x = 1\n"), add(LESSON, "---\ntitle: L\n---\n# L\n\n{{ x = 2 }}\n")), LESSON, 6, "states 2 for x"),
    # --- math
    ("math-bad-tex", page(PRACTICE, "A formula $`\\frac{1}{2`$ here.\n"), PRACTICE, 3, "cannot render the math"),
    ("math-bad-dollar-tex", page(PRACTICE, "A formula $\\frac{1}{2$ here.\n"), PRACTICE, 3, "cannot render the math"),
    ("math-bad-bracket-tex", page(PRACTICE, "Text.\n\nA formula \\(\\frac{1}{2\\) here.\n"), PRACTICE, 5, "cannot render the math `\\frac{1}{2`"),
    ("math-undefined-command", page(PRACTICE, "A $\\foo$ b.\n"), PRACTICE, 3, "Undefined control sequence: \\foo"),
    ("math-bad-tex-in-math-fence", page(PRACTICE, "Text.\n\n```math\n\\frac{1\n```\n"), PRACTICE, 5, "cannot render the math `\\frac{1`"),
    ("math-bad-tex-in-quiz-option", page(PRACTICE, QUIZ.replace("A number", "A $\\frac{1$ number")), PRACTICE, 9, "cannot render the math"),
    ("math-bad-tex-in-flashcard", page(PRACTICE, CARDS.replace("A set of outcomes.", "$\\frac{1$")), PRACTICE, 7, "cannot render the math"),
    ("math-unclosed-backtick", page(PRACTICE, "Text\n\nA formula $`x^2 never closed.\n"), PRACTICE, 5, "math"),
    ("math-unclosed-double-backtick", page(PRACTICE, "A $``x never closed.\n"), PRACTICE, 3, "has no closing ```$`"),
    ("math-unclosed-display", page(PRACTICE, "$$\nx^2\n\nMore text.\n"), PRACTICE, 3, "$$"),
    ("math-unclosed-display-in-a-list", page(PRACTICE, "1. Step\n\n    $$\n    x\n\n2. Next\n"), PRACTICE, 5, "before the blank line on line 7"),
    ("math-unclosed-bracket", page(PRACTICE, "\\[\nx\n\nText.\n"), PRACTICE, 3, "has no closing `\\]`"),
    ("math-unclosed-math-fence", page(PRACTICE, "Text.\n\n```math\nx^2\n\nMore.\n"), PRACTICE, 5, "the fenced block opened with ````math` is never closed"),
    ("math-unclosed-code-fence", page(PRACTICE, "Text.\n\n```python\nx = 1\n\nMore $x$.\n"), PRACTICE, 5, "the fenced block opened with ````python` is never closed"),
    ("math-href", page(PRACTICE, "A link in math $`\\href{https://example.org}{x}`$.\n"), PRACTICE, 3, "\\href"),
    ("math-url", page(PRACTICE, "A $\\url{https://example.org}$ b.\n"), PRACTICE, 3, "\\url is not rendered inside math"),
    ("math-after-front-matter", add(PRACTICE, "---\ntitle: P\n---\n# P\n\n$\\frac{1$\n"), PRACTICE, 6, "cannot render the math"),
    ("math-not-standard-latex", page(PRACTICE, "A formula $\u00fc$ here.\n"), PRACTICE, 3, "is not standard LaTeX"),
    # --- pages
    ("page-front-matter-yaml", add(BRIEF, "---\ntitle: [oops\n---\n\n# Brief\n"), BRIEF, 2, "front matter"),
    ("page-front-matter-yaml-second-line", add(BRIEF, "---\ntitle: Brief\ntags: [a\nauthor: me\n---\n\n# Brief\n"), BRIEF, 3, "front matter is not valid YAML"),
    ("page-front-matter-not-a-mapping", add(BRIEF, "---\n- a\n- b\n---\n\n# Brief\n"), BRIEF, 1, "not 'key: value' lines"),
    ("page-docs-front-matter-yaml", add(DOC, "---\ntitle: [x\n---\n\n# Extra\n"), DOC, 2, "front matter is not valid YAML"),
    ("page-not-utf8", add(BRIEF, "# Brief\n\nCaf\xe9\n"), BRIEF, 3, "UTF-8"),
    ("page-docs-not-utf8", add(DOC, "# Extra\n\nText.\n\ncaf\xe9\n"), DOC, 5, "not UTF-8"),
    ("page-home-not-utf8", add("docs/index.md", "# Home\n\ncaf\xe9\n"), "docs/index.md", 3, "not UTF-8"),
    ("page-track-marker-misplaced", add(DOC, "# Extra\n\nText.\n\n<!-- track-lessons -->\n"), DOC, 5, "is not a track page"),
    ("page-track-marker-unknown-track", add(DOC, "---\ntrack: t09\n---\n# Extra\n\n<!-- track-lessons -->\n"), DOC, 6, "there is no track 't09'"),
    # --- links
    ("link-missing-page", page(BRIEF, "See [the next lesson](../02-missing/index.md).\n"), BRIEF, 3, "02-missing"),
    ("link-missing-image", page(BRIEF, "Text.\n\n![A figure](figures/none.svg)\n"), BRIEF, 5, "the image 'figures/none.svg'"),
    ("link-missing-anchor", page(BRIEF, "See [practice](practice.md#no-such-section).\n"), BRIEF, 3, "no-such-section"),
    ("link-missing-anchor-on-this-page", page(PRACTICE, "Text.\n\nSee [above](#nowhere).\n"), PRACTICE, 5, "that this page does not have"),
    ("link-missing-anchor-in-docs", add(DOC, "# Extra\n\n[Home](index.md#nope)\n"), DOC, 3, "that docs/index.md does not have"),
    ("link-missing-in-quiz-option", page(PRACTICE, QUIZ.replace("- [ ] A number", "- [ ] A [number](nowhere.md)")), PRACTICE, 9, "nowhere.md"),
    ("link-missing-in-flashcard", page(PRACTICE, CARDS.replace("A set of outcomes.", "See [this](nowhere.md).")), PRACTICE, 7, "the link 'nowhere.md'"),
    ("link-missing-image-in-flashcard", page(PRACTICE, CARDS.replace("A set of outcomes.", "![fig](figures/none.png)")), PRACTICE, 7, "the image 'figures/none.png'"),
    ("link-missing-in-drill", page(PRACTICE, DRILL.replace("Why.", "Why: see [this](nowhere.md).")), PRACTICE, 11, "the link 'nowhere.md'"),
    ("link-missing-in-docs", add(DOC, "# Extra\n\n[x](nowhere.md)\n"), DOC, 3, "points to docs/nowhere.md, which does not exist"),
    ("link-to-a-brief", page(PRACTICE, "Text.\n\nSee [the brief](brief.md).\n"), PRACTICE, 5, "Write 'index.md'"),
    ("link-from-docs-into-lesson-src", add(DOC, "# Extra\n\n[x](../lesson_src/t01/01-events/practice.md)\n"), DOC, 3, "Write 't01/01-events/practice.md'"),
    ("link-to-a-folder", page(PRACTICE, "See [next](../02-missing/).\n"), PRACTICE, 3, "does not name a file"),
    ("link-absolute", page(PRACTICE, "See [home](/t01/01-events/).\n"), PRACTICE, 3, "starts with '/'"),
    ("link-shown-in-code-first", page(PRACTICE, "Write `[a](nowhere.md)` like this.\n\nThen [b](nowhere.md).\n"), PRACTICE, 5, "nowhere.md"),
    ("link-reference-style", page(PRACTICE, "See [a][1].\n\n[1]: nowhere.md\n"), PRACTICE, 5, "nowhere.md"),
    # --- lesson.yml
    ("meta-not-utf8", append(META, "summary: caf\xe9\n"), META, 9, "UTF-8"),
    ("meta-repeated-key", append(META, "read_minutes: 7\n"), META, 9, "twice"),
    ("meta-prerequisite-itself", append(META, "prerequisites: [t01/01]\n"), META, 9, "itself"),
    ("meta-next-itself", append(META, "next: t01/01\n"), META, 9, "itself"),
    ("meta-prerequisite-twice", append(META, "prerequisites:\n  - t01/02\n  - t01/02\n"), META, 11, "names t01/02 twice"),
    ("meta-prerequisite-unknown", append(META, "prerequisites: [t01/03]\n"), META, 9, "no lesson of any track"),
    ("meta-prerequisite-not-an-id", append(META, "prerequisites:\n  - t01/02\n  - t01/2\n"), META, 11, "item 2 of 'prerequisites'"),
    ("meta-prerequisites-not-a-list", append(META, "prerequisites: t01/02\n"), META, 9, "must be a list of lesson ids"),
    ("meta-next-unknown", append(META, "next: t01/03\n"), META, 9, "no lesson of any track"),
    ("meta-next-a-list", append(META, "next: [t01/02]\n"), META, 9, "'next' must be a lesson id"),
    ("meta-bad-yaml", edit(META, "phase: 1", "phase: [1"), META, 4, "not valid YAML"),
    ("meta-bad-yaml-unclosed-quote", edit(META, "track: t01", 'track: "t01'), META, 2, "not valid YAML"),
    ("meta-bad-yaml-no-colon", edit(META, "track: t01", "track t01"), META, 2, "could not find expected ':'"),
    ("meta-bad-yaml-tab", edit(META, "phase: 1", "phase:\t1"), META, 4, "'\\t'"),
    ("meta-bad-yaml-item-indented-less", edit(META, "objectives: [Say what an event is]", "objectives:\n  - Say what an event is\n - Say what an outcome is"), META, 7, "not valid YAML"),
    ("meta-bad-yaml-key-indented-more", edit(META, "number: 1", "  number: 1"), META, 3, "not valid YAML"),
    ("meta-bad-yaml-second-document", append(META, "---\nsummary: x\n"), META, 9, "another document"),
    ("meta-unknown-key", append(META, "summry: Events.\n"), META, 9, "Did you mean 'summary'?"),
    ("meta-missing-key", without(META, "difficulty"), META, 1, "'difficulty' is missing"),
    ("meta-empty", add(META, ""), META, 1, "expected a mapping of keys"),
    ("meta-a-list", add(META, "- title: x\n"), META, 1, "expected a mapping of keys"),
    ("meta-title-empty", key(META, "title", "''"), META, 1, "'title' must be a non-empty title"),
    ("meta-title-a-list", key(META, "title", "[a]"), META, 1, "'title' must be a non-empty title"),
    ("meta-track-another", key(META, "track", "t02"), META, 2, "'track' is 't02' but the folder is in t01"),
    ("meta-track-a-number", key(META, "track", "1"), META, 2, "'track' must be the track's folder name"),
    ("meta-number-words", key(META, "number", "one"), META, 3, "'number' must be a whole number from 1"),
    ("meta-number-zero", key(META, "number", "0"), META, 3, "'number' must be a whole number from 1"),
    ("meta-number-fraction", key(META, "number", "1.0"), META, 3, "not 1.0"),
    ("meta-number-yes", key(META, "number", "true"), META, 3, "not True"),
    ("meta-number-not-the-folders", key(META, "number", "2"), META, 3, "but the folder says 01"),
    ("meta-number-beyond-total", both(rename_folder(L, "lesson_src/t01/04-events"), key("lesson_src/t01/04-events/lesson.yml", "number", "4")), "lesson_src/t01/04-events/lesson.yml", 3, "beyond the track's total of 3"),
    ("meta-phase-unknown", key(META, "phase", "2"), META, 4, "phase 2 is not in lesson_src/t01/track.yml"),
    ("meta-phase-words", key(META, "phase", "one"), META, 4, "'phase' must be a phase number"),
    ("meta-objectives-text", key(META, "objectives", "Say what an event is"), META, 5, "'objectives' must be a list"),
    ("meta-objectives-empty", key(META, "objectives", "[]"), META, 5, "'objectives' must be a list"),
    ("meta-objective-empty", key(META, "objectives", "\n  - Say what an event is\n  - ''"), META, 7, "item 2 of 'objectives'"),
    ("meta-objective-a-number", key(META, "objectives", "[1]"), META, 5, "item 1 of 'objectives'"),
    ("meta-read-minutes-words", key(META, "read_minutes", "five"), META, 6, "'read_minutes' must be whole minutes"),
    ("meta-read-minutes-zero", key(META, "read_minutes", "0"), META, 6, "not 0"),
    ("meta-read-minutes-fraction", key(META, "read_minutes", "5.5"), META, 6, "not 5.5"),
    ("meta-read-minutes-empty", key(META, "read_minutes", ""), META, 6, "not None"),
    ("meta-practice-minutes-negative", key(META, "practice_minutes", "-5"), META, 7, "'practice_minutes' must be whole minutes"),
    ("meta-difficulty-unknown", key(META, "difficulty", "hard"), META, 8, "one of introductory, standard, advanced"),
    ("meta-difficulty-capitalized", key(META, "difficulty", "Standard"), META, 8, "not 'Standard'"),
    ("meta-summary-a-number", append(META, "summary: 5\n"), META, 9, "'summary' must be one or two sentences"),
    ("meta-summary-empty", append(META, "summary: ''\n"), META, 9, "'summary' must be one or two sentences"),
    ("meta-yaml-alias-undefined", append(META, "summary: *nope\n"), META, 9, "undefined alias"),
    ("meta-title-differs-from-track", edit(META, "title: Events and outcomes", "title: Events & outcomes"), META, 1, "differs from 'Events and outcomes' in lesson_src/t01/track.yml (line 6)"),
    ("meta-missing-page", drop(f"{L}/cheatsheet.md"), f"{L}/cheatsheet.md", None, "missing"),
    ("meta-missing", drop(META), L, None, "this lesson folder has no lesson.yml"),
    ("meta-folder-name", rename_folder(L, "lesson_src/t01/1-events"), "lesson_src/t01/1-events", None, "NN-slug"),
    ("meta-two-folders-one-number", second_lesson_numbered_one, "lesson_src/t01/01-outcomes/lesson.yml", 3, "also by lesson_src/t01/01-events"),
    # --- track.yml
    ("track-repeated-number", edit(TRACK, "  2: Bayes' rule\n", "  2: Bayes' rule\n  2: Priors\n"), TRACK, 8, "twice"),
    ("track-repeated-phase", edit(TRACK, "  1: Foundations\n", "  1: Foundations\n  1: Again\n"), TRACK, 5, "the key '1' appears twice (first on line 4)"),
    ("track-bad-yaml", edit(TRACK, "total: 3", "total: [3"), TRACK, 2, "not valid YAML"),
    ("track-bad-yaml-indentation", edit(TRACK, "  2: Bayes' rule\n", "  2: Bayes' rule\n 3: Priors\n"), TRACK, 8, "not valid YAML"),
    ("track-not-utf8", append(TRACK, "description: caf\xe9\n"), TRACK, 8, "UTF-8"),
    ("track-unknown-key", append(TRACK, "lesons: {}\n"), TRACK, 8, "Did you mean 'lessons'?"),
    ("track-missing-key", without(TRACK, "total"), TRACK, 1, "'total' is missing"),
    ("track-missing", drop(TRACK), "lesson_src/t01", None, "this track folder has no track.yml"),
    ("track-empty", add(TRACK, ""), TRACK, 1, "expected a mapping of keys"),
    ("track-title-empty", key(TRACK, "title", "''"), TRACK, 1, "'title' must be the track's title"),
    ("track-title-a-number", key(TRACK, "title", "5"), TRACK, 1, "not 5"),
    ("track-code-a-number", append(TRACK, "code: 5\n"), TRACK, 8, "'code' must be a short label"),
    ("track-description-a-list", append(TRACK, "description: [a]\n"), TRACK, 8, "'description' must be one paragraph"),
    ("track-total-words", key(TRACK, "total", "three"), TRACK, 2, "'total' must be the number of lessons"),
    ("track-total-zero", key(TRACK, "total", "0"), TRACK, 2, "not 0"),
    ("track-total-below-a-lesson", key(TRACK, "total", "1"), TRACK, 7, "lesson 2 is beyond the track's total of 1"),
    ("track-phases-a-list", edit(TRACK, "phases:\n  1: Foundations\n", "phases: [Foundations]\n"), TRACK, 3, "'phases' must be a mapping"),
    ("track-phases-empty", edit(TRACK, "phases:\n  1: Foundations\n", "phases: {}\n"), TRACK, 3, "'phases' must be a mapping"),
    ("track-phase-number-words", edit(TRACK, "  1: Foundations\n", "  one: Foundations\n"), TRACK, 4, "the entry 'one: Foundations' under 'phases'"),
    ("track-phase-name-empty", edit(TRACK, "  1: Foundations\n", "  1: ''\n"), TRACK, 4, "under 'phases'"),
    ("track-lessons-a-list", edit(TRACK, "lessons:\n  1: Events and outcomes\n  2: Bayes' rule\n", "lessons: [Events and outcomes]\n"), TRACK, 5, "'lessons' must be a mapping"),
    ("track-lesson-number-words", edit(TRACK, "  2: Bayes' rule\n", "  two: Bayes' rule\n"), TRACK, 7, "the entry \"two: Bayes' rule\" under 'lessons'"),
    ("track-lesson-number-zero", edit(TRACK, "  2: Bayes' rule\n", "  0: Bayes' rule\n"), TRACK, 7, "under 'lessons'"),
    ("track-lesson-title-empty", edit(TRACK, "  2: Bayes' rule\n", "  2: ''\n"), TRACK, 7, "under 'lessons'"),
    ("track-lesson-title-a-number", edit(TRACK, "  2: Bayes' rule\n", "  2: 42\n"), TRACK, 7, "the entry '2: 42' under 'lessons'"),
    ("track-lesson-without-title", edit(TRACK, "  2: Bayes' rule\n", "  2:\n"), TRACK, 7, "the entry '2: null' under 'lessons'"),
    ("track-lesson-unknown-key", edit(TRACK, "  2: Bayes' rule\n", "  2: {title: Bayes' rule, phse: 1}\n"), TRACK, 7, "under 'lessons'"),
    ("track-lesson-unknown-phase", edit(TRACK, "  2: Bayes' rule\n", "  2: {title: Bayes' rule, phase: 3}\n"), TRACK, 7, "lesson 2 is in phase 3"),
    ("track-lesson-beyond-total", edit(TRACK, "  2: Bayes' rule\n", "  9: Bayes' rule\n"), TRACK, 7, "lesson 9 is beyond the track's total of 3"),
    ("track-title-differs-from-lesson", edit(TRACK, "1: Events and outcomes", "1: Events, outcomes"), META, 1, "differs from 'Events, outcomes' in lesson_src/t01/track.yml (line 6)"),
]

# Several mistakes in one file: one line each, each naming its own line.
SEVERAL: list[tuple[str, Change, str, list[tuple[int, str]]]] = [
    (
        "link-written-twice",
        page(PRACTICE, "See [a](nowhere.md).\n\nAnd [b](nowhere.md) again.\n"),
        PRACTICE,
        [(3, "nowhere.md"), (5, "nowhere.md")],
    ),
]

# Input that is right, in forms a mistake was once made of: it builds, and renders.
# (id, change, the page's folder in the site, a regular expression its HTML must match)
VALID: list[tuple[str, Change, str, str]] = [
    ("math-dollars", page(PRACTICE, "Inline $x^2$ here.\n"), "t01/01-events/practice", r'<span class="katex">.*x'),
    ("math-double-dollars", page(PRACTICE, "Display:\n\n$$\nx^2\n$$\n"), "t01/01-events/practice", r'class="katex-display"'),
    ("math-parentheses", page(PRACTICE, "Inline \\(x^2\\) here.\n"), "t01/01-events/practice", r'<span class="katex">'),
    ("math-brackets", page(PRACTICE, "Display:\n\n\\[\nx^2\n\\]\n"), "t01/01-events/practice", r'class="katex-display"'),
    ("math-after-a-code-span-of-three-backticks", page(PRACTICE, "```x``` and then $y$.\n"), "t01/01-events/practice", r'<code>x</code> and then <span class="course-nowrap"><span class="katex">'),
    ("math-dollar-prices", page(PRACTICE, "It costs $5 and $10.\n"), "t01/01-events/practice", r"It costs \$5 and \$10\."),
    ("block-options-indented-by-a-tab", page(PRACTICE, QUIZ.replace("    id: q", "\tid: q")), "t01/01-events/practice", r'data-widget="quiz" id="q"'),
    ("block-name-capitalized", page(PRACTICE, QUIZ.replace("/// quiz", "/// Quiz")), "t01/01-events/practice", r'data-widget="quiz" id="q"'),
    ("block-rendered-in-an-admonition", page(PRACTICE, "!!! note\n\n" + indented(QUIZ)), "t01/01-events/practice", r'(?s)class="admonition note".*data-widget="quiz" id="q"'),
    ("page-utf8-byte-order-mark", add(BRIEF, "\ufeff# Brief\n\nText.\n"), "t01/01-events", r'<h1 id="brief">Brief'),
]


def _latin1(text: str) -> bool:
    """Whether a fixture file is to be written as Latin-1 bytes (its text holds \\xe9), not UTF-8."""
    return "\xe9" in text


def _write(course: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        if _latin1(text):
            (course / path).write_bytes(text.encode("latin-1"))


ALL = [(case, change) for case, change, *_ in CORPUS + SEVERAL + VALID]  # type: ignore[operator]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    root = tmp_path_factory.mktemp("mistakes")
    good = basic_course()
    cases = {}
    for case, change in ALL:
        files = basic_course()
        change(files)
        course = write_course(root / case, {k: v for k, v in files.items() if not _latin1(v)})
        _write(course, files)
        changes = {
            path: None if path not in files else {"text": files[path], "latin1": _latin1(files[path])}
            for path in sorted(set(good) | set(files))
            if good.get(path) != files.get(path)
        }
        cases[case] = {"course": str(course), "changes": changes}
    serve_course = write_course(root / "serve", good)
    (root / "cases.json").write_text(json.dumps({"serve_course": str(serve_course), "cases": cases}), "utf-8")
    # The strict builds and the preview server's saves run side by side, one process each.
    runs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "mistakes_driver.py"), mode, str(root / "cases.json"), str(root / f"{mode}.json")],
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "tests")},
        )
        for mode in ("strict", "serve")
    ]
    for run in runs:
        assert run.wait(timeout=900) == 0
    strict, serve = (json.loads((root / f"{mode}.json").read_text("utf-8")) for mode in ("strict", "serve"))
    return {case: {**strict[case], **serve[case], "course": cases[case]["course"]} for case in strict}


def _report(result: dict[str, object]) -> str:
    return "\n".join(result["lines"]) + str(result["traceback"])  # type: ignore[arg-type]


def _where(source: str, line: int | None) -> str:
    return f"Doc file '{source}', line {line}:" if line is not None else f"Doc file '{source}':"


@pytest.mark.parametrize(("case", "change", "source", "line", "words"), CORPUS, ids=[c[0] for c in CORPUS])
def test_the_mistake_is_named_at_its_file_and_line(
    results: dict[str, dict[str, object]], case: str, change: Change, source: str, line: int | None, words: str
) -> None:
    result = results[case]
    lines: list[str] = result["lines"]  # type: ignore[assignment]
    report = _report(result)
    assert result["failed"], f"the strict build passed:\n{report}"
    assert not result["traceback"], report
    assert len(lines) == 1 and "\n" not in lines[0], f"not one line:\n{report}"
    assert _where(source, line) in lines[0], f"the message does not name {_where(source, line)}:\n{report}"
    assert words in lines[0], f"the message does not say {words!r}:\n{report}"
    assert "Doc file 't01/" not in lines[0], f"the message names a generated path:\n{report}"


@pytest.mark.parametrize(("case", "change", "source", "line", "words"), CORPUS, ids=[c[0] for c in CORPUS])
def test_the_preview_server_says_the_same_and_clears_it_once_fixed(
    results: dict[str, dict[str, object]], case: str, change: Change, source: str, line: int | None, words: str
) -> None:
    result = results[case]
    strict = [text.split("-  ", 1)[1] for text in result["lines"]]  # type: ignore[union-attr]
    assert result["serve_start"] == strict, "a preview server started on the mistake"
    assert result["serve_save"] == strict, "the mistake saved while the preview server runs"
    assert result["serve_fixed"] == [], "the fix saved while the preview server runs"


@pytest.mark.parametrize(("case", "change", "source", "places"), SEVERAL, ids=[c[0] for c in SEVERAL])
def test_several_mistakes_are_named_one_line_each(
    results: dict[str, dict[str, object]], case: str, change: Change, source: str, places: list[tuple[int, str]]
) -> None:
    result = results[case]
    lines: list[str] = result["lines"]  # type: ignore[assignment]
    assert result["failed"] and not result["traceback"], _report(result)
    assert len(lines) == len(places), _report(result)
    for text, (line, words) in zip(lines, places):
        assert _where(source, line) in text and words in text, _report(result)
    strict = [text.split("-  ", 1)[1] for text in lines]
    assert result["serve_start"] == result["serve_save"] == strict and result["serve_fixed"] == []


@pytest.mark.parametrize(("case", "change", "folder", "html"), VALID, ids=[c[0] for c in VALID])
def test_right_input_builds_and_renders(
    results: dict[str, dict[str, object]], case: str, change: Change, folder: str, html: str
) -> None:
    result = results[case]
    assert not result["failed"] and not result["lines"], _report(result)
    assert result["serve_start"] == result["serve_save"] == result["serve_fixed"] == []
    written = (Path(str(result["course"])) / "site" / folder / "index.html").read_text("utf-8")
    article = written[written.index("<article") : written.index("</article>")]
    assert re.search(html, article), article


def test_the_corpus_covers_every_kind() -> None:
    kinds = {case.split("-")[0] for case, *_ in CORPUS}
    expected = {"block", "quiz", "drill", "flashcards", "calculator", "exercise", "numbers", "math", "page", "link", "meta", "track"}
    assert kinds == expected
    assert len({case for case, *_ in CORPUS + SEVERAL + VALID}) == len(CORPUS + SEVERAL + VALID), "two cases share an id"  # type: ignore[operator]
