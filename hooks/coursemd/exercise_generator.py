"""The Python behind a `/// exercise` block: find the lesson's generator, call it once per seed,
and check what it returns before anything is rendered.

A generator is a function in a `.py` file of the lesson folder. The build calls it with every
seed from 0 to `variants - 1` and it returns one variant as a mapping:

    def screening(seed):
        rng = random.Random(seed)
        ...
        return {
            "question": "Markdown, math allowed",
            "answers": [{"label": "P(ill | positive)", "value": 0.161, "tolerance": "1%"}],
            "mistakes": [{"answer": "P(ill | positive)", "value": 0.9, "message": "That is ..."}],
            "solution": "Markdown: the worked answer",
        }

An answer is `label` (text, unique in the variant), `value` (a finite number), `tolerance`
(absolute, in the answer's unit, or a percentage such as "1%"), optional `unit` (nats or bits,
the units the quiz knows) and optional `either_unit: True` (the student may answer in nats or
bits and picks which). A mistake names its answer by label, gives the value that mistake
produces and the message shown for it; with `either_unit`, its `unit` says which unit the value
is in. Everything is checked here, so the browser never meets a malformed variant: every problem
becomes a `GeneratorProblem(problem, fix)`, which the block turns into the one-line message with
the page and the line of its header.
"""

from __future__ import annotations

import math
import numbers
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

from coursemd.numbers import load_numbers
from coursemd.numeric_answer import UNITS, AnswerError, NumericAnswer, format_number, read_tolerance

# --- Data ------------------------------------------------------------------------------------

DEFAULT_VARIANTS = 50
MAX_VARIANTS = 1000
FIELDS = ("question", "answers", "mistakes", "solution")
REQUIRED = ("question", "answers", "solution")
ANSWER_FIELDS = ("label", "value", "tolerance", "unit", "either_unit")
MISTAKE_FIELDS = ("answer", "value", "message", "unit")
LN2 = math.log(2)
GENERATOR_SYNTAX = "'generator: <file>.py:<function>', e.g. 'generator: screening.py:make_variant'"
GENERATOR_FIX = f"Write it as {GENERATOR_SYNTAX}"


class GeneratorProblem(Exception):
    """What is wrong with a generator or one of its variants, and what to do about it."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem, self.fix = problem, fix


@dataclass(frozen=True)
class Answer:
    """One number the student types: its label (Markdown), the right value and its margin."""

    label: str
    numeric: NumericAnswer
    either_unit: bool = False

    def in_unit(self, unit: str) -> NumericAnswer:
        """The same answer expressed in `unit` (nats or bits): value and absolute margin converted."""
        if unit == self.numeric.unit or not unit:
            return self.numeric
        factor = 1 / LN2 if unit == "bits" else LN2  # nats -> bits divides by ln 2
        n = self.numeric
        return NumericAnswer(n.value * factor, unit, n.tolerance if n.relative else n.tolerance * factor, n.relative)


@dataclass(frozen=True)
class Mistake:
    """A value one usual mistake gives for an answer (index into the answers), and what to say."""

    answer: int
    value: float
    unit: str
    message: str


@dataclass(frozen=True)
class Variant:
    """One seed's exercise, checked: Markdown for the question and the solution, and the numbers."""

    seed: int
    question: str
    answers: tuple[Answer, ...]
    mistakes: tuple[Mistake, ...]
    solution: str


# --- Finding the generator -------------------------------------------------------------------


def parse_spec(spec: Any) -> tuple[str, str]:
    """Split 'screening.py:make_variant' into the file and the function name."""
    if spec is None or spec == "":
        raise GeneratorProblem("has no generator", f"Add the option {GENERATOR_SYNTAX}")
    if not isinstance(spec, str) or not spec.strip():
        raise GeneratorProblem(f"the generator {spec!r} does not name a file and a function", GENERATOR_FIX)
    path, sep, function = spec.strip().rpartition(":")
    if not sep or not path or not function.isidentifier():
        raise GeneratorProblem(f"the generator '{spec}' does not name a file and a function", GENERATOR_FIX)
    if not path.endswith(".py"):
        raise GeneratorProblem(f"the generator file '{path}' is not a Python file", GENERATOR_FIX)
    if PurePosixPath(path).is_absolute() or Path(path).is_absolute():
        raise GeneratorProblem(
            f"the generator file '{path}' is an absolute path", "Give the path relative to the lesson folder"
        )
    return path, function


