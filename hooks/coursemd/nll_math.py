"""The chain-rule/NLL math of the calculator, in Python, and the fresh-sequence exercise's sequences.

`hooks/coursemd/assets/javascripts/widgets/nll-math.js` is the calculator's math in JavaScript; the
two are kept equal by one file of test vectors (`hooks/coursemd/nll_vectors.json`), which pytest
checks here and Node and a browser test check there. Change one side, change the other, then
regenerate the vectors:

    .venv/bin/python -m coursemd.nll_math --write-vectors

Design choices that both sides share:

- Everything is computed in log space: the joint is ``exp(sum of ln p)`` shown as mantissa and
  power of ten, so 400 factors of 0.1 read 1.00e-400 instead of 0 (float64 stops at ~4.9e-324).
- Sums run left to right with plain ``+`` (not ``math.fsum``), so Python and JavaScript add the
  same doubles in the same order.
- Rounding for display is ``floor(x * 10^d + 0.5)`` in both languages, not ``format``/``toFixed``,
  whose tie-breaking rules differ.
- The fresh-sequence exercise (lesson 2's `fresh_sequence.py`, a `/// exercise` generator) draws
  its sequences with `make_instance` here, from mulberry32, a 32-bit PRNG: the same seed has
  given the same sequence since the exercise ran in the browser, in JavaScript, too. Only Python
  draws them now; the browser is sent the rendered variants.

Standard library only.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass
from collections.abc import Callable
from pathlib import Path
from typing import Any

VECTORS = Path(__file__).with_name("nll_vectors.json")

LN2 = math.log(2)
LN10 = math.log(10)
#: Smallest positive normal float64; below it a product has lost precision (subnormal).
MIN_NORMAL = 2.2250738585072014e-308


# --- Input parsing ---------------------------------------------------------------------------

#: One number as students type it: 0.25, .25, 25e-2, 1E-5, 0,25 (comma decimal), -3 (logits).
#: The reader is number-input.js's, which every numeric field in the browser shares.
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?$")
#: A number whose power of ten is still missing: 1e, 2.5E-.
_NO_EXPONENT = re.compile(r"^[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)[eE][+-]?$")
#: Longer than this is not a number anyone types (number-input.js's MAX_LENGTH).
MAX_LENGTH = 100

MESSAGES = {
    "empty": "Enter a number, e.g. 0.25, 1/4 or 2.5e-1",
    "not_a_number": "Not a number: write a decimal (0.25), a fraction (1/4) or scientific notation (2.5e-1)",
    "exponent": "The power of ten is missing: write digits after the e, e.g. 2.5e-1",
    "infinite": "Too large for a computer's double (above about 1.8e308)",
    "divide_by_zero": "The fraction divides by zero",
    "too_long": f"Too long for a number: at most {MAX_LENGTH} characters (1e-300 is shorter than its decimal)",
    "negative": "A probability cannot be negative",
    "above_one": "A probability cannot be greater than 1",
    "too_small": "Too small for a computer's double (below about 5e-324); use at least 1e-300",
    "too_large": "Too large: a logit must be between -1e6 and 1e6",
}


@dataclass(frozen=True)
class Parsed:
    """The result of reading one field: a value, or an error code and its message."""

    value: float | None = None
    error: str | None = None

    @property
    def message(self) -> str | None:
        """The sentence shown beside the field (None when the field is fine)."""
        return MESSAGES[self.error] if self.error else None

    def as_dict(self) -> dict[str, Any]:
        """The shape the JavaScript returns, for the shared vectors."""
        return {"value": self.value, "error": self.error, "message": self.message}


def _one(text: str) -> tuple[float | None, str | None]:
    text = text.strip()
    if _NUMBER.match(text):
        return float(text.replace(",", ".")), None
    return None, "exponent" if _NO_EXPONENT.match(text) else "not_a_number"


def parse_number(text: str) -> Parsed:
    """Read a real number: decimal, comma decimal, scientific notation, or a fraction a/b."""
    # JavaScript's trim() and Python's strip() remove the same Unicode spaces for these inputs;
    # the typographic minus (U+2212) is a minus wherever it stands.
    text = (text or "").strip().replace("\u2212", "-")
    if not text:
        return Parsed(error="empty")
    if len(text) > MAX_LENGTH:
        return Parsed(error="too_long")
    parts = text.split("/")
    if len(parts) == 2:
        (top, top_error), (bottom, bottom_error) = (_one(part) for part in parts)
        if top_error or bottom_error:
            return Parsed(error=top_error or bottom_error)
        assert top is not None and bottom is not None
        if not (math.isfinite(top) and math.isfinite(bottom)):
            return Parsed(error="infinite")
        if bottom == 0:
            return Parsed(error="divide_by_zero")
        value = top / bottom
    elif len(parts) == 1:
        number, error = _one(text)
        if error:
            return Parsed(error=error)
        assert number is not None
        value = number
    else:
        return Parsed(error="not_a_number")
    if not math.isfinite(value):
        return Parsed(error="infinite")
    return Parsed(value=value + 0.0)  # + 0.0 turns -0.0 into 0.0, as JavaScript's `+ 0` does


def parse_probability(text: str) -> Parsed:
    """Read a probability in [0, 1]; exactly 0 is allowed (it gives an infinite NLL)."""
    parsed = parse_number(text)
    if parsed.error:
        return parsed
    value = parsed.value
    assert value is not None
    if value < 0:
        return Parsed(error="negative")
    if value > 1:
        return Parsed(error="above_one")
    if value == 0 and re.search(r"[1-9]", re.split(r"[eE]", text)[0]):
        return Parsed(error="too_small")  # e.g. 1e-400: not zero, but no double can hold it
    return Parsed(value=value)


def parse_logit(text: str) -> Parsed:
    """Read a logit: any real number between -1e6 and 1e6."""
    parsed = parse_number(text)
    if parsed.value is not None and abs(parsed.value) > 1e6:
        return Parsed(error="too_large")
    return parsed


# --- Chain rule and NLL ------------------------------------------------------------------------


def surprisal_nats(p: float) -> float:
    """-ln p; infinite for p = 0."""
    return math.inf if p == 0 else -math.log(p) + 0.0


def surprisal_bits(p: float) -> float:
    """-log2 p, as nats / ln 2 (the same division the JavaScript does)."""
    return surprisal_nats(p) / LN2


def log_joint(probabilities: list[float]) -> float:
    """ln of the joint: the sum of ln p left to right; -inf if any p is 0."""
    total = 0.0
    for p in probabilities:
        if p == 0:
            return -math.inf
        total += math.log(p)
    return total


def naive_product(probabilities: list[float]) -> dict[str, Any]:
    """Multiply the floats left to right, as code that forgets logs would.

    Returns the product and the 1-based factor at which the running product first became
    subnormal (lost precision) and first became exactly 0, or None when it never did.
    """
    product = 1.0
    subnormal_at = zero_at = None
    for index, p in enumerate(probabilities, start=1):
        product *= p
        if product != 0 and abs(product) < MIN_NORMAL and subnormal_at is None:
            subnormal_at = index
        if product == 0 and zero_at is None:
            zero_at = index
    return {"product": product, "subnormal_at": subnormal_at, "zero_at": zero_at}


def summarize(probabilities: list[float]) -> dict[str, Any]:
    """Everything the calculator shows for a sequence of conditionals (at least one)."""
    nats = [surprisal_nats(p) for p in probabilities]
    nll = 0.0
    for term in nats:
        nll += term
    n = len(probabilities)
    mean = nll / n
    return {
        "log_joint": -nll,
        "joint": scientific(-nll),
        "surprisal_nats": nats,
        "surprisal_bits": [term / LN2 for term in nats],
        "nll_nats": nll,
        "nll_bits": nll / LN2,
        "mean_nats": mean,
        "mean_bits": mean / LN2,
        "perplexity": math.exp(mean) if mean < 709 else math.inf,  # same cut-off as the JS
        "naive": naive_product(probabilities),
    }


# --- Display ------------------------------------------------------------------------------------


def fixed(x: float, digits: int = 4) -> str:
    """x with `digits` decimals; 'Infinity' for an infinite value (never 'inf' or 'NaN')."""
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    scale = 10**digits
    units = math.floor(abs(x) * scale + 0.5)
    sign = "-" if x < 0 and units != 0 else ""
    whole, frac = divmod(units, scale)
    return f"{sign}{whole}.{frac:0{digits}d}" if digits else f"{sign}{whole}"


def scientific(ln_value: float, digits: int = 3) -> dict[str, Any]:
    """exp(ln_value) as mantissa × 10^exponent, for any magnitude (from the log, never the float).

    Returns {"mantissa": "1.20", "exponent": -1, "text": "1.20e-1"}; for ln_value = -inf the
    number is exactly 0: {"mantissa": "0", "exponent": 0, "text": "0"}.
    """
    if ln_value == -math.inf:
        return {"mantissa": "0", "exponent": 0, "text": "0", "decimal": "0"}
    log10 = ln_value / LN10
    exponent = math.floor(log10)
    places = digits - 1
    units = math.floor(10.0 ** (log10 - exponent) * 10**places + 0.5)
    if units >= 10 ** (places + 1):  # 9.999 rounds up to 10.00: carry into the exponent
        units //= 10
        exponent += 1
    text = str(units)
    mantissa = text[0] + ("." + text[1:] if places else "")
    # Between 1e-4 and 1 the plain decimal reads better: 1.20e-1 is also "0.12".
    decimal = None
    if -4 <= exponent < 0:
        decimal = "0." + "0" * (-exponent - 1) + text.rstrip("0")
    elif exponent == 0 and units == 10**places:
        decimal = "1"
    return {"mantissa": mantissa, "exponent": exponent, "text": f"{mantissa}e{exponent:+d}", "decimal": decimal}


# --- Softmax -----------------------------------------------------------------------------------


def logsumexp(logits: list[float]) -> float:
    """log Σ exp z, after subtracting the largest logit so nothing overflows."""
    top = max(logits)
    total = 0.0
    for z in logits:
        total += math.exp(z - top)
    return top + math.log(total)


def softmax(logits: list[float], target: int) -> dict[str, Any]:
    """Probabilities, log-probabilities and the target's -log p, in nats and bits."""
    lse = logsumexp(logits)
    log_probs = [z - lse for z in logits]
    nll = lse - logits[target]
    return {
        "logsumexp": lse,
        "log_probs": log_probs,
        "probabilities": [math.exp(lp) for lp in log_probs],
        "nll_nats": nll,
        "nll_bits": nll / LN2,
    }


