"""Numbers as code: every number a page states as a result is checked where it is written.

Syntax, in any Markdown (prose, math, quiz answers, flashcards):

    {{ joint = 0.12 }}     shows "0.12"; the build checks it against `joint` at the precision
                           written ("0.12" allows 0.115 to 0.125; "36,864" must be exact)
    {{ joint }}            shows the value of `joint` (a whole number as it is, else 6 digits)
    {{ joint:.3f }}        shows it with a Python format spec (`:,` adds thousands commas)
    \\{{ ... }}             a literal "{{ ... }}"

A bare name needs a space inside the braces (`{{ joint }}`), so TeX groups like `{{n}}` stay TeX.
The names come from `numbers.py` in the folder of the page (a lesson folder): any module-level
name bound to a number, or a zero-argument function that returns one. A page that uses none
needs no numbers.py; in a folder that has one, a quiz's `Answer:` must use the syntax too.

The arithmetic a page shows is checked as well: in `0.9163 + 0.6931 + 0.5108 = 2.1203`, the
written terms must give the written result at its precision (here 2.1202, so the build stops
and asks for "≈" or more digits). Chains of plain numbers joined by + - × / (\\times, \\cdot)
are checked; anything with a name or a function in it (`\\ln 2 = 0.6931`) is not arithmetic.

Every mistake stops the build with `numbers: Doc file '<page>', line <n>: ...`.
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from coursemd.messages import author_message
from coursemd.source import current_document

try:
    from mkdocs.exceptions import PluginError as _ErrorBase
except ImportError:  # pragma: no cover - outside MkDocs any exception will do
    _ErrorBase = Exception  # type: ignore[assignment,misc]

NUMBERS_FILE = "numbers.py"


class NumbersError(_ErrorBase):  # type: ignore[misc,valid-type]
    """A stated number that disagrees with its computation, or a reference that cannot be read."""


# --- Data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stated:
    """A number as written, with the precision its digits imply."""

    text: str
    value: Decimal  # exact, so 4.9e-324 and its tolerance do not underflow
    tolerance: Decimal
    precision: str  # for messages: "±0.00005" or "exact"


@dataclass(frozen=True)
class Reference:
    """One `{{ ... }}` in a page: where it is, the name, and what it shows."""

    line: int  # 1-based, in the text given
    start: int
    end: int
    name: str
    stated: str | None  # the number written after "=", as written
    spec: str | None  # a format spec after ":"


@dataclass(frozen=True)
class Problem:
    """A mistake found in a page, at a 1-based line of the text checked."""

    line: int
    problem: str
    fix: str


# --- Reading a stated number -----------------------------------------------------------------

_STATED = re.compile(
    r"^(?P<sign>-)?(?P<int>\d+)(?:\.(?P<frac>\d+))?"
    r"(?:\s*(?:\\times|×)\s*10\^\{?(?P<exp>-?\d+)\}?|[eE](?P<eexp>[-+]?\d+))?$"
)


def parse_stated(text: str) -> Stated:
    """Decode a number as written in Markdown or TeX, with the precision its digits imply.

    Thousands separators (",", "{,}", thin spaces, TeX "\\,") are ignored; a Unicode minus
    is a minus; "1.18 \\times 10^{-38}" and "4.9e-324" are scientific.
    """
    clean = text.replace("{,}", "").replace("\\,", "").replace(",", "")
    for space in ("\u2009", "\u202f", "\u00a0"):
        clean = clean.replace(space, "")
    clean = clean.replace("−", "-").replace("{-}", "-").strip()
    match = _STATED.match(clean)
    if match is None:
        raise ValueError(f"cannot read {text.strip()!r} as a number")
    frac = match.group("frac") or ""
    exp_text = match.group("exp") or match.group("eexp")
    exponent = int(exp_text) if exp_text is not None else 0
    sign = "-" if match.group("sign") else ""
    value = Decimal(f"{sign}{match.group('int')}.{frac or '0'}").scaleb(exponent)
    if not frac and exp_text is None:
        return Stated(text, value, Decimal(0), "exact")
    tolerance = Decimal(5).scaleb(exponent - len(frac) - 1)
    precision = f"±{tolerance:f}" if exp_text is None else f"±{tolerance:.0E}"
    return Stated(text, value, tolerance, precision)


def agrees(stated: Stated, computed: float | int | Fraction) -> bool:
    """True when `computed` rounds to the stated number at the precision written."""
    exact = Decimal(computed) if not isinstance(computed, Fraction) else Decimal(computed.numerator) / Decimal(
        computed.denominator
    )
    slack = Decimal("1e-12") * max(abs(stated.value), abs(exact))  # float noise only
    return abs(exact - stated.value) <= stated.tolerance + slack


def shown(value: float | int) -> str:
    """A value for `{{ name }}`: whole numbers as they are, others to 6 significant digits."""
    if isinstance(value, int) or (float(value).is_integer() and abs(value) < 1e15):
        return str(int(value))
    return f"{value:.6g}"


# --- Finding references ----------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*(?P<info>[\w+-]*)")
# An inline code span, or markdown-katex's math $`...`$ (which is not code).
_CODE_OR_MATH = re.compile(r"(?P<math>\$(?P<mticks>`+).+?(?P=mticks)\$)|(?P<code>(?P<ticks>`+).+?(?P=ticks))", re.S)
_BODY = re.compile(
    r"^\s*(?P<name>[A-Za-z_]\w*)\s*(?:=\s*(?P<stated>.+?)|:(?P<spec>[^=]*?))?\s*$", re.S
)


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of fenced code blocks (not ```math) and inline code spans in `text`."""
    spans: list[tuple[int, int]] = []
    offset = 0
    fence: str | None = None
    fence_start = 0
    prose_start = 0
    prose: list[tuple[int, int]] = []
    math_fence: str | None = None  # a ```math block is math, not code: its numbers count
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group("fence").startswith(fence) and not match.group("info"):
                spans.append((fence_start, offset + len(line)))
                fence = None
                prose_start = offset + len(line)
        elif math_fence is not None:
            if match and match.group("fence").startswith(math_fence) and not match.group("info"):
                math_fence = None
                prose_start = offset + len(line)
        elif match and match.group("info") == "math":
            prose.append((prose_start, offset))
            math_fence = match.group("fence")
        elif match:
            prose.append((prose_start, offset))
            fence, fence_start = match.group("fence"), offset
        offset += len(line)
    if fence is not None:
        spans.append((fence_start, offset))
    elif math_fence is None:
        prose.append((prose_start, offset))
    for start, end in prose:
        for match in _CODE_OR_MATH.finditer(text, start, end):
            if match.group("code"):
                spans.append(match.span())
    return sorted(spans)


