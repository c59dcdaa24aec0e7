"""The `/// exercise` block: a numeric exercise with a fresh variant per seed, written in Python.

Syntax:

    /// exercise | Screening test
        id: t02-screening
        generator: screening.py:make_variant
        variants: 50

    Optional Markdown shown above the exercise.
    ///

Arguments:
    A title (optional), shown above the exercise.

Options (indented by four spaces under the header):
    generator: `<file>.py:<function>`, the file relative to the lesson folder (required). The
               build calls the function with every seed from 0 to `variants - 1`; what it must
               return is in coursemd.exercise_generator.
    variants:  how many seeds, 1 to 1000 (default 50).
    id:        the exercise's id on its page (default `exercise-<n>`). It names the seed in the
               page address (`#<id>=7`), the folder of the variants' files and the student's
               saved state, so keep it once published.

Content:
    Optional Markdown shown above every variant.

Everything a student sees is rendered at build time, through this page's own Markdown
pipeline and KaTeX renderer: the browser never computes a variant. The page holds variant 0,
readable without JavaScript (the question, then the answers and the worked solution in a
`<details>`); every other variant is the same markup in `<id>/<seed>.json` next to the page,
written by the MkDocs hook coursemd.mkdocs_exercise and fetched only when a student asks for it.
`widgets/exercise.js` turns the variant into fields, checks replies with the quiz's numeric
parser (quiz-numeric.js), names the mistakes and shows the solution after a first attempt.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as etree
from collections import OrderedDict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from markdown import Markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import type_html_identifier

from coursemd.blocks_base import CourseBlock, block_names_in, register_line_recorder
from coursemd.exercise_generator import (
    DEFAULT_VARIANTS,
    MAX_VARIANTS,
    Answer,
    GeneratorProblem,
    Variant,
    load_function,
    make_variants,
    parse_spec,
)
from coursemd.katex_math import KATEX_ROOT, MathError, put_math
from coursemd.nll_render import placeholder_element
from coursemd.numeric_answer import format_number
from coursemd.source import current_document, generated_at

# --- Data ------------------------------------------------------------------------------------

# The page's processors that keep state for the whole page (its table of contents, its
# footnotes, the blocks' own bookkeeping) never see a variant's Markdown; every other one does.
PAGE_STATE_PROCESSORS = {"toc", "footnote", "footnote-duplicate", "blocks_on_inline_end", "katex_fenced_code_block"}


@dataclass
class VariantFiles:
    """A converted exercise's other variants, waiting for the host to write them next to the page."""

    id: str
    source: str
    line: int | None
    html: dict[int, str] = field(default_factory=dict)

    def path(self, seed: int) -> str:
        """Where variant `seed` goes, relative to the page's folder (the widget fetches it there)."""
        return f"{self.id}/{seed}.json"


# HTML of the generator's Markdown already rendered in this process, by the page's Markdown
# setup and the text: `mkdocs serve` rebuilds every page on each save, and a variant's question
# rarely changes between two saves. Bounded, oldest first out.
_rendered: OrderedDict[tuple[str, str], str] = OrderedDict()
RENDERED_MAX = 20_000

# Exercises converted since the host last asked (see take_variant_files). Module state, as for
# the flashcards' decks: Python-Markdown has no place to hand results to its host.
_pending: list[VariantFiles] = []


def take_variant_files() -> list[VariantFiles]:
    """The exercises converted since the last call (the MkDocs hook calls it once per page)."""
    taken = list(_pending)
    _pending.clear()
    return taken


# --- Block -----------------------------------------------------------------------------------


