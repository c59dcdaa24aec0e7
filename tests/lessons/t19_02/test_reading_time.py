"""The lesson's reading time, computed from its prose, matches `read_minutes` in lesson.yml.

How the reading time is computed (see `reading_seconds`):

* front matter, fenced code blocks, HTML comments and image syntax are removed;
* each display-math block (a ```math fence) counts as 10 seconds;
* each inline formula ($`...`$) counts as 2 seconds;
* inline code keeps its words, links keep their text and lose their URLs;
* the remaining words of prose (tables, headings and admonition titles included; Markdown
  punctuation such as |, #, *, !!! and lone dashes excluded) are read at 200 words per minute.

The computed time must lie within 15% of the declared minutes.

The practice time (`practice_seconds`) follows a rule per item, counted from practice.md:

* a self-check question, with its options, feedback and explanation: 60 seconds;
* a spot-the-bug drill model (five lines of code, a verdict, the explanation): 75 seconds;
* a fresh-sequence exercise (three to five logarithms, a sum, a conversion to bits): 150 seconds;
* a flashcard on its first review (read, recall, flip, grade): 15 seconds.

It too must lie within 15% of the declared `practice_minutes`.
"""

from __future__ import annotations

import re

import yaml

from conftest import ROOT
from coursemd.numbers import substitute

LESSON_DIR = ROOT / "lesson_src" / "t19" / "02-autoregressive-models"
WORDS_PER_MINUTE = 200
SECONDS_PER = {"quiz question": 60, "drill model": 75, "exercise": 150, "flashcard": 15}
DISPLAY_MATH_SECONDS = 10
INLINE_MATH_SECONDS = 2
TOLERANCE = 0.15

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\n.*?^(?P=fence)[ \t]*$", re.S | re.M)
COMMENT = re.compile(r"<!--.*?-->", re.S)
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
INLINE_MATH = re.compile(r"\$`[^`]+`\$")
WORD = re.compile(r"[A-Za-z0-9À-ÿ][\w'’.,%/×−-]*")


def prose_parts(markdown: str) -> tuple[str, int, int]:
    """Return (prose text, number of display-math blocks, number of inline formulas)."""
    text = FRONT_MATTER.sub("", markdown)
    display = 0

    def fence(match: re.Match[str]) -> str:
        nonlocal display
        if match.group("info").strip() == "math":
            display += 1
        return ""

    text = FENCE.sub(fence, text)
    text = COMMENT.sub("", text)
    text = IMAGE.sub("", text)
    text = LINK.sub(r"\1", text)
    inline = len(INLINE_MATH.findall(text))
    text = INLINE_MATH.sub("", text)
    return text, display, inline


def count_words(prose: str) -> int:
    return len(WORD.findall(prose))


def reading_seconds(markdown: str) -> tuple[float, int, int, int]:
    """Seconds to read, with the word, display-math and inline-math counts behind it."""
    prose, display, inline = prose_parts(markdown)
    words = count_words(prose)
    seconds = words * 60 / WORDS_PER_MINUTE + display * DISPLAY_MATH_SECONDS + inline * INLINE_MATH_SECONDS
    return seconds, words, display, inline


def test_counting_rules() -> None:
    sample = (
        "---\ntitle: x\n---\n# Two words\n\n```python\nignored code here\n```\n"
        "One $`x^2`$ [link text](https://example.org/a-b-c) <!-- hidden words -->\n"
        "![alt words](figures/a.svg){ width=\"400\" height=\"250\" }\n\n```math\na = b\n```\n"
    )
    seconds, words, display, inline = reading_seconds(sample)
    assert (words, display, inline) == (5, 1, 1)  # Two words One link text
    assert seconds == 5 * 60 / WORDS_PER_MINUTE + DISPLAY_MATH_SECONDS + INLINE_MATH_SECONDS