# --- Shared PRNG ------------------------------------------------------------------------------


def mulberry32(seed: int) -> Callable[[], float]:
    """Tommy Ettinger's mulberry32: a 32-bit state, floats in [0, 1); same stream as the JS."""
    state = seed & 0xFFFFFFFF

    def _imul(a: int, b: int) -> int:
        return (a * b) & 0xFFFFFFFF

    def next_float() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = _imul(state ^ (state >> 15), 1 | state)
        t = ((t + _imul(t ^ (t >> 7), 61 | t)) & 0xFFFFFFFF) ^ t
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return next_float


# --- The fresh-sequence exercise --------------------------------------------------------------

DEFAULT_VOCABULARY = ("the", "cat", "sat", "on", "a", "mat", "dog", "ran")
#: Conditionals a student can take logs of by hand or with a basic calculator.
FRIENDLY = (0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.8, 0.9)
MAX_SEED = 4294967295
NLL_TOLERANCE = 0.005  # relative, but never below 0.005 absolute: two decimals pass

MISTAKES = {
    "sum_of_probabilities": "You added the probabilities. The chain rule multiplies them: "
    "p(x) = p(x₁) × p(x₂ | x₁) × …",
    "log10": "That is the NLL with log base 10. Nats use the natural log ln; bits use log base 2",
    "missing_minus": "The sign is wrong: the NLL is −log p(x), a positive number, because every log p is negative",
    "bits_for_nats": "That is the NLL in bits; the question asks for nats (nats = bits × ln 2)",
    "nats_for_bits": "That is the NLL in nats; the question asks for bits (bits = nats ÷ ln 2)",
    "mean_instead_of_sum": "That is the mean per token. The NLL of the sequence is the sum of the per-token terms",
}
NLL_MISTAKES = ("log10", "missing_minus", "sum_of_probabilities", "wrong_unit", "mean_instead_of_sum")


