"""The `/// nll-exercise` block: compute the joint and the NLL of a fresh, seeded sequence.

Without JavaScript the block shows the instance of its authored seed, with the worked answer in
a `<details>` (KaTeX rendered at build time). With JavaScript,
`hooks/coursemd/assets/javascripts/widgets/nll-exercise.js` checks answers, names the usual mistakes,
draws new sequences and keeps the seed in the URL. Python and JavaScript generate the same
instance for the same seed (`hooks/coursemd/nll_math.py`, `nll-math.js`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from pymdownx.blocks import BlocksExtension

from coursemd.blocks_base import CourseBlock, register_line_recorder
from coursemd.nll_render import data_json, factor_tex, h, next_id, number_tex, placeholder_element, sci_tex, tex
from coursemd.nll_math import DEFAULT_VOCABULARY, MAX_SEED, fixed, make_instance, scientific, summarize

MIN_VOCABULARY = 3
MAX_VOCABULARY = 20
DEFAULT_SEED = 2026


class NllExercise(CourseBlock):
    """A seeded "joint and NLL of a fresh sequence" exercise.

    Arguments:
        none.

    Options (YAML lines indented by four spaces, right under the header):
        seed:       the instance shown first and without JavaScript, 0 to 4294967295 (default 2026).
        unit:       nats or bits, the unit the NLL is asked in first (default nats).
        vocabulary: the tokens sequences are drawn from, at least 3 (default the, cat, sat, ...).

    Content:
        Optional Markdown shown above the exercise.

        /// nll-exercise
            seed: 2026
        ///
    """

    NAME = "nll-exercise"
    ARGUMENT = False
    OPTIONS = {
        "seed": (DEFAULT_SEED, None),
        "unit": ("nats", None),
        "vocabulary": (list(DEFAULT_VOCABULARY), None),
    }

    def on_markdown(self) -> str:
        """The optional introduction is ordinary Markdown."""
        return "block"

    def on_validate(self, parent: etree.Element) -> bool:
        """Check the seed, the unit and the vocabulary, with a fix for each."""
        seed = self.options["seed"]
        if isinstance(seed, bool) or not isinstance(seed, int):
            self.fail(
                f"the seed {seed!r} is not an integer", f"Give a whole number from 0 to {MAX_SEED}, e.g. 'seed: 2026'"
            )
        if not 0 <= seed <= MAX_SEED:
            self.fail(f"the seed {seed} is out of range", f"Give a whole number from 0 to {MAX_SEED}")
        unit = str(self.options["unit"]).strip().lower()
        if unit not in ("nats", "bits"):
            self.fail(f"the unit {self.options['unit']!r} is not nats or bits", "Write 'unit: nats' or 'unit: bits'")
        vocabulary = self.options["vocabulary"]
        if isinstance(vocabulary, str):
            vocabulary = [part.strip() for part in vocabulary.split(",")]
        if not isinstance(vocabulary, list):
            self.fail("the vocabulary is not a list", "Write it as a YAML list, e.g. 'vocabulary: [the, cat, sat]'")
        vocabulary = [str(token).strip() for token in vocabulary]
        if len(set(vocabulary)) < MIN_VOCABULARY or not all(vocabulary):
            self.fail(
                f"the vocabulary has {len(set(t for t in vocabulary if t))} distinct token(s)",
                f"Give at least {MIN_VOCABULARY} different tokens, e.g. 'vocabulary: [the, cat, sat]'",
            )
        if len(vocabulary) > MAX_VOCABULARY or len(set(vocabulary)) != len(vocabulary):
            self.fail(
                "the vocabulary is too long or repeats a token",
                f"Give each token once, at most {MAX_VOCABULARY} of them",
            )
        self.options.update(unit=unit, vocabulary=vocabulary)
        return True

    def on_create(self, parent: etree.Element) -> etree.Element:
        """The outer element carries the seed, unit and vocabulary for the script."""
        ident, count = next_id(self.tracker, self.NAME)
        return etree.SubElement(
            parent,
            "div",
            {
                "class": "nll-ex",
                "data-widget": "nll-exercise",
                "id": ident,
                "data-seed": str(self.options["seed"]),
                "data-unit": self.options["unit"],
                "data-vocabulary": data_json(self.options["vocabulary"]),
                # The URL key of the seed: #ex-seed=1234 (a second exercise on a page: ex2-seed).
                "data-url-key": "ex-seed" if count == 1 else f"ex{count}-seed",
            },
        )

    def on_end(self, block: etree.Element) -> None:
        """Add the authored instance and its worked answer (the no-JavaScript view)."""
        instance = make_instance(self.options["seed"], self.options["vocabulary"])
        placeholder_element(block, self.md, self._static_html(instance), **{"class": "nll-ex__static"})

    # --- Helpers ------------------------------------------------------------------------------

    def _static_html(self, instance: dict[str, Any]) -> str:
        md: Markdown = self.md
        unit = self.options["unit"]
        tokens, ps = instance["tokens"], instance["probabilities"]
        rows = "".join(
            f"<tr><td>{i}</td><td><code>{h(token)}</code></td><td>{tex(md, factor_tex(i))} = {p}</td></tr>"
            for i, (token, p) in enumerate(zip(tokens, ps), 1)
        )
        return (
            f"<p>A model gives the sequence <q>{h(' '.join(tokens))}</q> these conditional probabilities "
            f"(sequence number {instance['seed']}):</p>"
            f'<div class="nll-ex__scroll" role="region" tabindex="0" aria-label="The conditional probabilities">'
            f'<table class="nll-ex__table"><thead><tr><th scope="col">i</th><th scope="col">token</th>'
            f'<th scope="col">conditional</th></tr></thead><tbody>{rows}</tbody></table></div>'
            f"<p>Compute the joint probability and the negative log-likelihood (NLL) in {unit}.</p>"
            f'<details class="nll-ex__answer"><summary>Answer</summary>{self._solution_html(instance, unit)}</details>'
        )

    def _solution_html(self, instance: dict[str, Any], unit: str) -> str:
        md: Markdown = self.md
        ps = instance["probabilities"]
        s = summarize(ps)
        times = r" \times "
        joint = sci_tex(scientific(s["log_joint"]))
        terms = " + ".join(fixed(x) for x in s["surprisal_nats"])
        logs = " ".join(rf"- \ln {number_tex(p)}" for p in ps)
        steps = [
            (
                "Chain rule: multiply the conditionals.",
                rf"\begin{{aligned}} p(x) &= {times.join(number_tex(p) for p in ps)} \\ &= {joint} \end{{aligned}}",
            ),
            (
                "NLL: add the per-token surprisals.",
                rf"\begin{{aligned}} -\ln p(x) &= {logs} \\ &= {terms} \\ &= {fixed(s['nll_nats'])}\ \text{{nats}}"
                r" \end{aligned}",
            ),
        ]
        if unit == "bits":
            steps.append(
                (
                    "In bits: divide by ln 2.",
                    rf"{fixed(s['nll_nats'])} / \ln 2 = {fixed(s['nll_bits'])}\ \text{{bits}}",
                )
            )
        steps.append(("Check: the log of the joint agrees.", rf"-\ln {joint} = {fixed(s['nll_nats'])}"))
        items = "".join(f"<li>{text} {tex(md, formula, display=True)}</li>" for text, formula in steps)
        return f"<ol>{items}</ol>"


class NllExerciseExtension(BlocksExtension):  # type: ignore[misc]
    """Adds the `/// nll-exercise` block."""

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:  # noqa: N802 - pymdownx's name
        """Register the header-line recorder and the `nll-exercise` block."""
        register_line_recorder(md)
        block_mgr.register(NllExercise, self.getConfigs())


def makeExtension(**kwargs: Any) -> NllExerciseExtension:  # noqa: N802 - Python-Markdown's entry point name
    """Return the extension; lets mkdocs.yml name it as `coursemd.nll_exercise`."""
    return NllExerciseExtension(**kwargs)