def _outside(spans: list[tuple[int, int]], position: int) -> bool:
    return not any(start <= position < end for start, end in spans)


def _closing(text: str, start: int) -> int | None:
    """The index just past the `}}` closing the `{{` at `start`, with balanced braces inside."""
    depth = 0
    i = start + 2
    while i < len(text):
        char = text[i]
        if char == "\n":
            return None
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return i + 2 if text.startswith("}}", i) else None
            depth -= 1
        i += 1
    return None


def find_references(text: str) -> tuple[list[Reference], list[Problem]]:
    """Every `{{ ... }}` outside code in `text`, and the ones that cannot be read."""
    spans = code_spans(text)
    refs: list[Reference] = []
    problems: list[Problem] = []
    for match in re.finditer(r"\{\{(?!\{)", text):
        start = match.start()
        if not _outside(spans, start) or any(r.start < start < r.end for r in refs):
            continue
        if start > 0 and text[start - 1] == "\\":  # `\{{` is a literal "{{"
            refs.append(Reference(text.count("\n", 0, start) + 1, start - 1, start + 2, "", None, None))
            continue
        end = _closing(text, start)
        line = text.count("\n", 0, start) + 1
        body = text[start + 2 : end - 2] if end else text[start + 2 :].split("\n", 1)[0]
        parsed = _BODY.match(body)
        if end and parsed and (parsed.group("stated") is not None or parsed.group("spec") is not None):
            refs.append(Reference(line, start, end, parsed["name"], parsed["stated"], parsed["spec"]))
        elif end and parsed and body != body.strip():
            refs.append(Reference(line, start, end, parsed["name"], None, None))
        elif re.match(r"\s*[A-Za-z_]\w*\s*[=:]", body) or (not end and re.match(r"\s+[A-Za-z_]", body)):
            problems.append(
                Problem(
                    line,
                    f"cannot read the number reference '{{{{{body.rstrip()}{'}}' if end else ''}'",
                    "Write {{ name = 0.12 }} to check a number you wrote, or {{ name }} to insert a value,"
                    " on one line; write \\{{ for literal braces",
                )
            )
        # anything else (`{{n}}`, `{{x^2}}`) is a TeX group, not ours
    return refs, problems


