"""The NLL math in Python and JavaScript, the exercise over 1,000 seeds, and the `/// nll-exercise` block.

The vectors file (exercises/nll_vectors.json) is the contract: Python must reproduce it here,
Node checks nll-math.js against it (tests/js/nll-math.test.mjs), and Chromium does too
(tests/test_calculator_in_browser.py).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import textwrap

import markdown
import pytest

import coursemd.nll_exercise as nll_exercise
from conftest import ROOT
from coursemd.blocks_base import BlockError
from coursemd.nll_exercise import NllExerciseExtension
from coursemd.source import set_document
from coursemd import nll_math as ref

SEEDS = range(1000)
NLL_MATH = ROOT / "hooks" / "coursemd" / "assets" / "javascripts" / "widgets" / "nll-math.js"


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


# --- The exercise over 1,000 seeds ---------------------------------------------------------------


def test_instances_are_friendly_and_seeded() -> None:
    for seed in SEEDS:
        instance = ref.make_instance(seed)
        assert 3 <= len(instance["tokens"]) == len(instance["probabilities"]) <= 5
        assert set(instance["probabilities"]) <= set(ref.FRIENDLY)
        assert instance == ref.make_instance(seed)
    assert len({tuple(ref.make_instance(seed)["probabilities"]) for seed in SEEDS}) > 500


@pytest.mark.parametrize("unit", ["nats", "bits"])
def test_answer_key_and_mistake_detectors_over_1000_seeds(unit: str) -> None:
    """Right answers (also rounded as a student would) pass; each usual mistake is named."""
    for seed in SEEDS:
        instance = ref.make_instance(seed)
        ps = instance["probabilities"]
        joint = math.prod(ps)
        nats = -sum(math.log(p) for p in ps)  # computed independently of the reference
        truth = nats / math.log(2) if unit == "bits" else nats
        assert ref.check_joint(instance, repr(joint))["status"] == "correct"
        assert ref.check_joint(instance, f"{joint:.3g}")["status"] == "correct", (seed, joint)
        assert ref.check_nll(instance, f"{truth:.2f}", unit)["status"] == "correct", (seed, truth)
        assert ref.check_nll(instance, f"{truth:.4f}".replace(".", ","), unit)["status"] == "correct"
        mistakes = {
            "log10": -sum(math.log10(p) for p in ps),
            "missing_minus": -truth,
            "sum_of_probabilities": -math.log(sum(ps)) / (math.log(2) if unit == "bits" else 1),
            ("bits_for_nats" if unit == "nats" else "nats_for_bits"): nats / math.log(2) if unit == "nats" else nats,
            "mean_instead_of_sum": truth / len(ps),
        }
        for mistake, value in mistakes.items():
            verdict = ref.check_nll(instance, f"{value:.4f}", unit)
            assert (verdict["status"], verdict["mistake"]) == ("mistake", mistake), (seed, unit, mistake, value)
            assert verdict["message"] == ref.MISTAKES[mistake]
        verdict = ref.check_joint(instance, f"{sum(ps):.4g}")
        assert verdict["mistake"] == "sum_of_probabilities", seed


def test_unreadable_and_far_answers() -> None:
    instance = ref.make_instance(42)
    assert ref.check_nll(instance, "")["status"] == "invalid"
    assert ref.check_nll(instance, "two")["message"] == ref.MESSAGES["not_a_number"]
    assert ref.check_nll(instance, "100")["status"] == "wrong"
    assert ref.check_joint(instance, "0.9")["status"] == "wrong"
    assert ref.check_joint(instance, str(instance["joint"] * 1.03))["status"] == "close"


def _node(script: str) -> object:
    node = shutil.which("node")
    assert node, "Node.js is required (it also renders the math)"
    result = subprocess.run(
        [node, "--input-type=module", "-e", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(result.stdout)


def test_javascript_generates_the_same_instances_and_verdicts() -> None:
    """nll-math.js and the Python reference: the same instance and verdicts for seeds 0..999."""
    script = textwrap.dedent(
        f"""
        const m = await import({json.dumps(NLL_MATH.as_uri())});
        const out = [];
        for (let seed = 0; seed < {len(SEEDS)}; seed++) {{
          const instance = m.makeInstance(seed);
          const verdicts = [];
          for (const unit of ["nats", "bits"]) {{
            for (const value of Object.values(m.mistakeValues(instance.probabilities, unit))) {{
              verdicts.push(m.checkNll(instance, value.toFixed(4), unit));
            }}
          }}
          out.push({{ instance, verdicts, joint: m.checkJoint(instance, instance.joint.toPrecision(3)) }});
        }}
        console.log(JSON.stringify(out));
        """
    )
    from_js = _node(script)
    assert isinstance(from_js, list) and len(from_js) == len(SEEDS)
    for seed, js in zip(SEEDS, from_js):
        py = ref.make_instance(seed)
        assert js["instance"]["tokens"] == py["tokens"], seed
        assert js["instance"]["probabilities"] == py["probabilities"], seed
        assert math.isclose(js["instance"]["nll_nats"], py["nll_nats"], rel_tol=1e-12)
        verdicts = [
            ref.check_nll(py, f"{value:.4f}", unit)
            for unit in ("nats", "bits")
            for value in ref.mistake_values(py["probabilities"], unit).values()
        ]
        assert js["verdicts"] == verdicts, seed
        assert js["joint"] == ref.check_joint(py, f"{py['joint']:.3g}"), seed


# --- The block -----------------------------------------------------------------------------------

PATH = "lesson_src/t01/01-events/practice.md"


@pytest.fixture(autouse=True)
def practice_document() -> None:
    set_document(PATH, 0)


def convert(source: str) -> str:
    return markdown.Markdown(extensions=[NllExerciseExtension()]).convert(textwrap.dedent(source))


def fake_tex(md: object, source: str, *, display: bool = False) -> str:
    return f"<tex{' display' if display else ''}>{source}</tex>"


def test_block_renders_the_seeded_instance_with_its_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nll_exercise, "tex", fake_tex)
    html = convert("/// nll-exercise\n    seed: 42\n\nIntro *text*.\n///\n")
    assert html == (
        '<div class="nll-ex" data-seed="42" data-unit="nats" data-url-key="ex-seed" '
        'data-vocabulary="[&quot;the&quot;,&quot;cat&quot;,&quot;sat&quot;,&quot;on&quot;,&quot;a&quot;,'
        '&quot;mat&quot;,&quot;dog&quot;,&quot;ran&quot;]" data-widget="nll-exercise" id="nll-exercise-1">\n'
        "<p>Intro <em>text</em>.</p>\n"
        '<div class="nll-ex__static"><p>A model gives the sequence <q>on dog mat cat</q> these conditional '
        "probabilities (sequence number 42):</p>"
        '<div class="nll-ex__scroll" role="region" tabindex="0" aria-label="The conditional probabilities">'
        '<table class="nll-ex__table"><thead><tr><th scope="col">i</th><th scope="col">token</th>'
        '<th scope="col">conditional</th></tr></thead><tbody>'
        "<tr><td>1</td><td><code>on</code></td><td><tex>p(x_1)</tex> = 0.5</td></tr>"
        r"<tr><td>2</td><td><code>dog</code></td><td><tex>p(x_{2} \mid x_{<2})</tex> = 0.25</td></tr>"
        r"<tr><td>3</td><td><code>mat</code></td><td><tex>p(x_{3} \mid x_{<3})</tex> = 0.6</td></tr>"
        r"<tr><td>4</td><td><code>cat</code></td><td><tex>p(x_{4} \mid x_{<4})</tex> = 0.8</td></tr>"
        "</tbody></table></div>"
        "<p>Compute the joint probability and the negative log-likelihood (NLL) in nats.</p>"
        '<details class="nll-ex__answer"><summary>Answer</summary><ol>'
        "<li>Chain rule: multiply the conditionals. "
        r"<tex display>\begin{aligned} p(x) &= 0.5 \times 0.25 \times 0.6 \times 0.8 \\ "
        r"&= 0.06 \end{aligned}</tex></li>"
        r"<li>NLL: add the per-token surprisals. <tex display>\begin{aligned} -\ln p(x) &= "
        r"- \ln 0.5 - \ln 0.25 - \ln 0.6 - \ln 0.8 \\ &= 0.6931 + 1.3863 + 0.5108 + 0.2231 \\ "
        r"&= 2.8134\ \text{nats} \end{aligned}</tex></li>"
        r"<li>Check: the log of the joint agrees. <tex display>-\ln 0.06 = 2.8134</tex></li>"
        "</ol></details></div>\n</div>"
    )


def test_bits_unit_adds_the_conversion_step(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nll_exercise, "tex", fake_tex)
    html = convert("/// nll-exercise\n    seed: 42\n    unit: bits\n///\n")
    assert 'data-unit="bits"' in html
    assert r"2.8134 / \ln 2 = 4.0589\ \text{bits}" in html


def test_second_exercise_on_a_page_gets_its_own_url_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nll_exercise, "tex", fake_tex)
    html = convert("/// nll-exercise\n///\n\n/// nll-exercise\n    seed: 7\n///\n")
    assert 'data-url-key="ex-seed"' in html and 'data-url-key="ex2-seed"' in html
    assert 'id="nll-exercise-2"' in html


def test_static_answer_is_katex_at_build_time() -> None:
    html = markdown.Markdown(extensions=[NllExerciseExtension(), "coursemd.katex_math"]).convert(
        "/// nll-exercise\n///\n"
    )
    assert "<details" in html and html.count("katex-display") >= 3


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        (
            "Intro.\n\n/// nll-exercise\n    seed: twelve\n///\n",
            3,
            "the seed 'twelve' is not an integer. Give a whole number from 0 to 4294967295, e.g. 'seed: 2026'.",
        ),
        (
            "/// nll-exercise\n    seed: 1.5\n///\n",
            1,
            "the seed 1.5 is not an integer. Give a whole number from 0 to 4294967295, e.g. 'seed: 2026'.",
        ),
        (
            "/// nll-exercise\n    seed: -4\n///\n",
            1,
            "the seed -4 is out of range. Give a whole number from 0 to 4294967295.",
        ),
        (
            "/// nll-exercise\n    unit: decibans\n///\n",
            1,
            "the unit 'decibans' is not nats or bits. Write 'unit: nats' or 'unit: bits'.",
        ),
        (
            "/// nll-exercise\n    vocabulary: [a, b]\n///\n",
            1,
            "the vocabulary has 2 distinct token(s). "
            "Give at least 3 different tokens, e.g. 'vocabulary: [the, cat, sat]'.",
        ),
        (
            "/// nll-exercise\n    vocabulary: [a, b, b, c]\n///\n",
            1,
            "the vocabulary is too long or repeats a token. Give each token once, at most 20 of them.",
        ),
        (
            "/// nll-exercise\n    shuffle: true\n///\n",
            1,
            "unknown option 'shuffle'. Use one of: seed, unit, vocabulary.",
        ),
    ],
    ids=["seed-word", "seed-float", "seed-negative", "unit", "vocabulary-too-small", "vocabulary-repeats", "unknown"],
)
def test_author_errors_name_file_line_and_fix(source: str, line: int, message: str) -> None:
    with pytest.raises(BlockError) as caught:
        convert(source)
    assert str(caught.value) == f"nll-exercise: Doc file '{PATH}', line {line}: {message}"
