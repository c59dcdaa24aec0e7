"""The `/// calculator` block: a chain-rule/NLL calculator that starts from the author's sequence.

Without JavaScript the block is the authored example worked out at build time (product, joint,
per-token surprisal in nats and bits, NLL, mean, perplexity), with KaTeX math. With JavaScript,
`hooks/coursemd/assets/javascripts/widgets/calculator.js` turns it into the live calculator; both sides
compute with the same math (`hooks/coursemd/nll_math.py` and `nll-math.js`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import type_string

from coursemd.blocks_base import CourseBlock, register_line_recorder
from coursemd.nll_render import (
    data_json,
    factor_tex,
    h,
    line_of,
    next_id,
    number_tex,
    placeholder_element,
    register_source_lines,
    sci_tex,
    tex,
)
from coursemd.blocks_base import BlockError
from coursemd.messages import author_message
from coursemd.source import current_document
from coursemd.nll_math import fixed, parse_logit, parse_probability, softmax, summarize

MAX_ROWS = 50
MAX_TOKEN = 24
DEFAULT_VOCABULARY = ["the", "cat", "dog", "mat"]
DEFAULT_LOGITS = [2.0, 1.0, 0.5, -1.0]


def _minus(text: str) -> str:
    """A typographic minus sign, as the lesson's math shows it."""
    return text.replace("-", "−", 1)