# --- Loading numbers.py ----------------------------------------------------------------------

_loaded: dict[Path, tuple[int, ModuleType | str]] = {}


def load_numbers(path: Path) -> ModuleType | str:
    """Import a numbers.py (again only when it changed); on failure, return why, with its line."""
    path = path.resolve()
    stamp = path.stat().st_mtime_ns
    cached = _loaded.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    name = f"coursemd_numbers_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and typing look the module up while it runs
    try:
        spec.loader.exec_module(module)
        result: ModuleType | str = module
    except (Exception, SystemExit) as error:  # noqa: BLE001 - any failure of the author's file, even sys.exit()
        result = f"{path.name} does not import ({_where_in(path, error)}{type(error).__name__}: {error})"
        sys.modules.pop(name, None)
    _loaded[path] = (stamp, result)
    return result


def forget_loaded() -> None:
    """Import every numbers.py again on next use (when code they import has changed)."""
    _loaded.clear()


def _where_in(path: Path, error: BaseException) -> str:
    """'line 7: ' for the deepest frame of `error` in `path` (or its syntax error's line)."""
    if isinstance(error, SyntaxError) and error.lineno:
        return f"line {error.lineno}: "
    lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if Path(f.filename).resolve() == path]
    return f"line {lines[-1]}: " if lines else ""


def value_of(module: ModuleType, name: str, path: Path) -> float | int | str:
    """The number `name` stands for in numbers.py; a string says what is wrong instead."""
    if name.startswith("_") or not hasattr(module, name):
        known = sorted(n for n, v in vars(module).items() if not n.startswith("_") and _is_number_or_function(v))
        close = [n for n in known if n.lower() == name.lower() or n.startswith(name[:4])][:3]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        return f"{path.name} has no value named '{name}'{hint}"
    value: Any = getattr(module, name)
    if callable(value):
        try:
            value = value()
        except (Exception, SystemExit) as error:  # noqa: BLE001 - reported with its line in numbers.py
            return f"{name}() in {path.name} raised {_where_in(path, error)}{type(error).__name__}: {error}"
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction, Decimal)):
        return f"'{name}' in {path.name} is {type(value).__name__}, not a number"
    if isinstance(value, float) and not math.isfinite(value):
        return f"'{name}' in {path.name} is {value}, not a finite number"
    return float(value) if isinstance(value, (Fraction, Decimal)) else value


def _is_number_or_function(value: Any) -> bool:
    return callable(value) and not isinstance(value, type) or isinstance(value, (int, float))


# --- Checking a page -------------------------------------------------------------------------

_ANSWER = re.compile(r"^[ \t]*Answer:[ \t]*(?P<rest>.*)$", re.M)


