"""The answer of a numeric quiz question, as the author writes it under the question:

    Answer: 4 bits
    Tolerance: 0.01

`Answer:` takes a number and an optional unit, `nats` or `bits` (singular too), and nothing
else: those are the units a student of this course confuses, and the widget converts between
them to tell a student who answered in the other one. `Tolerance:` is required, because a
computed answer is never typed exactly: an absolute margin in the answer's unit (`0.01`) or a
relative one (`1%`). Zero is allowed (a count of steps, say); a negative one is a mistake.

`parse_answer` reads the paragraph and raises `AnswerError(problem, fix)`; the quiz block
turns that into the one-line author message with the file and line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

ANSWER_LINE = re.compile(r"^\s*Answer:[ \t]*(?P<value>.*?)\s*$", re.IGNORECASE)
TOLERANCE_LINE = re.compile(r"^\s*Tolerance:[ \t]*(?P<value>.*?)\s*$", re.IGNORECASE)
NUMBER = r"[+\-−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
VALUE_AND_UNIT = re.compile(rf"^(?P<number>{NUMBER})(?:\s*(?P<unit>[A-Za-z]+))?$")
TOLERANCE = re.compile(rf"^(?P<number>{NUMBER})\s*(?P<percent>%?)$")
UNITS = {"nat": "nats", "nats": "nats", "bit": "bits", "bits": "bits"}

ANSWER_FIX = "Write 'Answer:' then a number and optionally nats or bits, e.g. 'Answer: 4 bits'"
TOLERANCE_FIX = "Add a line 'Tolerance: 0.01' (in the answer's unit) or 'Tolerance: 1%' under 'Answer:'"


class AnswerError(ValueError):
    """A mistake in a numeric answer: what is wrong, how to fix it, and which line is at fault
    (`at`: 'Answer:', 'Tolerance:' or the stray line itself, for the caller to find)."""

    def __init__(self, problem: str, fix: str, at: str = "Answer:") -> None:
        super().__init__(problem)
        self.problem, self.fix, self.at = problem, fix, at


@dataclass(frozen=True)
class NumericAnswer:
    """The right value, its unit ('nats', 'bits' or ''), and the margin a student may be off:
    `tolerance` in the answer's unit, or in percent of the value when `relative`."""

    value: float
    unit: str
    tolerance: float
    relative: bool

    def margin(self) -> float:
        """The absolute margin around `value`."""
        return self.tolerance / 100 * abs(self.value) if self.relative else self.tolerance

    def accepts(self, value: float) -> bool:
        """Whether `value` (in the answer's unit) counts as right; mirrors quiz-numeric.js."""
        return abs(value - self.value) <= self.margin() * (1 + 1e-12) + 1e-12 * max(1.0, abs(self.value))

    def key(self) -> str:
        """What the static answer key says, e.g. '4 bits (accepted within ±0.01)'."""
        shown = f"{format_number(self.value)} {self.unit}".strip()
        margin = f"{format_number(self.tolerance)}%" if self.relative else format_number(self.tolerance)
        return f"{shown} (accepted within ±{margin})" if self.tolerance else f"{shown} (exactly)"


def format_number(value: float) -> str:
    """Shortest faithful decimal: 4, 0.01, 2.7726, 1e-05."""
    return repr(value).removesuffix(".0") if math.isfinite(value) else str(value)


def is_answer(text: str) -> bool:
    """Whether a paragraph is a numeric answer (its first line starts `Answer:`)."""
    return bool(ANSWER_LINE.match(text.split("\n", 1)[0]))


def is_tolerance(text: str) -> bool:
    """Whether a paragraph starts `Tolerance:` (written apart from its `Answer:`)."""
    return bool(TOLERANCE_LINE.match(text.split("\n", 1)[0]))


def parse_answer(text: str) -> NumericAnswer:
    """Read `Answer: ...` and `Tolerance: ...` lines (in one paragraph or joined by the caller)."""
    answer = tolerance = None
    for line in text.splitlines():
        if not line.strip():
            continue
        if (match := ANSWER_LINE.match(line)) is not None:
            answer = match.group("value")
        elif (match := TOLERANCE_LINE.match(line)) is not None:
            tolerance = match.group("value")
        else:
            raise AnswerError(
                f"the line '{line.strip()[:40]}' belongs to the numeric answer "
                "but is neither 'Answer:' nor 'Tolerance:'",
                "Leave a blank line between the answer and the explanation",
                at=line.strip(),
            )
    if not answer:
        raise AnswerError("the numeric answer is empty", ANSWER_FIX)
    found = VALUE_AND_UNIT.match(answer)
    if found is None:
        raise AnswerError(f"the answer '{answer[:40]}' is not a number with an optional unit", ANSWER_FIX)
    unit_written = found.group("unit") or ""
    unit = UNITS.get(unit_written.lower(), "") if unit_written else ""
    if unit_written and not unit:
        raise AnswerError(
            f"the answer's unit '{unit_written}' is not one the quiz knows",
            "Use nats or bits, or leave the unit out and name it in the question",
        )
    if tolerance is None:
        raise AnswerError("the numeric answer has no tolerance", TOLERANCE_FIX)
    value = to_float(found.group("number"))
    if not math.isfinite(value):  # 1e999 reads as infinity: the page would show "inf"
        raise AnswerError(f"the answer is not a finite number ({value})", ANSWER_FIX)
    try:
        size, relative = read_tolerance(tolerance)
    except AnswerError as error:
        raise AnswerError(error.problem, error.fix, at="Tolerance:") from None
    return NumericAnswer(value, unit, size, relative)


def read_tolerance(text: str) -> tuple[float, bool]:
    """(size, relative) from '0.01' (in the answer's unit) or '1%'; what the quiz and an
    exercise generator's 'tolerance' share: a finite number, not negative."""
    margin = TOLERANCE.match(text.strip())
    if margin is None:
        raise AnswerError(f"the tolerance '{text.strip()[:40]}' is not a number or a percentage", TOLERANCE_FIX)
    size = to_float(margin.group("number"))
    if not math.isfinite(size):  # 1e999 reads as infinity: every answer would be right
        raise AnswerError(f"the tolerance is not a finite number ({size})", TOLERANCE_FIX)
    if size < 0:
        raise AnswerError(
            f"the tolerance '{text.strip()}' is negative", "Give the margin as a positive number, e.g. 'Tolerance: 0.01'"
        )
    return size, bool(margin.group("percent"))


def to_float(text: str) -> float:
    """A float from the author's number; a typographic minus reads as a minus."""
    return float(text.replace("−", "-"))