def _listed(value: Any) -> list[Any]:
    """A YAML list, or a comma-separated string, as a list."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [part.strip() for part in value.split(",")]
    raise ValueError("expected a list such as [the, cat, dog]")


class Calculator(CourseBlock):
    """A chain-rule/NLL calculator.

    Arguments:
        none.

    Options (YAML lines indented by four spaces, right under the header):
        vocabulary: the tokens of the softmax step, 2 to 8 of them (default [the, cat, dog, mat]).
        logits:     one logit per vocabulary token (default [2.0, 1.0, 0.5, -1.0]).
        target:     the token whose -log p the softmax step shows (default: the first).

    Content:
        One row per token, `token | conditional probability`, probability in (0, 1]: a decimal,
        a fraction (1/3) or scientific notation (1e-5).

        /// calculator
        the | 0.4
        cat | 0.5
        sat | 0.6
        ///
    """

    NAME = "calculator"
    ARGUMENT = False
    OPTIONS = {
        "vocabulary": (DEFAULT_VOCABULARY, None),
        "logits": (DEFAULT_LOGITS, None),
        "target": ("", type_string),
    }

    def on_markdown(self) -> str:
        """The rows are data, not Markdown."""
        return "raw"

    def on_validate(self, parent: etree.Element) -> bool:
        """Check the softmax options together: sizes, numbers, the target."""
        try:
            listed = _listed(self.options["vocabulary"])
        except ValueError:
            self.fail_option(
                "vocabulary",
                "option 'vocabulary' must be a list of tokens",
                "Write it as a YAML list, e.g. 'vocabulary: [the, cat, dog]'",
            )
        if not all(isinstance(token, (str, int, float)) and not isinstance(token, bool) for token in listed):
            self.fail_option(
                "vocabulary",
                f"the softmax vocabulary {listed!r} holds something that is not a token",
                "Write each token as a word, e.g. 'vocabulary: [the, cat, dog]'; quote one YAML reads otherwise ('null', 'yes')",
            )
        vocabulary = [str(token).strip() for token in listed]
        try:
            logits_in = _listed(self.options["logits"])
        except ValueError:
            self.fail_option(
                "logits",
                "option 'logits' must be a list of numbers",
                "Write it as a YAML list, e.g. 'logits: [2, 1, 0.5]'",
            )
        if not 2 <= len(vocabulary) <= 8:
            self.fail_option(
                "vocabulary",
                f"the softmax vocabulary has {len(vocabulary)} token(s)",
                "Give 'vocabulary' between 2 and 8 tokens, e.g. [the, cat, dog]",
            )
        if len(set(vocabulary)) != len(vocabulary) or not all(vocabulary):
            self.fail_option("vocabulary", "the softmax vocabulary repeats a token or has an empty one", "Give each token once")
        if len(logits_in) != len(vocabulary):
            self.fail_option(
                "logits" if "logits" in self.option_lines else "vocabulary",
                f"'logits' has {len(logits_in)} value(s) for {len(vocabulary)} vocabulary tokens",
                "Give one logit per vocabulary token, in the same order",
            )
        logits = []
        for raw in logits_in:
            parsed = parse_logit(str(raw))
            if parsed.error:
                self.fail_option("logits", f"the logit {raw!r} is not usable ({parsed.message})", "Give each logit as a number")
            logits.append(float(parsed.value))  # type: ignore[arg-type]
        target = self.options["target"] or vocabulary[0]
        if target not in vocabulary:
            self.fail_option("target", f"the target {target!r} is not in the vocabulary", f"Use one of: {', '.join(vocabulary)}")
        self.options.update(vocabulary=vocabulary, logits=logits, target=vocabulary.index(target))
        return True

    def on_create(self, parent: etree.Element) -> etree.Element:
        """The outer element; the content is replaced in `on_end` once the rows are read."""
        ident, _ = next_id(self.tracker, self.NAME)
        return etree.SubElement(parent, "div", {"class": "nll-calc", "data-widget": "calculator", "id": ident})

    def on_end(self, block: etree.Element) -> None:
        """Read the rows, then render the worked example with build-time math."""
        rows = self._rows(block.text or "")
        block.text = None
        block.set("data-rows", data_json([[token, text] for token, text, _ in rows]))
        block.set("data-vocabulary", data_json(self.options["vocabulary"]))
        block.set("data-logits", data_json(self.options["logits"]))
        block.set("data-target", str(self.options["target"]))
        placeholder_element(block, self.md, self._static_html(rows), **{"class": "nll-calc__static"})

    # --- Helpers ------------------------------------------------------------------------------

    def _row_fail(self, row: str, problem: str, fix: str) -> None:
        line = line_of(self.md, self.line, row)
        if line is None:
            self.fail(problem, fix)
        path, _ = self.where()
        raise BlockError(author_message(self.NAME, path, line + current_document().line_offset, problem, fix))

    def _rows(self, text: str) -> list[tuple[str, str, float]]:
        rows = []
        for raw in text.splitlines():
            row = raw.strip()
            if not row:
                continue
            parts = row.split("|")
            if len(parts) != 2 or not parts[0].strip():
                self._row_fail(
                    row,
                    f"the row {row!r} is not 'token | probability'",
                    "Write one token per line, then '|', then its conditional probability, e.g. 'cat | 0.5'",
                )
            token, value = parts[0].strip(), parts[1].strip()
            if len(token) > MAX_TOKEN:
                self._row_fail(row, f"the token {token!r} is longer than {MAX_TOKEN} characters", "Shorten it")
            parsed = parse_probability(value)
            if parsed.error or not parsed.value:
                reason = parsed.message if parsed.error else "a probability of 0 makes the example infinite"
                self._row_fail(
                    row,
                    f"the probability {value!r} of {token!r} is not in (0, 1] ({reason})",
                    "Give a conditional probability greater than 0 and at most 1, e.g. 0.5, 1/3 or 1e-5",
                )
            rows.append((token, value, float(parsed.value)))  # type: ignore[arg-type]
        if not rows:
            self.fail("has no rows", "Write one 'token | probability' line per token, e.g. 'the | 0.4'")
        if len(rows) > MAX_ROWS:
            self.fail(f"has {len(rows)} rows", f"Start it with at most {MAX_ROWS}; readers can add more")
        return rows

    def _static_html(self, rows: list[tuple[str, str, float]]) -> str:
        md: Markdown = self.md
        ps = [p for _, _, p in rows]
        s = summarize(ps)
        n = len(rows)
        joint = r"p(x_1, \dots, x_{%d})" % n if n > 3 else "p(" + ", ".join(f"x_{i}" for i in range(1, n + 1)) + ")"
        # The factors, each labelled p(x_i | x_<i), are in the table below; the product stays
        # narrow enough for a phone.
        values = r" \times ".join(number_tex(p) for p in ps) if n <= 6 else rf"{number_tex(ps[0])} \times \cdots"
        product = (
            rf"\begin{{aligned}} {joint} &= \prod_{{i=1}}^{{{n}}} p(x_i \mid x_{{<i}}) \\ "
            rf"&= {values} \\ &= {sci_tex(s['joint'])} \end{{aligned}}"
        )
        body = []
        for i, ((token, text, p), nats, bits) in enumerate(zip(rows, s["surprisal_nats"], s["surprisal_bits"]), 1):
            label = tex(md, factor_tex(i))
            body.append(
                f"<tr><td>{i}</td><td><code>{h(token)}</code></td><td>{label} = {h(text)}</td>"
                f"<td>{fixed(nats)}</td><td>{fixed(bits)}</td></tr>"
            )
        softmax_html = self._softmax_html()
        nll_tex = tex(md, r"-\ln p(x) = \sum_i -\ln p(x_i \mid x_{<i})")
        ppl_tex = tex(md, r"\exp(\text{mean nats})")
        totals = (
            f'<ul class="nll-calc__totals">'
            f"<li>NLL: {nll_tex} = "
            f"<strong>{fixed(s['nll_nats'])} nats</strong> = <strong>{fixed(s['nll_bits'])} bits</strong></li>"
            f"<li>Mean per token: {fixed(s['mean_nats'])} nats = {fixed(s['mean_bits'])} bits</li>"
            f"<li>Perplexity: {ppl_tex} = <strong>{fixed(s['perplexity'])}</strong></li>"
            f"</ul>"
        )
        return (
            f'<p class="nll-calc__note">The sequence <q>{h(" ".join(t for t, _, _ in rows))}</q>, worked out. '
            f"With JavaScript on, this is a calculator you can edit.</p>"
            f"{tex(md, product, display=True)}"
            f'<div class="nll-calc__scroll" role="region" tabindex="0" aria-label="Per-token surprisal">'
            f'<table class="nll-calc__table">'
            f'<caption>Per-token surprisal of the sequence</caption><thead><tr><th scope="col">i</th>'
            f'<th scope="col">token</th><th scope="col">conditional</th><th scope="col">−ln p (nats)</th>'
            f'<th scope="col">−log₂ p (bits)</th></tr></thead><tbody>{"".join(body)}</tbody></table></div>'
            f"{totals}{softmax_html}"
        )

    def _softmax_html(self) -> str:
        md: Markdown = self.md
        vocabulary, logits, target = self.options["vocabulary"], self.options["logits"], self.options["target"]
        result = softmax(logits, target)
        items = "".join(
            f"<tr><td><code>{h(token)}</code></td><td>{_minus(fixed(z, 2))}</td><td>{fixed(p, 4)}</td></tr>"
            for token, z, p in zip(vocabulary, logits, result["probabilities"])
        )
        formula = tex(md, r"-\log \operatorname{softmax}(z)_y = \operatorname{logsumexp}(z) - z_y")
        return (
            f'<details class="nll-calc__softmax-static"><summary>One step as a softmax over '
            f"{len(vocabulary)} tokens</summary>"
            f'<table class="nll-calc__table"><thead><tr><th scope="col">token</th><th scope="col">logit</th>'
            f'<th scope="col">softmax probability</th></tr></thead><tbody>{items}</tbody></table>'
            f"<p>For the token <code>{h(vocabulary[target])}</code>: {formula} = "
            f"{_minus(fixed(result['logsumexp']))} − {_minus(fixed(logits[target], 2))} = "
            f"<strong>{fixed(result['nll_nats'])} nats</strong> ({fixed(result['nll_bits'])} bits).</p></details>"
        )


class CalculatorExtension(BlocksExtension):  # type: ignore[misc]
    """Adds the `/// calculator` block."""

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:  # noqa: N802 - pymdownx's name
        """Register the header-line and source-line recorders and the `calculator` block."""
        register_line_recorder(md)
        register_source_lines(md)
        block_mgr.register(Calculator, self.getConfigs())


def makeExtension(**kwargs: Any) -> CalculatorExtension:  # noqa: N802 - Python-Markdown's entry point name
    """Return the extension; lets mkdocs.yml name it as `coursemd.calculator`."""
    return CalculatorExtension(**kwargs)