def substitute(text: str, numbers: Path | None) -> tuple[str, list[Problem]]:
    """`text` with each reference replaced by what it shows, and every problem found."""
    refs, problems = find_references(text)
    module: ModuleType | str | None = None
    if numbers is not None and numbers.is_file():
        module = load_numbers(numbers)
    named = [ref for ref in refs if ref.name]
    if named and module is None:
        where = numbers.parent.name if numbers is not None else "this page's folder"
        problems.append(
            Problem(
                named[0].line,
                f"'{{{{ {named[0].name} ... }}}}' names a computed value, but {where} has no {NUMBERS_FILE}",
                f"Create {NUMBERS_FILE} beside the page and define {named[0].name} in it (see the authoring guide)",
            )
        )
        return text, problems
    if named and isinstance(module, str):
        problems.append(Problem(named[0].line, module, f"Fix {NUMBERS_FILE}; the page's numbers are checked against it"))
        return text, problems
    out: list[str] = []
    position = 0
    for ref in refs:
        if not ref.name:  # an escaped `\{{`
            out.append(text[position : ref.start])
            out.append("{{")
            position = ref.end
            continue
        assert isinstance(module, ModuleType) and numbers is not None
        value = value_of(module, ref.name, numbers)
        replacement = text[ref.start : ref.end]
        if isinstance(value, str):
            problems.append(Problem(ref.line, value, f"Define {ref.name} in {NUMBERS_FILE}, or fix the name"))
        elif ref.stated is not None:
            replacement = ref.stated.strip()
            try:
                stated = parse_stated(replacement)
            except ValueError as error:
                problems.append(Problem(ref.line, f"{error} in '{{{{ {ref.name} = ... }}}}'", "Write a number after '='"))
            else:
                if not agrees(stated, value):
                    problems.append(
                        Problem(
                            ref.line,
                            f"states {replacement} for {ref.name} but {NUMBERS_FILE} gives {_fmt(value)}"
                            f" (stated precision {stated.precision})",
                            "Correct the number on the page, or the computation",
                        )
                    )
        else:
            try:
                replacement = format(value, ref.spec) if ref.spec else shown(value)
            except ValueError as error:
                problems.append(Problem(ref.line, f"the format ':{ref.spec}' does not apply ({error})", "Use a Python format spec such as :.2f or :,"))
        out.append(text[position : ref.start])
        out.append(replacement)
        position = ref.end
    out.append(text[position:])
    result = "".join(out)
    if isinstance(module, ModuleType):
        problems.extend(_unchecked_answers(text, refs))
    problems.extend(check_arithmetic(result))
    return result, sorted(problems, key=lambda p: p.line)


def _unchecked_answers(text: str, refs: list[Reference]) -> Iterator[Problem]:
    """In a folder with numbers.py, a numeric quiz answer must be a checked reference."""
    spans = code_spans(text)
    for match in _ANSWER.finditer(text):
        if not _outside(spans, match.start()):
            continue
        rest = match.group("rest")
        if re.match(r"[-−]?\d", rest) and not any(match.start() <= r.start < match.end() for r in refs):
            number = re.match(r"[-−]?[\d.,]+", rest)
            yield Problem(
                text.count("\n", 0, match.start()) + 1,
                f"the quiz answer '{rest.strip()}' is not checked against {NUMBERS_FILE}",
                f"Write it as 'Answer: {{{{ name = {number.group(0) if number else rest} }}}}' with name defined in {NUMBERS_FILE}",
            )


def _fmt(x: float | int) -> str:
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.7g}"


# --- Checking displayed arithmetic -----------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:(?:,|\{,\})\d{3})+|\d+)(?:\.\d+)?"
_OP = r"\s*(?:\+|-|−|\\times|\\cdot|×|·|/|\*)\s*"
_EXPR = rf"{_NUM}(?:{_OP}{_NUM})*"
_CHAIN = re.compile(rf"{_EXPR}(?:\s*=\s*{_EXPR})+")
_TOKEN_OP = re.compile(r"\d\s*(?:\+|-|−|\\times|\\cdot|×|·|/|\*)\s*\d?")
_NUM_START = re.compile(r"(?<![\w.,{])\d")
_TOKEN = re.compile(rf"{_NUM}|\+|-|−|\\times|\\cdot|×|·|/|\*")


def _evaluate(lhs: str) -> Fraction:
    """The exact value of `a op b op c ...` with × and / before + and −."""
    tokens = [t for t in _TOKEN.findall(lhs)]
    terms: list[Fraction] = []
    signs: list[int] = [1]
    current = Fraction(Decimal(tokens[0].replace("{,}", "").replace(",", "")))
    i = 1
    while i < len(tokens):
        op, number = tokens[i], Fraction(Decimal(tokens[i + 1].replace("{,}", "").replace(",", "")))
        if op in ("+", "-", "−"):
            terms.append(current)
            signs.append(1 if op == "+" else -1)
            current = number
        elif op == "/":
            if not number:
                raise ZeroDivisionError
            current /= number
        else:
            current *= number
        i += 2
    terms.append(current)
    return sum((s * t for s, t in zip(signs, terms)), Fraction(0))