def load_function(folder: Path, path: str, function: str) -> tuple[Callable[[int], Any], Path]:
    """The generator function in `folder/path`, imported again only when the file changed."""
    file = (folder / path).resolve()
    if not file.is_file():
        raise GeneratorProblem(
            f"the generator file '{path}' does not exist in {_shown_folder(folder)}",
            "Create it in the lesson folder, or fix the path (it is relative to the lesson folder)",
        )
    module: ModuleType | str = load_numbers(file)
    if isinstance(module, str):
        raise GeneratorProblem(module, f"Fix {file.name}")
    found = getattr(module, function, None)
    if not callable(found):
        names = sorted(
            n for n, v in vars(module).items() if callable(v) and not n.startswith("_") and not isinstance(v, type)
        )
        local = [n for n in names if getattr(vars(module)[n], "__module__", None) == module.__name__]
        hint = f" (it defines {', '.join(local[:5])})" if local else ""
        raise GeneratorProblem(
            f"{file.name} has no function '{function}'{hint}",
            f"Define 'def {function}(seed):' in {file.name}, or fix the name after ':'",
        )
    return found, file


def _shown_folder(folder: Path) -> str:
    """The lesson folder as an author knows it (relative to the working folder when possible)."""
    try:
        return folder.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return folder.as_posix()


def _where_in(file: Path, error: BaseException) -> str:
    """'line 7: ' for the deepest frame of `error` in `file`, else ''."""
    lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if Path(f.filename).resolve() == file]
    return f"line {lines[-1]}: " if lines else ""


# --- Calling it and checking what it returns -------------------------------------------------


def make_variants(function: Callable[[int], Any], file: Path, name: str, count: int) -> list[Variant]:
    """Call the generator for seeds 0..count-1 and check every variant and the set of them."""
    variants: list[Variant] = []
    questions: dict[str, int] = {}
    for seed in range(count):
        try:
            result = function(seed)
        except (Exception, SystemExit) as error:  # sys.exit() in a generator must not end the build without a word
            raise GeneratorProblem(
                f"{file.name}:{name} raised for seed {seed} ({_where_in(file, error)}{type(error).__name__}: {error})",
                f"Fix {file.name}; the build calls {name}(seed) for every seed from 0 to {count - 1}",
            ) from error
        variant = variant_of(result, seed, name)
        if variant.question in questions:
            raise GeneratorProblem(
                f"seeds {questions[variant.question]} and {seed} give the same question, so two variants are one",
                "Draw the numbers from a wider range in the generator, or ask for fewer variants",
            )
        questions[variant.question] = seed
        check_distinguishable(variant)
        variants.append(variant)
    return variants


def variant_of(result: Any, seed: int, name: str = "the generator") -> Variant:
    """Check one returned mapping field by field and build the Variant."""
    at = f"seed {seed}"
    if not isinstance(result, Mapping):
        raise GeneratorProblem(
            f"{at}: {name} returned {_kind(result)}, not a mapping",
            "Return a dict with 'question', 'answers' and 'solution', and optionally 'mistakes'",
        )
    _known_fields(result, FIELDS, at, "the result")
    for field in REQUIRED:
        if field not in result:
            raise GeneratorProblem(f"{at}: the result has no '{field}'", _FIELD_FIX[field])
    question = _text(result["question"], f"{at}: 'question'", _FIELD_FIX["question"])
    solution = _text(result["solution"], f"{at}: 'solution'", _FIELD_FIX["solution"])
    raw_answers = result["answers"]
    if not isinstance(raw_answers, (list, tuple)) or not raw_answers:
        problem = "is empty" if isinstance(raw_answers, (list, tuple)) else f"is {_kind(raw_answers)}, not a list"
        raise GeneratorProblem(f"{at}: 'answers' {problem}", _FIELD_FIX["answers"])
    answers = [_answer(raw, f"{at}: answer {index + 1}") for index, raw in enumerate(raw_answers)]
    labels = [answer.label for answer in answers]
    for index, label in enumerate(labels):
        if label in labels[:index]:
            raise GeneratorProblem(
                f"{at}: answers {labels.index(label) + 1} and {index + 1} have the same label '{label}'",
                "Give each answer its own label: mistakes name their answer by it",
            )
    raw_mistakes = result.get("mistakes", [])
    if raw_mistakes is None:
        raw_mistakes = []
    if not isinstance(raw_mistakes, (list, tuple)):
        raise GeneratorProblem(f"{at}: 'mistakes' is {_kind(raw_mistakes)}, not a list", _FIELD_FIX["mistakes"])
    mistakes = [_mistake(raw, f"{at}: mistake {index + 1}", answers) for index, raw in enumerate(raw_mistakes)]
    return Variant(seed, question, tuple(answers), tuple(mistakes), solution)