def test_lesson_reading_time_matches_metadata() -> None:
    lesson = LESSON_DIR / "lesson.md"
    meta = yaml.safe_load((LESSON_DIR / "lesson.yml").read_text("utf-8"))
    declared = float(meta["read_minutes"])
    # Read what the student sees: `{{ name = 0.12 }}` shows as "0.12".
    shown, problems = substitute(lesson.read_text("utf-8"), LESSON_DIR / "numbers.py")
    assert not problems, problems
    seconds, words, display, inline = reading_seconds(shown)
    minutes = seconds / 60
    assert abs(minutes - declared) <= TOLERANCE * declared, (
        f"{lesson.relative_to(ROOT)}: computed reading time {minutes:.1f} min ({words} words at {WORDS_PER_MINUTE} wpm, "
        f"{display} display formulas x {DISPLAY_MATH_SECONDS} s, {inline} inline formulas x {INLINE_MATH_SECONDS} s) "
        f"but lesson.yml declares read_minutes: {declared:g} (allowed ±{TOLERANCE:.0%})"
    )


# --- Practice time -------------------------------------------------------------------------------

BLOCK = re.compile(r"^/// (?P<name>[\w-]+)[^\n]*\n(?P<body>.*?)^///[ \t]*$", re.S | re.M)
SEPARATOR = re.compile(r"\n[ \t]*\n---[ \t]*\n[ \t]*\n")


def practice_items(markdown: str) -> dict[str, int]:
    """How many quiz questions, drill models, exercises and flashcards the practice page holds."""
    items = dict.fromkeys(SECONDS_PER, 0)
    for block in BLOCK.finditer(FENCE.sub("", markdown)):
        name, body = block.group("name"), block.group("body")
        if name == "quiz":
            items["quiz question"] += len(SEPARATOR.split(body))
        elif name == "drill":
            items["drill model"] += len(SEPARATOR.split(body))
        elif name == "exercise":
            items["exercise"] += 1
        elif name == "flashcards":
            items["flashcard"] += len(re.findall(r"^Q:", body, re.M))
    return items


def practice_seconds(markdown: str) -> tuple[float, dict[str, int]]:
    items = practice_items(markdown)
    return sum(SECONDS_PER[kind] * count for kind, count in items.items()), items


def test_practice_counting_rules() -> None:
    sample = (
        "/// quiz\n    id: q\n\nOne?\n\n- [x] a\n\n---\n\nTwo?\n\nAnswer: 1\nTolerance: 0\n///\n\n"
        "/// drill\n    id: d\n\nA model:\n\n1. `x`\n2. [bug] `y`\n\nWhy.\n///\n\n"
        "/// exercise\n    generator: g.py:g\n///\n\n"
        "/// flashcards | Deck\n    id: f\n\nQ: one\nA: 1\n\n```math\nQ: not a card\n```\n\nQ: two\nA: 2\n///\n"
    )
    seconds, items = practice_seconds(sample)
    assert items == {"quiz question": 2, "drill model": 1, "exercise": 1, "flashcard": 2}
    assert seconds == 2 * 60 + 75 + 150 + 2 * 15


def test_practice_time_matches_metadata() -> None:
    practice = LESSON_DIR / "practice.md"
    meta = yaml.safe_load((LESSON_DIR / "lesson.yml").read_text("utf-8"))
    declared = float(meta["practice_minutes"])
    seconds, items = practice_seconds(practice.read_text("utf-8"))
    # The brief promises six questions, one exercise and four drill models; the deck is what gives.
    assert (items["quiz question"], items["exercise"], items["drill model"]) == (6, 1, 4), items
    minutes = seconds / 60
    rule = ", ".join(f"{count} x {kind} at {SECONDS_PER[kind]} s" for kind, count in items.items())
    assert abs(minutes - declared) <= TOLERANCE * declared, (
        f"{practice.relative_to(ROOT)}: computed practice time {minutes:.1f} min ({rule}) "
        f"but lesson.yml declares practice_minutes: {declared:g} (allowed ±{TOLERANCE:.0%})"
    )
