"""The calculator's NLL math in Python, and the sequences lesson 2's fresh-sequence exercise draws.

The vectors file (hooks/coursemd/nll_vectors.json) is the contract: Python must reproduce it
here, Node checks nll-math.js against it (tests/js/nll-math.test.mjs), and Chromium does too
(tests/lessons/t19_02/test_calculator_in_browser.py). The exercise itself, now a `/// exercise`
with its generator in the lesson folder, is tested in tests/lessons/t19_02/test_fresh_sequence.py.
"""

from __future__ import annotations

import json
import math

import pytest
from coursemd import nll_math as ref

SEEDS = range(1000)


# --- The shared vectors --------------------------------------------------------------------------


def test_vectors_file_is_up_to_date() -> None:
    """Regenerating the vectors from the Python reference gives the stored file exactly."""
    regenerated = json.loads(json.dumps(ref.build_vectors(), ensure_ascii=False))
    assert regenerated == ref.load_vectors(), "run: .venv/bin/python -m coursemd.nll_math --write-vectors"


def test_vectors_cover_underflow_zeros_and_bad_input() -> None:
    vectors = ref.load_vectors()
    names = {case["name"] for case in vectors["sequences"]}
    assert {"400 factors of 0.1 (float64 underflows at 324)", "an exact zero", "1000 factors of 0.01"} <= names
    errors = {case["expected"]["error"] for case in vectors["probabilities"]}
    assert {"empty", "not_a_number", "negative", "above_one", "divide_by_zero", "too_small"} <= errors


def test_worked_examples_match_the_fact_sheet() -> None:
    """Fact sheet 2.1.5: 0.4, 0.5, 0.6 and 0.5, 0.25, 0.8, 0.1."""
    s = ref.summarize([0.4, 0.5, 0.6])
    assert s["joint"]["decimal"] == "0.12"
    assert (round(s["nll_nats"], 4), round(s["nll_bits"], 3), round(s["perplexity"], 2)) == (2.1203, 3.059, 2.03)
    assert [round(x, 4) for x in s["surprisal_nats"]] == [0.9163, 0.6931, 0.5108]
    s = ref.summarize([0.5, 0.25, 0.8, 0.1])
    assert (round(s["nll_nats"], 4), round(s["nll_bits"], 4), round(s["mean_nats"], 4)) == (4.6052, 6.6439, 1.1513)
    assert round(s["perplexity"], 4) == 3.1623


def test_log_space_never_underflows() -> None:
    """Fact sheet 2.3.9: 0.1 reaches 0 after 324 float64 factors; 1000 x 0.01 has log-sum -4605.17."""
    s = ref.summarize([0.1] * 400)
    assert s["joint"]["text"] == "1.00e-400"
    assert s["naive"] == {"product": 0.0, "subnormal_at": 308, "zero_at": 324}
    assert round(ref.summarize([0.01] * 1000)["log_joint"], 2) == -4605.17
    assert ref.summarize([0.5, 0.0, 0.3])["nll_nats"] == math.inf
    assert ref.summarize([0.5, 0.0, 0.3])["joint"]["text"] == "0"


@pytest.mark.parametrize(
    ("text", "value", "error"),
    [
        ("1/3", 1 / 3, None),
        ("0,25", 0.25, None),
        ("1e-5", 1e-5, None),
        ("0", 0.0, None),
        ("", None, "empty"),
        ("abc", None, "not_a_number"),
        ("-0.2", None, "negative"),
        ("1.5", None, "above_one"),
        ("1/0", None, "divide_by_zero"),
        ("1e-400", None, "too_small"),
    ],
)
def test_probability_parsing(text: str, value: float | None, error: str | None) -> None:
    parsed = ref.parse_probability(text)
    assert (parsed.value, parsed.error) == (value, error)
    assert (parsed.message is None) == (error is None)


# --- The sequences of the fresh-sequence exercise -----------------------------------------------


def test_instances_are_friendly_and_seeded() -> None:
    for seed in SEEDS:
        instance = ref.make_instance(seed)
        assert 3 <= len(instance["tokens"]) == len(instance["probabilities"]) <= 5
        assert set(instance["probabilities"]) <= set(ref.FRIENDLY)
        assert instance == ref.make_instance(seed)
    assert len({tuple(ref.make_instance(seed)["probabilities"]) for seed in SEEDS}) > 500
    # Drawn so that no two usual mistakes, nor a mistake and the answer, give the same number.
    for seed in SEEDS:
        for unit in ("nats", "bits"):
            values = [ref.nll_truth(ref.make_instance(seed)["probabilities"], unit)]
            values += ref.mistake_values(ref.make_instance(seed)["probabilities"], unit).values()
            assert len({round(v, 2) for v in values}) == len(values), (seed, unit)


# The instances the stored vectors held while a JavaScript twin drew them in the browser too.
EARLIER = {
    0: (["the", "cat", "cat"], [0.5, 0.5, 0.6]),
    1: (["the", "a", "ran", "ran"], [0.25, 0.6, 0.75, 0.4]),
    42: (["on", "dog", "mat", "cat"], [0.5, 0.25, 0.6, 0.8]),
    2026: (["sat", "mat", "a", "cat"], [0.2, 0.75, 0.8, 0.25]),
    123456: (["dog", "ran", "cat", "cat"], [0.25, 0.5, 0.6, 0.25]),
}


@pytest.mark.parametrize("seed", sorted(EARLIER))
def test_the_same_seed_gives_the_sequence_it_always_gave(seed: int) -> None:
    instance = ref.make_instance(seed)
    assert (instance["tokens"], instance["probabilities"]) == EARLIER[seed]
