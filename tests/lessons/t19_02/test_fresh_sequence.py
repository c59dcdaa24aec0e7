"""Lesson 2's fresh-sequence exercise: a `/// exercise` whose generator is the lesson's fresh_sequence.py.

The sequence of a seed is coursemd.nll_math.make_instance's, as it always was; the build checks
every variant; the browser's check (exercise.js, run here in Node) accepts the right answers a
student types, rounded, in nats or in bits, and names each of the five usual mistakes in both
units. Browser tests of the exercise on the page are in test_calculator_in_browser.py.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT
from coursemd import nll_math as ref
from coursemd.exercise_generator import Variant, load_function, make_variants

LESSON = ROOT / "lesson_src" / "t19" / "02-autoregressive-models"
EXERCISE_JS = ROOT / "hooks" / "coursemd" / "assets" / "javascripts" / "widgets" / "exercise.js"
SEEDS = range(1000)  # every seed a block may ask for (variants: at most 1000)


@pytest.fixture(scope="module")
def variants() -> list[Variant]:
    """The variants, through the same loading and checks as the build (any problem raises)."""
    function, file = load_function(LESSON, "fresh_sequence.py", "fresh_sequence")
    return make_variants(function, file, "fresh_sequence", len(SEEDS))


def test_the_page_asks_for_the_lessons_generator() -> None:
    practice = (LESSON / "practice.md").read_text("utf-8")
    block = practice.split("/// exercise\n", 1)[1].split("\n\n", 1)[0]
    assert "    generator: fresh_sequence.py:fresh_sequence" in block.splitlines()


def test_each_seed_is_the_reference_sequence_with_its_answers(variants: list[Variant]) -> None:
    for variant in variants:
        instance = ref.make_instance(variant.seed)
        assert f"“{' '.join(instance['tokens'])}”" in variant.question
        joint, nll = variant.answers
        assert math.isclose(joint.numeric.value, math.prod(instance["probabilities"]), rel_tol=1e-12)
        nats = -sum(math.log(p) for p in instance["probabilities"])  # independently of the reference
        assert math.isclose(nll.numeric.value, nats, rel_tol=1e-12) and nll.numeric.unit == "nats"
        assert nll.either_unit and joint.numeric.relative and joint.numeric.tolerance == 1
        names = sorted(m.message for m in variant.mistakes)
        expected = [ref.MISTAKES["sum_of_probabilities"]]
        for unit in ("nats", "bits"):
            expected += [ref.MISTAKES[name] for name in ref.mistake_values(instance["probabilities"], unit)]
        assert names == sorted(m if m.endswith("…") else m + "." for m in expected), variant.seed
        for step in ("**Chain rule.**", "**Per-token surprisal.**", "**NLL, the sum.**", "**In bits.**", "**Check.**"):
            assert step in variant.solution


def _node(script: str, data: object) -> object:
    node = shutil.which("node")
    assert node, "Node.js is required (it also renders the math)"
    result = subprocess.run(
        [node, "--input-type=module", "-e", script],
        cwd=ROOT,
        input=json.dumps(data),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_browsers_check_accepts_right_answers_and_names_each_mistake(variants: list[Variant]) -> None:
    """exercise.js's check, on the numbers Python wrote, for every seed, in nats and in bits."""
    cases = []
    for variant in variants:
        answers = [
            {
                "value": a.numeric.value,
                "unit": a.numeric.unit,
                "tolerance": a.numeric.tolerance,
                "relative": a.numeric.relative,
                "either": a.either_unit,
                "mistakes": [
                    {"value": m.value, "unit": m.unit, "html": m.message} for m in variant.mistakes if m.answer == i
                ],
            }
            for i, a in enumerate(variant.answers)
        ]
        joint, nll = (a.numeric.value for a in variant.answers)
        bits = nll / math.log(2)
        replies = [
            (0, f"{joint:.3g}", "", "correct", None),
            (0, repr(joint), "", "correct", None),
            (1, f"{nll:.2f}", "nats", "correct", None),
            (1, f"{nll:.4f}".replace(".", ","), "nats", "correct", None),
            (1, f"{bits:.2f}", "bits", "correct", None),
            (1, f"{bits:.2f} bits", "nats", "correct", None),
        ]
        for m in variant.mistakes:
            text = f"{m.value:.4g}" if m.answer == 0 else f"{m.value:.4f}"
            replies.append((m.answer, text, m.unit, "mistake", m.message))
        cases.append({"answers": answers, "replies": replies})
    script = textwrap.dedent(
        f"""
        import {{ readFileSync }} from "node:fs";
        const {{ check }} = await import({json.dumps(EXERCISE_JS.as_uri())});
        const cases = JSON.parse(readFileSync(0, "utf-8"));
        console.log(JSON.stringify(cases.map((c) =>
          c.replies.map(([i, text, unit]) => check(c.answers[i], text, unit)))));
        """
    )
    verdicts = _node(script, cases)
    assert isinstance(verdicts, list) and len(verdicts) == len(SEEDS)
    for variant, case, got in zip(variants, cases, verdicts):
        for (_, text, unit, status, message), verdict in zip(case["replies"], got):
            assert verdict["status"] == status, (variant.seed, text, unit, verdict)
            assert verdict.get("html") == message, (variant.seed, text, unit, verdict)


def test_the_practice_page_holds_variant_0_and_the_others_are_files_beside_it(tmp_path: Path) -> None:
    from conftest import build_site

    site = tmp_path / "site"
    build_site(site)
    page = site / "t19" / "02-autoregressive-models" / "practice"
    html = (page / "index.html").read_text("utf-8")
    assert html.count('class="exercise__variant"') == 1
    static = html.split('class="exercise__static"', 1)[1].split("</details>", 1)[0]
    assert f"“{' '.join(ref.make_instance(0)['tokens'])}”" in static
    assert static.count("katex-display") >= 2  # the worked answer, rendered at build time
    files = sorted(int(p.stem) for p in (page / "t19-02-fresh-sequence").glob("*.json"))
    assert files == list(range(1, 50))
    data = json.loads((page / "t19-02-fresh-sequence" / "42.json").read_text("utf-8"))
    assert data["seed"] == 42 and "“on dog mat cat”" in data["html"] and "katex" in data["html"]