class ExerciseBlock(CourseBlock):
    """A seeded numeric exercise (syntax in the module docstring).

    Arguments:
        Title (optional).

    Options:
        generator (text, required): `<file>.py:<function>` in the lesson folder.
        variants (whole number): seeds 0 to variants - 1; default 50, at most 1000.
        id (html identifier): the exercise's id on its page; default `exercise-<n>`.

    Content:
        Optional Markdown shown above the exercise.
    """

    NAME = "exercise"
    ARGUMENT = None
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {
        "id": ("", type_html_identifier),
        "generator": ("", None),
        "variants": (DEFAULT_VARIANTS, None),
    }

    variants: list[Variant]

    def on_markdown(self) -> str:
        """The introduction is ordinary Markdown."""
        return "block"

    def on_validate(self, parent: etree.Element) -> bool:
        """Check the options, then run the generator for every seed and check each variant."""
        count = self.options["variants"]
        if isinstance(count, bool) or not isinstance(count, int):
            self.fail_option(
                "variants", f"'variants: {count}' is not a whole number", f"Give a whole number from 1 to {MAX_VARIANTS}"
            )
        if not 1 <= count <= MAX_VARIANTS:
            self.fail_option("variants", f"'variants: {count}' is out of range", f"Give a whole number from 1 to {MAX_VARIANTS}")
        document = current_document()
        folder = Path(document.abs_path).parent if document.abs_path else Path.cwd()
        try:  # what the option names: its line
            path, function = parse_spec(self.options["generator"])
            generator, file = load_function(folder, path, function)
        except GeneratorProblem as problem:
            self.fail_option("generator", problem.problem, problem.fix)
        try:  # what the function returns: the block's line
            self.variants = make_variants(generator, file, function, count)
        except GeneratorProblem as problem:
            self.fail(problem.problem, problem.fix)
        return True

    def on_create(self, parent: etree.Element) -> etree.Element:
        """The outer `<div class="exercise" data-widget="exercise">`, with the title if any."""
        count = self.tracker.setdefault("count", 0) + 1
        self.tracker["count"] = count
        self.ident = str(self.options["id"] or f"exercise-{count}")
        used: set[str] = self.tracker.setdefault("ids", set())
        if self.ident in used:
            self.fail(f"the id '{self.ident}' is already used by another exercise on this page", "Give each its own id")
        used.add(self.ident)
        block = etree.SubElement(
            parent,
            "div",
            {
                "class": "exercise",
                "data-widget": "exercise",
                "id": self.ident,
                "data-variants": str(len(self.variants)),
                "data-variants-url": f"{self.ident}/",
            },
        )
        if self.argument:
            title = etree.SubElement(block, "p", {"class": "exercise__title"})
            title.text = self.argument
        return block

    def on_inline_end(self, block: etree.Element) -> None:
        """Render every variant (the page's inline pass is over, so its Markdown is free to reuse)."""
        renderer = VariantRenderer(self.md, self)
        renderer.prefetch_math(self.variants)
        files = VariantFiles(self.ident, *self.where())
        for variant in self.variants:
            html = renderer.variant_html(variant)
            if variant.seed == 0:
                placeholder_element(block, self.md, html, **{"class": "exercise__static"})
            else:
                files.html[variant.seed] = html
        if files.html:
            _pending.append(files)
            # The page links a stylesheet only for what its HTML shows (KaTeX's, a block's); the
            # variants load later, so say what they will need.
            # Only what picks a stylesheet: the blocks' BEM prefixes and KaTeX's root class.
            shown = "".join(files.html.values())
            uses = block_names_in(shown) | ({"katex"} if KATEX_ROOT in shown else set())
            if uses:
                block.set("data-uses", " ".join(sorted(uses)))


# --- Rendering -------------------------------------------------------------------------------