def check_distinguishable(variant: Variant) -> None:
    """Refuse two values of one answer (the right one, its mistakes) that one reply could match.

    A reply matches a value when it is within the answer's margin of it (a percentage is taken
    of that value), so two values are told apart only if their margins do not overlap.
    """
    for index, answer in enumerate(variant.answers):
        units = {answer.numeric.unit} | {m.unit for m in variant.mistakes if m.answer == index}
        for unit in sorted(units):
            right = answer.in_unit(unit)
            values: list[tuple[str, float]] = [("the right answer", right.value)]
            values += [
                (f"the mistake '{_short(m.message)}'", m.value)
                for m in variant.mistakes
                if m.answer == index and m.unit == unit
            ]
            for i, (first, a) in enumerate(values):
                for second, b in values[i + 1 :]:
                    if abs(a - b) <= _margin(right, a) + _margin(right, b):
                        both = f"{first} gives {a:.4g} and {second} gives {b:.4g}"
                        raise GeneratorProblem(
                            f"seed {variant.seed}: for answer '{answer.label}'{' in ' + unit if unit else ''}, "
                            f"{both}, within the margin ±{_margin_text(right)} of each other, "
                            "so a student's reply could not be told apart",
                            "Drop the mistake, or make the values differ by more than the tolerance",
                        )


def _margin(answer: NumericAnswer, value: float) -> float:
    """How far a reply may be from `value` and still match it (a percentage of that value)."""
    return answer.tolerance / 100 * abs(value) if answer.relative else answer.tolerance


def _margin_text(answer: NumericAnswer) -> str:
    return f"{format_number(answer.tolerance)}%" if answer.relative else format_number(answer.tolerance)


# --- Helpers ---------------------------------------------------------------------------------

_FIELD_FIX = {
    "question": "Return the question as Markdown text under 'question'",
    "solution": "Return the worked answer as Markdown text under 'solution'; students see it after a first try",
    "answers": "Return 'answers' as a list of dicts, each with 'label', 'value' and 'tolerance'",
    "mistakes": "Return 'mistakes' as a list of dicts, each with 'answer' (a label), 'value' and 'message'",
}


