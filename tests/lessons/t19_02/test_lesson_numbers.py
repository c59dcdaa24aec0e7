"""Every number the lesson pages state as a computed result agrees with exercises/autoregressive.py.

The registry and the checker live in exercises/claims.py; this file only runs them, proves the
checker catches a changed digit, and checks the computations against independent formulas.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from exercises import autoregressive as ar
from exercises.claims import CLAIMS, ROOT, Claim, check_claim, check_claims, locate, mutate_last_digit, parse_stated


def _id(claim: Claim) -> str:
    return f"{Path(claim.file).stem}:{claim.value}"


# --- (a) the pages agree with the computations ------------------------------------------------


def test_every_numeric_quiz_answer_is_a_checked_claim() -> None:
    """A quiz's `Answer:` line is a stated result: it must be registered, not typed by hand."""
    unchecked = []
    for page in sorted((ROOT / "lesson_src").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(ROOT).as_posix()
        for match in re.finditer(r"^Answer:.*$", text, flags=re.M):
            covered = any(
                claim.file == rel
                and any(
                    m.span(1)[0] >= match.start() and m.span(1)[1] <= match.end()
                    for m in re.finditer(claim.pattern, text, flags=re.M)
                )
                for claim in CLAIMS
            )
            if not covered:
                line = text.count("\n", 0, match.start()) + 1
                unchecked.append(f"{rel}:{line}: '{match.group(0)}' is not checked by a claim in exercises/claims.py")
    assert not unchecked, "\n".join(unchecked)


@pytest.mark.parametrize("claim", CLAIMS, ids=_id)
def test_claim_holds(claim: Claim) -> None:
    failures = check_claims((claim,))
    assert not failures, "\n".join(map(str, failures))


def test_every_value_named_by_a_claim_exists() -> None:
    missing = sorted({c.value for c in CLAIMS} - set(ar.VALUES))
    assert not missing, f"claims name computations that exercises/autoregressive.py lacks: {missing}"


# --- (b) the checker notices a changed digit --------------------------------------------------


@pytest.mark.parametrize("claim", CLAIMS, ids=_id)
def test_changed_last_digit_is_reported(claim: Claim) -> None:
    text = (ROOT / claim.file).read_text("utf-8")
    mutated, line = mutate_last_digit(claim, text)
    failures = check_claim(claim, mutated)
    assert failures, f"{claim.file}:{line}: changing the last digit of {claim.value} went unnoticed"
    assert failures[0].file == claim.file and failures[0].line == line, str(failures[0])
    assert str(failures[0]).startswith(f"{claim.file}:{line}: states ")


def test_pattern_matching_zero_or_several_times_fails_naming_the_file() -> None:
    claim = Claim("lesson_src/t19/02-autoregressive-models/lesson.md", r"(\d+) never-written-phrase", "worked_joint")
    (failure,) = check_claims((claim,))
    assert failure.file == claim.file and "matches 0 times" in failure.message
    twice = Claim(claim.file, r"x(\d)", "worked_joint")
    (failure,) = check_claim(twice, "x1\nx2\n")
    assert "matches 2 times" in failure.message and str(failure).startswith(claim.file)


@pytest.mark.parametrize(
    ("written", "value", "tolerance"),
    [
        ("2.12", "2.12", "0.005"),
        ("36,864", "36864", "0"),
        ("36{,}864", "36864", "0"),
        ("36\u2009864", "36864", "0"),
        ("−4605.17", "-4605.17", "0.005"),
        ("1.18 \\times 10^{-38}", "1.18e-38", "0.005e-38"),
        ("6 \\times 10^{-8}", "6e-8", "0.5e-8"),
        ("4.9e-324", "4.9e-324", "0.05e-324"),
    ],
)
def test_parse_stated(written: str, value: str, tolerance: str) -> None:
    from decimal import Decimal

    stated = parse_stated(written)
    assert stated.value == Decimal(value) and stated.tolerance == Decimal(tolerance)


# --- (c) the computations agree with independent formulas -------------------------------------


def test_perplexity_three_ways() -> None:
    p = ar.WORKED_EXAMPLE
    n = len(p)
    geometric_mean_inverse = math.prod(1 / q for q in p) ** (1 / n)
    two_to_mean_bits = 2 ** (sum(-math.log2(q) for q in p) / n)
    assert math.isclose(ar.worked_perplexity(), geometric_mean_inverse, rel_tol=1e-12)
    assert math.isclose(ar.worked_perplexity(), two_to_mean_bits, rel_tol=1e-12)


def test_nll_is_minus_log_of_the_joint() -> None:
    assert math.isclose(ar.worked_nll_nats(), -math.log(math.prod(ar.WORKED_EXAMPLE)), rel_tol=1e-12)
    assert math.isclose(ar.worked_nll_bits(), -math.log2(math.prod(ar.WORKED_EXAMPLE)), rel_tol=1e-12)
    assert math.isclose(sum(ar.nll_terms(ar.WORKED_EXAMPLE)), ar.worked_nll_nats(), rel_tol=1e-12)


def test_softmax_nll_is_cross_entropy_with_a_one_hot_target() -> None:
    z = [2.0, -1.0, 0.5, 3.0]
    probs = [math.exp(v) / sum(math.exp(u) for u in z) for v in z]
    for y in range(len(z)):
        one_hot = [1.0 if v == y else 0.0 for v in range(len(z))]
        cross_entropy = -sum(t * math.log(q) for t, q in zip(one_hot, probs))
        assert math.isclose(ar.softmax_nll(z, y), cross_entropy, rel_tol=1e-12)
    # logsumexp stays finite where a naive exp would overflow
    assert math.isclose(ar.logsumexp([1000.0, 1000.0]), 1000 + math.log(2), rel_tol=1e-15)


def test_single_source_of_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    source = Path(ar.__file__).read_text("utf-8")
    assert source.count("(0.4, 0.5, 0.6)") == 1, "the worked example's inputs must be written once"
    assert re.search(r"^WORKED_EXAMPLE: tuple\[float, \.\.\.\] = \(0\.4, 0\.5, 0\.6\)$", source, re.M)
    monkeypatch.setattr(ar, "WORKED_EXAMPLE", (0.5, 0.5, 0.5))
    assert ar.worked_joint() == 0.125 and math.isclose(ar.worked_perplexity(), 2.0)
    assert math.isclose(ar.worked_nll_bits(), 3.0)


def test_lesson_states_the_worked_inputs() -> None:
    for name in ("worked_p1", "worked_p2", "worked_p3"):
        files = {c.file for c in CLAIMS if c.value == name}
        assert any(f.endswith("lesson.md") for f in files) and any(f.endswith("cheatsheet.md") for f in files)


def test_receptive_field_by_brute_force() -> None:
    def brute(kernel: int, dilations: list[int]) -> int:
        reach = {0}
        for d in dilations:
            reach = {r - j * d for r in reach for j in range(kernel)}
        assert reach == set(range(min(reach), 1)), "causal stack must see a contiguous past"
        return len(reach)

    assert ar.wavenet_block_rf() == brute(2, list(ar.WAVENET_DILATIONS))
    assert ar.wavenet_three_block_rf() == brute(2, list(ar.WAVENET_DILATIONS) * 3)
    assert ar.undilated_rf() == brute(3, [1, 1, 1, 1]) != ar.undilated_shorthand()
    assert ar.figure2_rf() == brute(2, [1, 1, 1, 1]) == ar.wavenet_shorthand(2, 4)


def test_float_limits_and_underflow() -> None:
    import sys

    assert ar.float32_smallest_normal() == 2.0**-126 and ar.float32_smallest_subnormal() == 2.0**-149
    assert ar.float64_smallest_normal() == sys.float_info.min == 2.0**-1022
    assert ar.float64_smallest_subnormal() == 2.0**-1074
    assert ar.float16_smallest_normal() == 2.0**-14 and ar.float16_smallest_subnormal() == 2.0**-24
    assert ar.to_float32(0.1) == 0.10000000149011612
    # float64: the same count from a plain loop
    x, n = 1.0, 0
    while x:
        x *= 0.1
        n += 1
    assert ar.float64_underflow_factors() == n
    # the last nonzero float32 product is at most a few subnormal steps
    assert (
        0.1 ** ar.float32_underflow_factors()
        < ar.float32_smallest_subnormal() / 2
        < 0.1 ** (ar.float32_underflow_factors() - 2)
    )
    assert ar.many_probabilities_product() == 0.0
    assert math.isclose(ar.many_probabilities_log_sum(), 1000 * math.log(0.01), rel_tol=1e-12)


def test_peeking_toy_and_a_proper_model() -> None:
    assert math.isclose(ar.peeking_sum(), 2**4 * 0.9**4, rel_tol=1e-12)
    # An honest model whose conditionals read only the prefix sums to 1 over all sequences.
    from itertools import product

    def q(bit: int, prefix: tuple[int, ...]) -> float:
        p1 = 0.2 + 0.6 * (sum(prefix) % 2)
        return p1 if bit else 1 - p1

    total = sum(math.prod(q(x[i], x[:i]) for i in range(4)) for x in product((0, 1), repeat=4))
    assert math.isclose(total, 1.0, rel_tol=1e-12)


def test_kv_cache_and_sampling_counts() -> None:
    c = ar.GPT2_SMALL
    # GPT-2's past_shape: [batch, n_layer, 2, n_head, sequence, n_embd // n_head], fp16 elements
    past_elements = 1 * c["n_layers"] * 2 * c["n_kv_heads"] * c["context"] * c["d_head"]
    assert ar.kv_bytes_gpt2_small_context() == past_elements * c["bytes_per_element"]
    assert ar.kv_mib_gpt2_small_context() == 36
    n = c["context"]
    assert ar.token_forwards_without_cache() == n * (n + 1) // 2
    assert ar.pixelcnn_subpixel_steps() == 32 * 32 * 3
    assert ar.tabular_last_conditional_digits() == math.floor(783 * math.log10(2)) + 1
    assert ar.uniform_bits_per_subpixel() == 8


def test_locate_is_what_the_checker_uses() -> None:
    # A sanity check on the registry: each claim's capture sits on a single line.
    for claim in CLAIMS:
        text = (ROOT / claim.file).read_text("utf-8")
        (match,) = locate(claim, text)
        assert "\n" not in match.group(1), f"{claim.file}: capture for {claim.value} spans lines"
