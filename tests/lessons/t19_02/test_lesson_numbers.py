"""Every number lesson 2 states as a result agrees with its numbers.py, where it is written.

The pages mark each such number as `{{ name = 0.12 }}`; the build checks them (coursemd.numbers).
Here: every reference holds, changing the last digit of any one of them fails naming its page
and line, changing an input behind them fails too, and the computations agree with
independent formulas.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from conftest import ROOT
from coursemd.numbers import Reference, find_references, load_numbers, parse_stated, substitute
from exercises import sequence_models as sm

LESSON = ROOT / "lesson_src" / "t19" / "02-autoregressive-models"
NUMBERS = LESSON / "numbers.py"
PAGES = ("brief.md", "lesson.md", "summary.md", "practice.md", "cheatsheet.md", "references.md")
ar = load_numbers(NUMBERS)
assert not isinstance(ar, str), ar


def _stated() -> list[tuple[str, Reference]]:
    out = []
    for page in PAGES:
        refs, problems = find_references((LESSON / page).read_text("utf-8"))
        assert not problems, problems
        out += [(page, ref) for ref in refs if ref.stated is not None]
    return out


STATED = _stated()


def problems_of(page: str, text: str | None = None) -> list[str]:
    text = (LESSON / page).read_text("utf-8") if text is None else text
    return [f"{page}:{p.line}: {p.problem}" for p in substitute(text, NUMBERS)[1]]


# --- (a) the pages agree with the computations ------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_stated_number_on_the_page_holds(page: str) -> None:
    assert problems_of(page) == []


def test_all_of_the_lessons_results_are_checked() -> None:
    assert len(STATED) >= 132, len(STATED)
    assert {ref.name for _, ref in STATED} <= {n for n in dir(ar) if not n.startswith("_")}


# --- (b) a changed digit, or a changed input, is reported at its line -------------------------


def _mutated(text: str, ref: Reference) -> str:
    stated_at = text.index(ref.stated, text.index("=", ref.start))  # type: ignore[arg-type]
    for i in range(stated_at + len(ref.stated) - 1, stated_at - 1, -1):  # type: ignore[arg-type]
        if text[i].isdigit():
            return text[:i] + str((int(text[i]) + 1) % 10) + text[i + 1 :]
    raise AssertionError(f"no digit in {ref}")


@pytest.mark.parametrize(("page", "ref"), STATED, ids=[f"{p}:{r.line}:{r.name}" for p, r in STATED])
def test_changing_the_last_digit_fails_at_its_line(page: str, ref: Reference) -> None:
    text = (LESSON / page).read_text("utf-8")
    found = problems_of(page, _mutated(text, ref))
    assert any(line.startswith(f"{page}:{ref.line}: states ") and ref.name in line for line in found), found


def test_changing_an_input_fails_at_every_number_derived_from_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # The module the check uses now: a preview test earlier in the run may have made it import
    # numbers.py afresh, so `ar` from collection time need not be it any more.
    current = load_numbers(NUMBERS)
    assert not isinstance(current, str), current
    monkeypatch.setattr(current, "WORKED_EXAMPLE", (0.4, 0.5, 0.7))
    found = problems_of("lesson.md") + problems_of("cheatsheet.md")
    joint = [line for line in found if "for worked_joint " in line]
    assert joint and all(re.match(r"(lesson|cheatsheet)\.md:\d+: states 0\.12 for worked_joint", j) for j in joint)
    assert any("worked_p3" in line for line in found)


def test_a_shown_sum_must_add_up_as_written() -> None:
    text = (LESSON / "lesson.md").read_text("utf-8")
    assert "\\approx {{ worked_nll_nats = 2.1203 }}" in text  # the terms as written sum to 2.1202
    broken = text.replace("\\approx {{ worked_nll_nats = 2.1203 }}", "= {{ worked_nll_nats = 2.1203 }}")
    line = text[: text.index("\\approx {{ worked_nll_nats")].count("\n") + 1
    assert any(f"lesson.md:{line}: the arithmetic" in p for p in problems_of("lesson.md", broken))


def test_parse_stated_reads_the_precision_written() -> None:
    from decimal import Decimal

    for written, value, tolerance in [
        ("2.12", "2.12", "0.005"),
        ("36,864", "36864", "0"),
        ("36{,}864", "36864", "0"),
        ("−4605.17", "-4605.17", "0.005"),
        ("1.18 \\times 10^{-38}", "1.18e-38", "0.005e-38"),
        ("4.9e-324", "4.9e-324", "0.05e-324"),
    ]:
        stated = parse_stated(written)
        assert stated.value == Decimal(value) and stated.tolerance == Decimal(tolerance), written


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
    assert math.isclose(sum(sm.nll_terms(ar.WORKED_EXAMPLE)), ar.worked_nll_nats(), rel_tol=1e-12)


def test_softmax_nll_is_cross_entropy_with_a_one_hot_target() -> None:
    z = [2.0, -1.0, 0.5, 3.0]
    probs = [math.exp(v) / sum(math.exp(u) for u in z) for v in z]
    for y in range(len(z)):
        one_hot = [1.0 if v == y else 0.0 for v in range(len(z))]
        cross_entropy = -sum(t * math.log(q) for t, q in zip(one_hot, probs))
        assert math.isclose(sm.softmax_nll(z, y), cross_entropy, rel_tol=1e-12)
    # logsumexp stays finite where a naive exp would overflow
    assert math.isclose(sm.logsumexp([1000.0, 1000.0]), 1000 + math.log(2), rel_tol=1e-15)


def test_single_source_of_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    source = Path(ar.__file__).read_text("utf-8")
    assert source.count("(0.4, 0.5, 0.6)") == 1, "the worked example's inputs must be written once"
    assert re.search(r"^WORKED_EXAMPLE: tuple\[float, \.\.\.\] = \(0\.4, 0\.5, 0\.6\)$", source, re.M)
    monkeypatch.setattr(ar, "WORKED_EXAMPLE", (0.5, 0.5, 0.5))
    assert ar.worked_joint() == 0.125 and math.isclose(ar.worked_perplexity(), 2.0)
    assert math.isclose(ar.worked_nll_bits(), 3.0)


def test_lesson_states_the_worked_inputs() -> None:
    for name in ("worked_p1", "worked_p2", "worked_p3"):
        pages = {page for page, ref in STATED if ref.name == name}
        assert {"lesson.md", "cheatsheet.md"} <= pages, pages


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
    assert ar.figure2_rf() == brute(2, [1, 1, 1, 1]) == sm.wavenet_shorthand(2, 4)


def test_float_limits_and_underflow() -> None:
    import sys

    assert ar.float32_smallest_normal() == 2.0**-126 and ar.float32_smallest_subnormal() == 2.0**-149
    assert ar.float64_smallest_normal() == sys.float_info.min == 2.0**-1022
    assert ar.float64_smallest_subnormal() == 2.0**-1074
    assert ar.float16_smallest_normal() == 2.0**-14 and ar.float16_smallest_subnormal() == 2.0**-24
    assert sm.to_float32(0.1) == 0.10000000149011612
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


def test_the_review_additions_agree_with_independent_formulas() -> None:
    """The numbers added after the expert review (issue 12), each recomputed another way."""
    n, d = ar.BINARY_IMAGE_PIXELS, ar.NADE_HIDDEN
    # The CS236 ladder: FVSBN sum_i i; one MLP per conditional dominated by A_i; NADE shares W and c.
    assert ar.fvsbn_parameters() == sum(range(1, n + 1)) == 307_720
    assert ar.mlp_per_conditional_parameters() == d * n * (n - 1) // 2 + 2 * d * n + n
    assert ar.nade_parameters() == 2 * n * d + n + d
    assert ar.tabular_joint_digits() == math.floor(n * math.log10(2)) + 1
    # Float formats: bfloat16 keeps float32's exponent; float32's 45th product is its smallest subnormal.
    assert ar.bfloat16_smallest_normal() == 2.0**-126 and ar.bfloat16_smallest_subnormal() == 2.0**-133
    assert ar.float32_product_after_45() == ar.float32_smallest_subnormal() == 2.0**-149
    assert ar.float32_last_nonzero_factors() + 1 == ar.float32_underflow_factors()
    assert ar.float16_max() == (2 - 2**-10) * 2**15 == 65504
    assert math.isclose(math.exp(ar.float16_exp_overflow()), 65504, rel_tol=1e-12)
    # Bits per dimension back to nats per image, and a density above 1.
    assert math.isclose(ar.pixelcnn_pp_nats_per_image() / (3072 * math.log(2)), 2.92, rel_tol=1e-12)
    assert ar.gaussian_peak_density() > 1 > 0 > ar.gaussian_peak_nll()
    # GPT-2 small: nanoGPT prints 123.65M parameters, not counting the position embeddings.
    params = ar.gpt2_small_parameters()
    assert round((params - 1024 * 768) / 1e6, 2) == 123.65
    weights = params * 2
    sequences = ar.sequences_cache_exceeds_weights()
    assert (sequences - 1) * ar.kv_bytes_gpt2_small_context() < weights < sequences * ar.kv_bytes_gpt2_small_context()
    assert math.isclose(ar.calculator_try_nll_increase(), math.log(10), rel_tol=1e-12)
    assert math.isclose(ar.calculator_try_joint(), ar.worked_joint() / 10, rel_tol=1e-12)