def _kind(value: Any) -> str:
    """'a list', 'None', 'text', ... for messages."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, str):
        return "text"
    if isinstance(value, numbers.Number):
        return "a number"
    name = type(value).__name__
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _short(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _known_fields(mapping: Mapping[Any, Any], known: tuple[str, ...], at: str, what: str) -> None:
    for key in mapping:
        if key not in known:
            raise GeneratorProblem(f"{at}: {what} has an unknown field '{key}'", f"Use only: {', '.join(known)}")


def _text(value: Any, at: str, fix: str) -> str:
    if not isinstance(value, str):
        raise GeneratorProblem(f"{at} is {_kind(value)}, not text", fix)
    if not value.strip():
        raise GeneratorProblem(f"{at} is empty", fix)
    return value


def _number(value: Any, at: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise GeneratorProblem(f"{at} is {_kind(value)}, not a number", "Return a number (an int or a float)")
    number = float(value)
    if not math.isfinite(number):
        raise GeneratorProblem(
            f"{at} is {number}, not a finite number",
            "Make the generator return a finite number (look for a division by zero or the log of 0)",
        )
    return number


def _unit(value: Any, at: str) -> str:
    if value is None or value == "":
        return ""
    unit = UNITS.get(value.strip().lower(), "") if isinstance(value, str) else ""
    if not unit:
        raise GeneratorProblem(
            f"{at} {value!r} is not a unit the quiz knows",
            "Use 'nats' or 'bits', or leave 'unit' out and name the unit in the question",
        )
    return unit


def _tolerance(value: Any, at: str) -> tuple[float, bool]:
    """(size, relative) from 0.01 or '0.01' (absolute) or '1%' (relative), read as the quiz reads it."""
    fix = "Give the margin as a number in the answer's unit (0.01) or as a percentage ('1%')"
    if isinstance(value, str):
        try:
            return read_tolerance(value)
        except AnswerError as error:  # its words, for the generator's field
            problem = error.problem.removeprefix("the tolerance ").replace(f"'{value.strip()}' ", "")
            raise GeneratorProblem(f"{at} '{value}' {problem}", fix) from None
    size = _number(value, at)
    if size < 0:
        raise GeneratorProblem(f"{at} {format_number(size)} is negative", fix)
    return size, False


def _answer(raw: Any, at: str) -> Answer:
    if not isinstance(raw, Mapping):
        raise GeneratorProblem(f"{at} is {_kind(raw)}, not a mapping", _FIELD_FIX["answers"])
    _known_fields(raw, ANSWER_FIELDS, at, "it")
    for field in ("label", "value", "tolerance"):
        if field not in raw:
            raise GeneratorProblem(f"{at} has no '{field}'", _FIELD_FIX["answers"])
    label = _text(raw["label"], f"{at}'s 'label'", "Give the answer a short label, e.g. 'P(ill | positive)'").strip()
    value = _number(raw["value"], f"{at}'s 'value'")
    unit = _unit(raw.get("unit"), f"{at}'s 'unit'")
    size, relative = _tolerance(raw["tolerance"], f"{at}'s 'tolerance'")
    either = raw.get("either_unit", False)
    if not isinstance(either, bool):
        raise GeneratorProblem(f"{at}'s 'either_unit' is {_kind(either)}, not True or False", "Write True or False")
    if either and not unit:
        raise GeneratorProblem(
            f"{at} has 'either_unit' but no unit", "Give 'unit': 'nats' or 'bits' (the unit of 'value')"
        )
    return Answer(label, NumericAnswer(value, unit, size, relative), either)


def _mistake(raw: Any, at: str, answers: list[Answer]) -> Mistake:
    if not isinstance(raw, Mapping):
        raise GeneratorProblem(f"{at} is {_kind(raw)}, not a mapping", _FIELD_FIX["mistakes"])
    _known_fields(raw, MISTAKE_FIELDS, at, "it")
    for field in ("answer", "value", "message"):
        if field not in raw:
            raise GeneratorProblem(f"{at} has no '{field}'", _FIELD_FIX["mistakes"])
    labels = [answer.label for answer in answers]
    label = raw["answer"].strip() if isinstance(raw["answer"], str) else raw["answer"]
    if label not in labels:
        raise GeneratorProblem(
            f"{at} names the answer {label!r}, which this variant does not have",
            f"Name one of the answers by its label: {', '.join(repr(x) for x in labels)}",
        )
    index = labels.index(label)
    answer = answers[index]
    value = _number(raw["value"], f"{at}'s 'value'")
    message = _text(raw["message"], f"{at}'s 'message'", "Say what the mistake is and how to avoid it").strip()
    unit = _unit(raw.get("unit"), f"{at}'s 'unit'") or answer.numeric.unit
    if unit != answer.numeric.unit and not answer.either_unit:
        raise GeneratorProblem(
            f"{at} is in {unit}, but answer '{label}' is asked in {answer.numeric.unit or 'no unit'}",
            "Leave out the mistake's 'unit', or give the answer 'either_unit': True",
        )
    return Mistake(index, value, unit, message)
