"""The registry of numbers the lesson pages state, and the checker that recomputes them.

Each `Claim` says: in this Markdown file (path relative to the repository root), this regular
expression finds the statement exactly once, its single capture group is the stated number, and
the number must agree with `exercises.autoregressive.VALUES[value]()` (times `scale`).

The stated precision is read from the digits written: "2.12" allows |value - 2.12| <= 0.005,
"1.18 \\times 10^{-38}" allows 0.005e-38, and an integer without an exponent ("36,864",
"36{,}864") must be exact. Thousands separators (",", "{,}"), thin spaces and TeX "\\," are
ignored; a Unicode minus counts as a minus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from exercises import autoregressive

ROOT = Path(__file__).resolve().parent.parent
LESSON = "lesson_src/t19/02-autoregressive-models"
L = f"{LESSON}/lesson.md"
C = f"{LESSON}/cheatsheet.md"
P = f"{LESSON}/practice.md"

NUM = r"(−?[\d.,{}]+)"  # a stated number as written (decoded by parse_stated)
SCI = r"([\d.]+ \\times 10\^\{−?-?\d+\})"  # a TeX scientific number


@dataclass(frozen=True)
class Claim:
    file: str
    pattern: str
    value: str
    scale: float = 1.0


@dataclass(frozen=True)
class Stated:
    text: str
    value: Decimal  # exact, so 4.9e-324 and its tolerance do not underflow
    tolerance: Decimal
    precision: str  # human-readable, e.g. "±0.00005" or "exact"


@dataclass(frozen=True)
class Failure:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


CLAIMS: tuple[Claim, ...] = (
    # --- lesson.md: the chain rule's tabular cost
    Claim(L, r"binarized image of (\d+) pixels", "binary_image_pixels"),
    Claim(L, r"that is \$`2\^\{(\d+)\}`\$", "tabular_last_conditional_exponent"),
    Claim(L, r"a number with (\d+) decimal digits", "tabular_last_conditional_digits"),
    # --- lesson.md: bits/dim anchor
    Claim(L, r"uniform guess among 256 values scores (\d+) bits/dim", "uniform_bits_per_subpixel"),
    # --- lesson.md: the worked example (inputs, then results)
    Claim(L, r"p\(x_1\) = ([\d.]+)`\$", "worked_p1"),
    Claim(L, r"p\(x_2 \\mid x_1\) = ([\d.]+)`\$", "worked_p2"),
    Claim(L, r"p\(x_3 \\mid x_1, x_2\) = ([\d.]+)`\$", "worked_p3"),
    Claim(L, r"p\(x_1, x_2, x_3\) = ([\d.]+) \\times", "worked_p1"),
    Claim(L, r"p\(x_1, x_2, x_3\) = [\d.]+ \\times ([\d.]+) \\times", "worked_p2"),
    Claim(L, r"p\(x_1, x_2, x_3\) = [\d.]+ \\times [\d.]+ \\times ([\d.]+) =", "worked_p3"),
    Claim(L, r"p\(x_1, x_2, x_3\) = [\d.]+ \\times [\d.]+ \\times [\d.]+ = ([\d.]+)", "worked_joint"),
    Claim(L, r"Check: \$`-\\ln ([\d.]+)`\$", "worked_joint"),
    Claim(L, r"x_3\) = ([\d.]+) \+ [\d.]+ \+ [\d.]+ = ", "worked_nll_term1"),
    Claim(L, r"x_3\) = [\d.]+ \+ ([\d.]+) \+ [\d.]+ = ", "worked_nll_term2"),
    Claim(L, r"x_3\) = [\d.]+ \+ [\d.]+ \+ ([\d.]+) = ", "worked_nll_term3"),
    Claim(L, r"x_3\) = [\d.]+ \+ [\d.]+ \+ [\d.]+ = ([\d.]+) \\text\{ nats\}", "worked_nll_nats"),
    Claim(L, r"In bits it is \$`([\d.]+) / \\ln 2", "worked_nll_nats"),
    Claim(L, r"/ \\ln 2 = ([\d.]+)`\$ bits", "worked_nll_bits"),
    Claim(L, r"the mean NLL is ([\d.]+) nats", "worked_nll_per_token"),
    Claim(L, r"nats, or ([\d.]+) bits", "worked_bits_per_token"),
    Claim(L, r"= \\exp\(([\d.]+)\) \\approx", "worked_nll_per_token"),
    Claim(L, r"\\approx ([\d.]+)\n```", "worked_perplexity"),
    # --- lesson.md: underflow
    Claim(L, r"Multiply ([\d.]+) by itself repeatedly", "underflow_factor"),
    Claim(L, r"exactly zero after (\d+) factors in float32", "float32_underflow_factors"),
    Claim(L, r"after (\d+) factors in float64", "float64_underflow_factors"),
    Claim(L, r"A sequence of ([\d,]+) tokens, each given probability", "many_probabilities_count"),
    Claim(L, r"each given probability ([\d.]+), has", "many_probabilities_p"),
    Claim(L, r"has a product of ([\d.]+) in float64", "many_probabilities_product"),
    Claim(L, r"an ordinary (−[\d.]+)\.", "many_probabilities_log_sum"),
    Claim(L, r"\| float16 \| \$`" + SCI, "float16_smallest_normal"),
    Claim(L, r"\| float16 \| \$`[^`]+`\$ \| \$`" + SCI, "float16_smallest_subnormal"),
    Claim(L, r"\| float32 \| \$`" + SCI, "float32_smallest_normal"),
    Claim(L, r"\| float32 \| \$`[^`]+`\$ \| \$`" + SCI, "float32_smallest_subnormal"),
    Claim(L, r"\| float64 \| \$`" + SCI, "float64_smallest_normal"),
    Claim(L, r"\| float64 \| \$`[^`]+`\$ \| \$`" + SCI, "float64_smallest_subnormal"),
    # --- lesson.md: the peeking toy
    Claim(L, r"binary sequences of length (\d+) and a conditional that peeks", "peeking_length"),
    Claim(L, r"true symbol probability ([\d.]+)\.", "peeking_probability"),
    Claim(L, r"Each of the (\d+) sequences gets", "peeking_sequences"),
    Claim(L, r"sequences gets \$`0\.9\^4 = ([\d.]+)`\$", "peeking_per_sequence"),
    Claim(L, r"= ([\d.]+)`\$, about", "peeking_sum"),
    Claim(L, r"about ([\d.]+) instead of 1", "peeking_sum"),
    # --- lesson.md: WaveNet receptive fields
    Claim(L, r"with \$`k = 2`\$ see (\d+) samples", "figure2_rf"),
    Claim(L, r"the shorthand says (\d+)", "undilated_shorthand"),
    Claim(L, r"true receptive field is (\d+)", "undilated_rf"),
    Claim(L, r"dilations 1, 2, 4, …, (\d+),", "wavenet_max_dilation"),
    Claim(L, r"whose sum is (\d+)", "wavenet_block_dilation_sum"),
    Claim(L, r"one block sees (\d+) samples", "wavenet_block_rf"),
    Claim(L, r"1 \+ 3 \\times (\d+) = \d+`\$", "wavenet_block_dilation_sum"),
    Claim(L, r"1 \+ 3 \\times \d+ = (\d+)`\$", "wavenet_three_block_rf"),
    # --- lesson.md: sampling cost
    Claim(L, r"32×32 RGB image is (\d+) sub-pixel steps", "pixelcnn_subpixel_steps"),
    Claim(L, r"whole pixels jointly: (\d+) steps", "pixelcnn_pixel_steps"),
    Claim(L, r"Generating ([\d,]+) tokens without it", "gpt2_context"),
    Claim(L, r"\\dots \+ (\d+) = ", "gpt2_context"),
    Claim(L, r"\\dots \+ \d+ = ([\d{},]+)`\$ position-forwards", "token_forwards_without_cache"),
    Claim(L, r"position-forwards; with it, ([\d,]+)\.", "token_forwards_with_cache"),
    # --- lesson.md: KV-cache memory
    Claim(L, r"GPT-2 small \((\d+) layers", "gpt2_layers"),
    Claim(L, r"\d+ layers, (\d+) heads", "gpt2_kv_heads"),
    Claim(L, r"heads, \$`d_\\text\{head\} = (\d+)`\$\)", "gpt2_d_head"),
    Claim(L, r"\$`2 \\times (\d+) \\times \d+ \\times \d+ \\times \d+ = ", "gpt2_layers"),
    Claim(L, r"\$`2 \\times \d+ \\times (\d+) \\times \d+ \\times \d+ = ", "gpt2_kv_heads"),
    Claim(L, r"\$`2 \\times \d+ \\times \d+ \\times (\d+) \\times \d+ = ", "gpt2_d_head"),
    Claim(L, r"\$`2 \\times \d+ \\times \d+ \\times \d+ \\times (\d+) = ", "gpt2_bytes_per_element"),
    Claim(L, r"\\times \d+ = ([\d{},]+)`\$ bytes per token", "kv_bytes_per_token_gpt2_small"),
    Claim(L, r"a full ([\d,]+)-token context takes", "gpt2_context"),
    Claim(L, r"context takes ([\d,]+) bytes", "kv_bytes_gpt2_small_context"),
    Claim(L, r"which is (\d+) MiB per sequence", "kv_mib_gpt2_small_context"),
    # --- cheatsheet.md
    Claim(C, r"Conditionals ([\d.]+), [\d.]+, [\d.]+:", "worked_p1"),
    Claim(C, r"Conditionals [\d.]+, ([\d.]+), [\d.]+:", "worked_p2"),
    Claim(C, r"Conditionals [\d.]+, [\d.]+, ([\d.]+):", "worked_p3"),
    Claim(C, r"\| joint \| ([\d.]+) \|", "worked_joint"),
    Claim(C, r"terms \| ([\d.]+) \+ [\d.]+ \+ [\d.]+ nats", "worked_nll_term1"),
    Claim(C, r"terms \| [\d.]+ \+ ([\d.]+) \+ [\d.]+ nats", "worked_nll_term2"),
    Claim(C, r"terms \| [\d.]+ \+ [\d.]+ \+ ([\d.]+) nats", "worked_nll_term3"),
    Claim(C, r"sequence NLL \| ([\d.]+) nats", "worked_nll_nats"),
    Claim(C, r"nats = ([\d.]+) bits", "worked_nll_bits"),
    Claim(C, r"mean per token \| ([\d.]+) nats", "worked_nll_per_token"),
    Claim(C, r"perplexity \| ≈ ([\d.]+) \|", "worked_perplexity"),
    Claim(C, r"repeated factors of ([\d.]+) reach", "underflow_factor"),
    Claim(C, r"exactly 0 after (\d+) factors in float32", "float32_underflow_factors"),
    Claim(C, r"and (\d+) in float64", "float64_underflow_factors"),
    Claim(C, r"dilations 1 … (\d+) sees", "wavenet_max_dilation"),
    Claim(C, r"sees (\d+) samples", "wavenet_block_rf"),
    Claim(C, r"three blocks see (\d+)", "wavenet_three_block_rf"),
    Claim(C, r"PixelCNN image: (\d+) steps", "pixelcnn_subpixel_steps"),
    Claim(C, r"fp16: ([\d,]+) bytes per token", "kv_bytes_per_token_gpt2_small"),
    Claim(C, r"(\d+) MiB for a", "kv_mib_gpt2_small_context"),
    Claim(C, r"MiB for a (\d+)-token context", "gpt2_context"),
    # --- practice.md: the quiz's numeric question (its answer key is a claim too)
    Claim(P, r"the conditionals ([\d.]+), [\d.]+ and [\d.]+\. What is", "quiz_p1"),
    Claim(P, r"the conditionals [\d.]+, ([\d.]+) and [\d.]+\. What is", "quiz_p2"),
    Claim(P, r"the conditionals [\d.]+, [\d.]+ and ([\d.]+)\. What is", "quiz_p3"),
    Claim(P, r"\$`-\\log_2 ([\d.]+) = \d+`\$", "quiz_p1"),
    Claim(P, r"\$`-\\log_2 [\d.]+ = (\d+)`\$", "quiz_term1_bits"),
    Claim(P, r"^Answer: ([\d.]+) bits$", "quiz_nll_bits"),
    Claim(P, r"\$`(\d+) \+ \d+ \+ \d+ = \d+`\$ bits", "quiz_term1_bits"),
    Claim(P, r"\$`\d+ \+ (\d+) \+ \d+ = \d+`\$ bits", "quiz_term2_bits"),
    Claim(P, r"\$`\d+ \+ \d+ \+ (\d+) = \d+`\$ bits", "quiz_term3_bits"),
    Claim(P, r"\$`\d+ \+ \d+ \+ \d+ = (\d+)`\$ bits", "quiz_nll_bits"),
    Claim(P, r"the joint \$`[\d.]+ \\times [\d.]+ \\times [\d.]+ = ([\d.]+) = 1/\d+`\$", "quiz_joint"),
    Claim(P, r"the joint \$`[\d.]+ \\times [\d.]+ \\times [\d.]+ = [\d.]+ = 1/(\d+)`\$", "quiz_joint_reciprocal"),
    Claim(P, r"([\d.]+) is the same NLL in nats", "quiz_nll_nats"),
    Claim(P, r"in nats \(\$`\\ln (\d+)`\$;", "quiz_joint_reciprocal"),
    Claim(P, r"and ([\d.]+) is the mean per token", "quiz_bits_per_token"),
    Claim(P, r"in fp16, ([\d,]+) bytes per token of each sequence", "kv_bytes_per_token_gpt2_small"),
    # --- practice.md: the flashcard deck
    Claim(P, r"are ([\d.]+), [\d.]+ and [\d.]+\. What are its joint", "worked_p1"),
    Claim(P, r"are [\d.]+, ([\d.]+) and [\d.]+\. What are its joint", "worked_p2"),
    Claim(P, r"are [\d.]+, [\d.]+ and ([\d.]+)\. What are its joint", "worked_p3"),
    Claim(P, r"\\cdot [\d.]+ = ([\d.]+)`\$\. The NLL is", "worked_joint"),
    Claim(P, r"\\approx ([\d.]+) \+ [\d.]+ \+ [\d.]+ \\approx", "worked_nll_term1"),
    Claim(P, r"\\approx [\d.]+ \+ ([\d.]+) \+ [\d.]+ \\approx", "worked_nll_term2"),
    Claim(P, r"\\approx [\d.]+ \+ [\d.]+ \+ ([\d.]+) \\approx", "worked_nll_term3"),
    Claim(P, r"\+ [\d.]+ \\approx ([\d.]+)`\$\s+nats", "worked_nll_nats"),
    Claim(P, r"Convert ([\d.]+) nats\.", "worked_nll_nats"),
    Claim(P, r"Divide by \$`\\ln 2 \\approx ([\d.]+)`\$", "ln2"),
    Claim(P, r"So ([\d.]+) nats is about", "worked_nll_nats"),
    Claim(P, r"nats is about ([\d.]+) bits\.", "worked_nll_bits"),
    Claim(P, r"with joint probability ([\d.]+)\?", "worked_joint"),
    Claim(P, r"\$`\\exp\(([\d.]+) / 3\) = ", "worked_nll_nats"),
    Claim(P, r"/ 3\) = ([\d.]+)\^\{-1/3\}", "worked_joint"),
    Claim(P, r"\^\{-1/3\} \\approx ([\d.]+)`\$", "worked_perplexity"),
    Claim(P, r"Multiplying ([\d.]+) by itself gives", "underflow_factor"),
    Claim(P, r"exactly 0 after (\d+)\s+factors in float64", "float64_underflow_factors"),
    Claim(P, r"\(after (\d+) in float32\)", "float32_underflow_factors"),
    Claim(P, r"dilations 1, 2, 4, …, (\d+), one block", "wavenet_max_dilation"),
    Claim(P, r"one block\s+sees (\d+) samples", "wavenet_block_rf"),
    Claim(P, r"\$`1 \+ 3 \\cdot (\d+) = \d+`\$", "wavenet_block_dilation_sum"),
    Claim(P, r"\$`1 \+ 3 \\cdot \d+ = (\d+)`\$", "wavenet_three_block_rf"),
    Claim(P, r"GPT-2 small \((\d+) layers,", "gpt2_layers"),
    Claim(P, r"\d+ layers,\s+(\d+) heads of \d+\)", "gpt2_kv_heads"),
    Claim(P, r"heads of (\d+)\) in fp16", "gpt2_d_head"),
    Claim(P, r"in fp16 needs ([\d,]+) bytes per token", "kv_bytes_per_token_gpt2_small"),
    Claim(P, r"(\d+) MiB for \d+ tokens", "kv_mib_gpt2_small_context"),
    Claim(P, r"MiB for (\d+) tokens", "gpt2_context"),
)


# --- Parsing a stated number ------------------------------------------------------------------

_STATED = re.compile(
    r"^(?P<sign>-)?(?P<int>\d+)(?:\.(?P<frac>\d+))?"
    r"(?:\s*(?:\\times|×)\s*10\^\{?(?P<exp>-?\d+)\}?|[eE](?P<eexp>[-+]?\d+))?$"
)


def parse_stated(text: str) -> Stated:
    """Decode a number as written in the Markdown, with the precision its digits imply."""
    clean = text.replace("{,}", "").replace("\\,", "").replace(",", "")
    clean = clean.replace("\u2009", "").replace("\u202f", "").replace("\u00a0", "").replace("−", "-").strip()
    match = _STATED.match(clean)
    if match is None:
        raise ValueError(f"cannot read {text!r} as a number")
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


def agrees(stated: Stated, computed: float) -> bool:
    exact = Decimal(computed)  # the float's exact value
    slack = Decimal("1e-12") * max(abs(stated.value), abs(exact))  # float noise only
    return abs(exact - stated.value) <= stated.tolerance + slack


def _fmt(x: float) -> str:
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.7g}"


# --- Checking ---------------------------------------------------------------------------------


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def locate(claim: Claim, text: str) -> list[re.Match[str]]:
    return list(re.finditer(claim.pattern, text, flags=re.M))


def check_claim(claim: Claim, text: str) -> list[Failure]:
    """Failures for one claim against the text of its file (empty when it holds)."""
    matches = locate(claim, text)
    if len(matches) != 1:
        lines = ", ".join(str(line_of(text, m.start(1))) for m in matches) or "none"
        return [
            Failure(
                claim.file,
                None if not matches else line_of(text, matches[0].start(1)),
                f"the pattern {claim.pattern!r} for {claim.value} must match exactly once but matches "
                f"{len(matches)} times (lines: {lines})",
            )
        ]
    match = matches[0]
    line = line_of(text, match.start(1))
    try:
        stated = parse_stated(match.group(1))
    except ValueError as error:
        return [Failure(claim.file, line, f"{error} (claim for {claim.value})")]
    if claim.value not in autoregressive.VALUES:
        return [Failure(claim.file, line, f"no computation named {claim.value} in exercises/autoregressive.py")]
    computed = autoregressive.VALUES[claim.value]() * claim.scale
    if not agrees(stated, computed):
        return [
            Failure(
                claim.file,
                line,
                f"states {stated.text} for {claim.value} but the computation gives "
                f"{_fmt(computed)} (stated precision {stated.precision})",
            )
        ]
    return []


def check_claims(
    claims: tuple[Claim, ...] = CLAIMS, texts: dict[str, str] | None = None, root: Path = ROOT
) -> list[Failure]:
    """Check every claim; `texts` may replace file contents (path -> text) for in-memory copies."""
    texts = dict(texts or {})
    failures: list[Failure] = []
    for claim in claims:
        if claim.file not in texts:
            texts[claim.file] = (root / claim.file).read_text("utf-8")
        failures.extend(check_claim(claim, texts[claim.file]))
    return failures


def mutate_last_digit(claim: Claim, text: str) -> tuple[str, int]:
    """A copy of `text` with the last digit of the claim's stated number changed; and its line."""
    match = locate(claim, text)[0]
    start, end = match.span(1)
    for i in range(end - 1, start - 1, -1):
        if text[i].isdigit():
            digit = str((int(text[i]) + 1) % 10)
            return text[:i] + digit + text[i + 1 :], line_of(text, start)
    raise ValueError(f"{claim.file}: the capture for {claim.value} holds no digit")