def _tolerance(value: float) -> float:
    return max(NLL_TOLERANCE * abs(value), NLL_TOLERANCE)


def nll_truth(probabilities: list[float], unit: str) -> float:
    """The sequence NLL in the asked unit."""
    nats = summarize(probabilities)["nll_nats"]
    return nats / LN2 if unit == "bits" else nats


def mistake_values(probabilities: list[float], unit: str) -> dict[str, float]:
    """What each usual mistake gives for the NLL in `unit` (the detectors look for these)."""
    nats = summarize(probabilities)["nll_nats"]
    truth = nats / LN2 if unit == "bits" else nats
    total = 0.0
    for p in probabilities:
        total += p
    wrong_unit = nats if unit == "bits" else nats / LN2
    return {
        "log10": nats / LN10,
        "missing_minus": -truth,
        "sum_of_probabilities": -math.log(total) / (LN2 if unit == "bits" else 1.0),
        "bits_for_nats" if unit == "nats" else "nats_for_bits": wrong_unit,
        "mean_instead_of_sum": truth / len(probabilities),
    }


def _well_separated(probabilities: list[float]) -> bool:
    """No two of {answer, mistakes} within each other's tolerance, in either unit."""
    for unit in ("nats", "bits"):
        values = [nll_truth(probabilities, unit), *mistake_values(probabilities, unit).values()]
        for i, a in enumerate(values):
            for b in values[i + 1 :]:
                if abs(a - b) <= 2 * (_tolerance(a) + _tolerance(b)):
                    return False
    return True