def _half_units(number: str) -> Decimal:
    """Half a unit of the last digit written: the rounding a written number may carry."""
    return parse_stated(number).tolerance


def check_arithmetic(text: str) -> list[Problem]:
    """Problems for every displayed chain of plain numbers whose written result is off.

    In `a = b = c`, each `=` between two sides of plain numbers (at least one with an operator)
    must hold to the precision of the right-hand side's finest written digit.
    """
    spans = code_spans(text)
    problems: list[Problem] = []
    checked_until = -1
    for start_match in _NUM_START.finditer(text):
        start = start_match.start()
        if start < checked_until or not _outside(spans, start):
            continue
        chain = _CHAIN.match(text, start)
        if chain is None:
            continue
        before = text[:start].rstrip(" \t")
        if re.search(r"\\[A-Za-z]+$", before) or (before and before[-1] in "^_.}){\\+-−×·/*!"):
            continue
        after = text[chain.end() :].lstrip(" \t")
        if re.match(r"[\^_{(\d%!]|\.\d|\\%|\\,\d", after):
            continue
        sides = [side.strip() for side in chain.group(0).split("=")]
        if re.match(r"[+\-−×·/*]|\\times|\\cdot", after):
            sides = sides[:-1]  # the last side goes on beyond what we read: it is not a result
        checked_until = chain.end()
        for left, right in zip(sides, sides[1:]):
            if not (_TOKEN_OP.search(left) or _TOKEN_OP.search(right)):
                continue
            try:
                lhs, rhs = _evaluate(left), _evaluate(right)
            except (ZeroDivisionError, InvalidOperation, IndexError):
                break
            numbers = re.findall(_NUM, right)
            tolerance = min(_half_units(n) for n in numbers)
            slack = Decimal("1e-12") * max(abs(Decimal(lhs.numerator) / lhs.denominator), Decimal(1))
            difference = abs(Decimal((lhs - rhs).numerator) / Decimal((lhs - rhs).denominator))
            if difference > tolerance + slack:
                problems.append(
                    Problem(
                        text.count("\n", 0, start) + 1,
                        f"the arithmetic '{' '.join(left.split())} = {' '.join(right.split())}' does not hold: "
                        f"the terms as written give {_fmt(float(lhs))}",
                        "Write '≈' (\\approx in math) when the result is rounded from more digits, or correct the terms",
                    )
                )
                break
    return problems


# --- Extension -------------------------------------------------------------------------------


def numbers_file_for(abs_path: str) -> Path | None:
    """The numbers.py beside the page at `abs_path` (None when the page is not a file)."""
    return Path(abs_path).parent / NUMBERS_FILE if abs_path else None


class _NumbersPreprocessor(Preprocessor):
    """Replace number references with their text, before math and blocks see the lines."""

    def run(self, lines: list[str]) -> list[str]:
        document = current_document()
        text = "\n".join(lines)
        result, problems = substitute(text, numbers_file_for(document.abs_path))
        if problems:
            first = problems[0]
            raise NumbersError(
                author_message("numbers", document.path, first.line + document.line_offset, first.problem, first.fix)
            )
        return result.split("\n")


class NumbersExtension(Extension):
    """Registers the `coursemd_numbers` preprocessor."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        """Register `coursemd_numbers` (preprocessor, 55): before the math extension (50), so
        numbers inside formulas are checked, and before every block sees its lines."""
        md.preprocessors.register(_NumbersPreprocessor(md), "coursemd_numbers", 55)


def makeExtension(**kwargs: Any) -> NumbersExtension:  # noqa: N802 - Python-Markdown's entry point name
    """Return the extension; lets mkdocs.yml name it as `coursemd.numbers`."""
    return NumbersExtension(**kwargs)


#: Callable type of a value in numbers.py, for readers of this module.
ValueFunction = Callable[[], float]