class VariantRenderer:
    """Turns a variant into the markup the page shows and the widget reads.

    The generator's Markdown goes through the page's own pipeline on a detached element: the
    preprocessors (math, fenced code, raw HTML), the block parser, the treeprocessors that work
    on any subtree (inline Markdown, attribute lists, highlighting) and the postprocessors, minus
    those in PAGE_STATE_PROCESSORS. Math is rendered by the page's KaTeX renderer; its markers
    are swapped here and forgotten, so the page's own math pass never looks for them.
    """

    def __init__(self, md: Markdown, block: ExerciseBlock) -> None:
        self.md = md
        self.block = block
        self.math = next((ext for ext in md.registeredExtensions if hasattr(ext, "math_html")), None)
        self.seed = 0
        # The Markdown setup, so that HTML rendered for another configuration is never reused.
        self.setup = repr(
            (
                md.output_format,
                [(type(e).__module__, type(e).__name__, e.getConfigs()) for e in md.registeredExtensions],
            )
        )

    def prefetch_math(self, variants: list[Variant]) -> None:
        """Every variant's formulas rendered together, before the variants one by one."""
        if self.math is None or not hasattr(self.math, "prefetch_markdown"):  # markdown-katex has none
            return
        texts: dict[str, None] = {}  # once each: labels and messages repeat across variants
        for variant in variants:
            for text in (variant.question, variant.solution, *(answer.label for answer in variant.answers)):
                texts[text] = None
            for mistake in variant.mistakes:
                texts[mistake.message] = None
        # HTML already rendered for this setup is reused as it is (markdown()): no math to render.
        # Stripped as _render() strips it, so that its pass finds the scan prefetch_markdown keeps.
        self.math.prefetch_markdown([text.strip("\n") for text in texts if (self.setup, text) not in _rendered])

    def variant_html(self, variant: Variant) -> str:
        """`<div class="exercise__variant">`: question, then answers and solution in `<details>`."""
        self.seed = variant.seed
        question = self.markdown(variant.question, "question")
        solution = self.markdown(variant.solution, "solution")
        keys = "".join(self._key(index, answer, variant) for index, answer in enumerate(variant.answers))
        return (
            f'<div class="exercise__variant" data-seed="{variant.seed}">'
            f'<div class="exercise__question">{question}</div>'
            f'<details class="exercise__answer"><summary>Answer</summary>'
            f'<ul class="exercise__key">{keys}</ul>'
            f'<div class="exercise__solution">{solution}</div></details></div>'
        )

    def _key(self, index: int, answer: Answer, variant: Variant) -> str:
        n = answer.numeric
        attrs = {
            "class": "exercise__key-item",
            "data-value": format_number(n.value),
            "data-unit": n.unit,
            "data-tolerance": format_number(n.tolerance),
            "data-relative": "true" if n.relative else "false",
        }
        if answer.either_unit:
            attrs["data-either-unit"] = "true"
        mistakes = "".join(
            f'<p class="exercise__mistake" data-value="{format_number(m.value)}" data-unit="{m.unit}">'
            f"{self.inline(m.message, 'mistake message')}</p>"
            for m in variant.mistakes
            if m.answer == index
        )
        margin = (
            f"{format_number(n.tolerance)}%"
            if n.relative
            else f"{shown(n.tolerance, n.tolerance / 10)} {n.unit}".strip()
        )
        accepted = f"accepted within ±{margin}" if n.tolerance else "exactly"
        value = f"{shown(n.value, n.margin())} {n.unit}".strip()
        other = ""
        if answer.either_unit:
            converted = answer.in_unit("bits" if n.unit == "nats" else "nats")
            other = f", or {shown(converted.value, converted.margin())} {converted.unit}"
        template = f'<template class="exercise__mistakes">{mistakes}</template>' if mistakes else ""
        attributes = " ".join(f'{key}="{escape(text)}"' for key, text in attrs.items())
        return (
            f"<li {attributes}>"
            f'<span class="exercise__label">{self.inline(answer.label, "answer label")}</span>: '
            f"{value}{other} ({accepted}){template}</li>"
        )

    def inline(self, text: str, part: str) -> str:
        """Markdown that fits in a label or a sentence: one paragraph, without its `<p>`."""
        html = self.markdown(text, part)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return html

    def markdown(self, text: str, part: str) -> str:
        """HTML for the generator's Markdown, rendered as the page renders its own (or was before).

        Text whose rendering logged a warning (a link to a missing page) is not kept: rendered
        again next time, it says so again, as `make serve` must on every save.
        """
        key = (self.setup, text)
        if key in _rendered:
            _rendered.move_to_end(key)
            return _rendered[key]
        with generated_at(self.block.where()[1]) as generated:
            html = self._render(text, part)
        if not generated.warned:
            _rendered[key] = html
            if len(_rendered) > RENDERED_MAX:
                _rendered.popitem(last=False)
        return html

    def _render(self, text: str, part: str) -> str:
        md = self.md
        before = set(self.math.math_html) if self.math is not None else set()
        lines = text.strip("\n").split("\n")
        try:
            for name, processor in _ordered(md.preprocessors):
                if not name.startswith("coursemd_"):
                    lines = processor.run(lines)
        except MathError as error:
            self.block.fail(
                f"seed {self.seed}: the {part}'s math `{error.tex}` cannot be rendered ({error.reason})",
                "Fix the TeX the generator writes; KaTeX's supported commands are listed at katex.org/docs/supported",
            )
        root = etree.Element("div")
        md.parser.parseChunk(root, "\n".join(lines))
        for name, processor in _ordered(md.treeprocessors):
            if name not in PAGE_STATE_PROCESSORS and not name.startswith("coursemd_"):
                root = processor.run(root) or root
        html = md.serializer(root).strip()
        html = html[len("<div>") : -len("</div>")] if html.startswith("<div>") else html
        for name, processor in _ordered(md.postprocessors):
            if name not in PAGE_STATE_PROCESSORS:
                html = processor.run(html)
        if self.math is not None:
            fresh = {marker: self.math.math_html.pop(marker) for marker in set(self.math.math_html) - before}
            for marker in fresh:
                self.math.math_source.pop(marker, None)
            html = put_math(html, fresh)  # coursemd.katex_math's markers, as on the page
            for marker, formula in fresh.items():  # markdown-katex's
                if marker.startswith("tmp_block_"):
                    html = html.replace(f"<p>{marker}</p>", formula)
                html = html.replace(marker, formula)
        return html.strip()


def _ordered(registry: Any) -> list[tuple[str, Any]]:
    """(name, processor) pairs of a Python-Markdown Registry, in the order Markdown runs them."""
    registry._sort()  # Registry keeps names only in its private priority list
    return [(item.name, registry[item.name]) for item in registry._priority]


def shown(value: float, margin: float) -> str:
    """`value` with the decimals its margin makes meaningful, plus one: 2.813, 0.06, 12346."""
    if margin <= 0 or not math.isfinite(margin):
        return format_number(value)
    decimals = min(12, max(0, math.ceil(-math.log10(margin)) + 1))
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace("-", "−")


# --- Extension -------------------------------------------------------------------------------


class ExerciseExtension(BlocksExtension):
    """Adds the `/// exercise` block."""

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        """Register the header line recorder (preprocessor 200) and ExerciseBlock."""
        register_line_recorder(md)
        block_mgr.register(ExerciseBlock, self.getConfigs())


def makeExtension(*args: Any, **kwargs: Any) -> ExerciseExtension:
    """Return the extension; lets mkdocs.yml name it as `coursemd.exercise`."""
    return ExerciseExtension(*args, **kwargs)