def make_instance(seed: int, vocabulary: list[str] | tuple[str, ...] = DEFAULT_VOCABULARY) -> dict[str, Any]:
    """The exercise for `seed`: 3 to 5 tokens with friendly conditionals; same as nll-math.js."""
    rng = mulberry32(seed)
    for _ in range(100):
        n = 3 + math.floor(rng() * 3)
        tokens = [vocabulary[math.floor(rng() * len(vocabulary))] for _ in range(n)]
        probabilities = [FRIENDLY[math.floor(rng() * len(FRIENDLY))] for _ in range(n)]
        if _well_separated(probabilities):
            break
    else:  # pragma: no cover - never reached for seeds 0..99999 (tested on a sample)
        tokens, probabilities = list(vocabulary[:3]), [0.4, 0.5, 0.6]
    joint = 1.0
    for p in probabilities:
        joint *= p
    summary = summarize(probabilities)
    return {
        "seed": seed,
        "tokens": tokens,
        "probabilities": probabilities,
        "joint": joint,
        "nll_nats": summary["nll_nats"],
        "nll_bits": summary["nll_bits"],
    }


# --- Vectors ----------------------------------------------------------------------------------


def _json_number(x: float | None) -> Any:
    """JSON has no infinity: write it as the string 'Infinity' (JavaScript's own spelling)."""
    if x is None:
        return None
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def _jsonable(value: Any) -> Any:
    if isinstance(value, float):
        return _json_number(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


VECTOR_INPUTS: dict[str, Any] = {
    "sequences": {
        "worked example": [0.4, 0.5, 0.6],
        "second example": [0.5, 0.25, 0.8, 0.1],
        "one certain token": [1.0],
        "400 factors of 0.1 (float64 underflows at 324)": [0.1] * 400,
        "1000 factors of 0.01": [0.01] * 1000,
        "an exact zero": [0.5, 0.0, 0.3],
        "subnormal but not zero": [1e-300, 1e-10],
        "tiny and certain": [1e-300, 1.0, 1.0],
    },
    "probabilities": [
        "0.4",
        "1/3",
        "1e-5",
        "0,25",
        " 0.5 ",
        ".5",
        "5e-1",
        "1E-3",
        "1",
        "0",
        "1/1",
        "2/3",
        "",
        "   ",
        "abc",
        "0.1.2",
        "1/2/3",
        "NaN",
        "Infinity",
        "-0.2",
        "-1/4",
        "1.5",
        "1,5",
        "3/2",
        "1/0",
        "0/0",
        "1e-400",
        "0e5",
        "4.9e-324",
        "1e-300",
        "+0.5",
        "0x1",
        "1 / 4",
        "½",
        "\u22121/4",
        "\u22120",
        "1e\u22125",
        "1e",
        "2.5E-",
        "1e999",
        "1/1e999",
        "1e-999",
        "-Infinity",
        "0/0",
        "1/2/3/4",
        "<img src=x onerror=alert(1)>",
        "0." + "0" * 98 + "1",
        "0." + "0" * 99 + "1",
        " \t0.5\n",
    ],
    "logits": ["2", "-3", "0,5", "1e3", "-1/2", "1e7", "", "x", "\u22121", "+2", "1e", "1e999", "1e-999", "−1e6"],
    "softmax": [
        {"logits": [2.0, 1.0, 0.1], "target": 0},
        {"logits": [2.0, 1.0, 0.5, -1.0], "target": 2},
        {"logits": [1000.0, 0.0, -1000.0], "target": 1},
        {"logits": [0.0, 0.0, 0.0, 0.0], "target": 3},
    ],
    "scientific": [0.0, -1.0, -2.120263536200091, -921.0340371976183, -1e-15, 5.0, -745.2, -1e5],
    "fixed": [[2.12026, 4], [0.00005, 4], [-0.00004, 4], [1234.56789, 2], [0.5, 0]],
}


def build_vectors() -> dict[str, Any]:
    """Inputs and this module's answers, for both languages to check against."""
    i = VECTOR_INPUTS
    vectors: dict[str, Any] = {
        "_comment": "Generated by `python -m coursemd.nll_math --write-vectors`; checked by "
        "tests/generator/test_nll_math.py (Python), tests/js/nll-math.test.mjs (Node) and "
        "tests/lessons/t19_02/test_calculator_in_browser.py (Chromium).",
        "sequences": [
            {"name": name, "probabilities": ps, "expected": summarize(ps)} for name, ps in i["sequences"].items()
        ],
        "probabilities": [
            {"input": text, "expected": parse_probability(text).as_dict()} for text in i["probabilities"]
        ],
        "logits": [{"input": text, "expected": parse_logit(text).as_dict()} for text in i["logits"]],
        "softmax": [{**case, "expected": softmax(case["logits"], case["target"])} for case in i["softmax"]],
        "scientific": [{"ln": x, "expected": scientific(x)} for x in i["scientific"]],
        "fixed": [{"x": x, "digits": d, "expected": fixed(x, d)} for x, d in i["fixed"]],
    }
    # The long sequences are stored compactly: the JS expands {"repeat": [p, n]}.
    for case in vectors["sequences"]:
        ps = case["probabilities"]
        if len(ps) > 20 and len(set(ps)) == 1:
            case["probabilities"] = {"repeat": [ps[0], len(ps)]}
            case["expected"]["surprisal_nats"] = case["expected"]["surprisal_nats"][:1]
            case["expected"]["surprisal_bits"] = case["expected"]["surprisal_bits"][:1]
    return _jsonable(vectors)


def load_vectors() -> dict[str, Any]:
    """The stored vectors file."""
    return json.loads(VECTORS.read_text("utf-8"))


def expand(probabilities: Any) -> list[float]:
    """A vector's probabilities as a list ({"repeat": [p, n]} is n copies of p)."""
    if isinstance(probabilities, dict):
        p, n = probabilities["repeat"]
        return [p] * n
    return list(probabilities)


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] == ["--write-vectors"]:
        VECTORS.write_text(json.dumps(build_vectors(), indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {VECTORS}")
    else:
        print(json.dumps(make_instance(int(sys.argv[1]) if sys.argv[1:] else 0), indent=1))
