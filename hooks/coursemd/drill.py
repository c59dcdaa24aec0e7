"""The `/// drill` block: spot the bug in a model given as a short listing.

A drill is about causality unless it says otherwise: without `verdicts`, its question,
choices and feedback are about a model that leaks the future. With `verdicts`, it is about
any kind of bug (an off-by-one, a wrong sign, a data leak, a wrong step in a derivation) and
its feedback speaks of "the bug", or of the `bug` word given.

Syntax:

    /// drill | Spot the causality bug
        id: t19-02-causality

    A PixelCNN for binarized 28×28 images, trained with teacher forcing:

    1. `x = images  # the whole batch, in one pass`
    2. [bug] `h = MaskedConv2d(1, 64, kernel_size=7, mask_type="B")(x)`
    3. `h = MaskedConv2d(64, 64, kernel_size=3, mask_type="B")(h)`

    The explanation (required): where the leak is and why, or why the model is causal.

    ---

    The next model (models are separated by a line `---` between blank lines).
    ///

Arguments:
    A title (optional), shown above the models.

Options (indented by four spaces under the header):
    id:            the drill's id, unique on its page (default `drill-<n>`). It names the
                   student's saved answers, so keep it once published.
    question:      the question under each model (default "Is this model causal? If it leaks
                   the future, which line leaks?").
    verdicts:      the two verdicts, the one for a model with the bug first (default
                   `[Leaks the future, "Causal: no line sees the future"]`). Giving them makes
                   the drill about any bug: the feedback then says "the bug is in line 2".
    line_question: the question over the lines (default "Which line leaks the future? Pick it
                   if one does.", or with `verdicts` "Which line has the bug? Pick it if one does.").
    bug:           with `verdicts`, what the feedback calls the bug (default "bug"): "wrong step"
                   gives "the wrong step is in line 2".
    item:          what a model is called ("model"): a word, or `[query, queries]` when its
                   plural is not the word and an s.

Content:
    Models separated by `---`. A model is its description (any Markdown), then a numbered
    list of steps, one line of code, config or prose each, then an explanation (any
    Markdown). Start the one step that breaks causality with `[bug]`; a model with no `[bug]`
    step is causal. Teach both: include at least one causal model that looks suspicious.

Python renders each model with its numbered lines and, inside a `<details>`, the verdict,
the line that leaks and the explanation, readable without JavaScript. `widgets/drill.js`
asks the student for a verdict (causal, or leaks the future) and, for a leak, the line. The
wording options reach it as data attributes on the drill (data-verdicts, data-bug, data-item,
data-line-question), written only when the author set them, so a causal drill's markup is as
before.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any, ClassVar

from markdown import Markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import type_html_identifier

from coursemd.items import ItemBlock, register_item_recorder, sub, text_holder
from coursemd.nll_render import data_json

# --- Data ------------------------------------------------------------------------------------

STEP_MARK = re.compile(r"^\s*\[(?P<mark>[^\]\s]*)\](?!\()[ \t]*")
BUG = "bug"
NO_BUG_KEY = "Causal: no line sees the future."
PROMPT = "Is this model causal? If it leaks the future, which line leaks?"
#: The question of a drill with its own verdicts, from its item and bug words.
GENERIC_PROMPT = "Is this {item} right? If not, which line has the {bug}?"


@dataclass(frozen=True)
class Wording:
    """What a drill says: today's causality wording, or an author's for another kind of bug."""

    question: str = PROMPT
    verdicts: tuple[str, str] | None = None  # None: the causality drill
    line_question: str | None = None
    bug: str = "bug"
    item: tuple[str, str] = ("model", "models")

    def key(self, bug_line: int | None) -> str:
        """The static answer: the verdict and, for a bug, its line."""
        if self.verdicts is None:
            return f"It leaks the future: the bug is in line {bug_line}." if bug_line else NO_BUG_KEY
        has, none = self.verdicts
        return f"{has.rstrip('.')}: the {self.bug} is in line {bug_line}." if bug_line else f"{none.rstrip('.')}."


# --- Block -----------------------------------------------------------------------------------


class DrillBlock(ItemBlock):
    """Spot-the-causality-bug drill (syntax in the module docstring).

    Arguments:
        Title (optional).

    Options:
        id (html identifier): the drill's id on its page; default `drill-<n>`.

    Content:
        Models separated by `---`: description, numbered steps (one may start `[bug]`),
        explanation.
    """

    NAME = "drill"
    ARGUMENT = None
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {
        "id": ("", type_html_identifier),
        "question": (None, None),
        "verdicts": (None, None),
        "line_question": (None, None),
        "bug": (None, None),
        "item": (None, None),
    }
    ITEM_WORD = "model"

    def on_validate(self, parent: etree.Element) -> bool:
        """Read the wording options into a Wording, with a fix for each mistake."""
        options = self.options
        verdicts = options["verdicts"]
        if verdicts is not None:
            if (
                not isinstance(verdicts, list)
                or len(verdicts) != 2
                or not all(isinstance(v, str) and v.strip() for v in verdicts)
            ):
                self.fail_option(
                    "verdicts",
                    f"'verdicts: {verdicts}' is not a list of two verdicts",
                    "Give the verdict for a model with the bug, then the one without, "
                    "e.g. 'verdicts: [Has a bug, Correct]'",
                )
            if verdicts[0].strip().casefold() == verdicts[1].strip().casefold():
                self.fail_option("verdicts", f"the two verdicts are the same, '{verdicts[0]}'", "Give two different verdicts")
            verdicts = (verdicts[0].strip(), verdicts[1].strip())
        texts = {}
        for name in ("question", "line_question", "bug"):
            value = options[name]
            if value is not None and (not isinstance(value, str) or not value.strip()):
                self.fail_option(
                    name, f"'{name}: {value}' is not text", f"Write the {name.replace('_', ' ')} as text, or leave it out"
                )
            texts[name] = value.strip() if isinstance(value, str) else None
        if texts["bug"] is not None and verdicts is None:
            self.fail_option(
                "bug",
                "'bug' names the bug in the feedback of a drill with its own verdicts, and this one has none",
                "Add 'verdicts: [...]', or remove 'bug' (a drill without verdicts is about leaking the future)",
            )
        item = options["item"]
        if isinstance(item, str) and item.strip():
            word = item.strip()
            item = (word, word if word.endswith("s") else word + "s")
        elif isinstance(item, list) and len(item) == 2 and all(isinstance(w, str) and w.strip() for w in item):
            item = (item[0].strip(), item[1].strip())
        elif item is not None:
            self.fail_option("item", f"'item: {item}' is not a word", "Write 'item: derivation', or 'item: [query, queries]'")
        item = item or ("model", "models")
        bug = texts["bug"] or "bug"
        question = texts["question"] or (
            PROMPT.replace("model", item[0]) if verdicts is None else GENERIC_PROMPT.format(item=item[0], bug=bug)
        )
        self.wording = Wording(question, verdicts, texts["line_question"], bug, item)
        return True

    def on_create(self, parent: etree.Element) -> etree.Element:
        """The outer `<div class="drill" data-widget="drill">`; its content is regrouped in on_end."""
        self.ident = self.block_id("drill")
        attrs = {"class": "drill", "data-widget": "drill", "id": self.ident}
        wording = self.wording
        if wording.verdicts is not None:
            attrs["data-verdicts"] = data_json(list(wording.verdicts))
            attrs["data-bug"] = wording.bug
        if wording.line_question is not None:
            attrs["data-line-question"] = wording.line_question
        if self.options["item"] is not None:
            attrs["data-item"] = data_json(list(wording.item))
        return etree.SubElement(parent, "div", attrs)

    def on_end(self, block: etree.Element) -> None:
        """Regroup the Markdown into models, steps and answers; check each model."""
        groups = self.nonempty_items(
            block, "Describe a model, list its steps as a numbered list and mark the leaking one with '[bug]'"
        )
        if self.argument:
            sub(block, "p", self.argument, class_="drill__title")
        models = sub(block, "ol", class_="drill__items")
        for index, group in enumerate(groups):
            self._model(models, index, group)
        block.set("data-items", str(len(groups)))

    def _model(self, parent: etree.Element, index: int, group: list[etree.Element]) -> None:
        number = index + 1
        at = f"model {number}"
        found = next((i for i, el in enumerate(group) if el.tag == "ol"), None)
        if found is None:
            self.fail_at(
                self.item_line(index),
                f"{at} has no numbered list of steps",
                "List the model's steps as '1.', '2.', ... and start the leaking one with '[bug]'",
            )
            return
        description, steps, explanation = group[:found], group[found], group[found + 1 :]
        if not description:
            self.fail_at(self.item_line(index), f"{at} has no description", "Say what the model is above its steps")
        if len(steps) < 2:
            self.fail_at(self.item_line(index), f"{at} has only one step", "Break the model into at least two steps")
        if not explanation:
            self.fail_at(
                self.item_line(index),
                f"{at} has no explanation",
                "Add a paragraph after the steps saying where the leak is, or why the model is causal",
            )
        bugs: list[int] = []
        for position, li in enumerate(steps):
            holder = text_holder(li)
            mark = STEP_MARK.match(holder.text or "")
            if mark is None:
                continue
            if mark.group("mark").lower() != BUG:
                self.fail_at(
                    self.option_line(index, (holder.text or "").strip()),
                    f"{at}, step {position + 1} starts with the unknown marker '[{mark.group('mark')}]'",
                    "Mark the step that leaks with '[bug]' and leave the others unmarked",
                )
            holder.text = (holder.text or "")[mark.end() :]
            bugs.append(position)
        if len(bugs) > 1:
            self.fail_at(
                self.option_line(index, f"[{BUG}]", occurrence=2),  # the second one marked
                f"{at} marks {len(bugs)} steps with '[bug]'",
                "Mark only the first step that breaks causality, and explain the others in the explanation",
            )

        item = sub(
            parent,
            "li",
            class_="drill__item",
            id=f"{self.ident}-m{number}",
            data_bug=str(bugs[0] + 1) if bugs else "none",
        )
        sub(item, "div", class_="drill__description").extend(description)
        sub(item, "p", self.wording.question, class_="drill__prompt", id=f"{self.ident}-m{number}-prompt")
        step_list = sub(item, "ol", class_="drill__steps")
        for position, li in enumerate(steps):
            li.attrib.clear()
            li.set("class", "drill__step")
            if position in bugs:
                li.set("data-bug", "true")
            step_list.append(li)
        answer = sub(item, "details", class_="drill__answer")
        sub(answer, "summary", "Answer")
        sub(answer, "p", self.wording.key(bugs[0] + 1 if bugs else None), class_="drill__key")
        sub(answer, "div", class_="drill__explanation").extend(explanation)


# --- Extension -------------------------------------------------------------------------------


class DrillExtension(BlocksExtension):
    """Adds the `/// drill` block."""

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        """Register the header and item line recorders (preprocessors 200, 199) and DrillBlock."""
        register_item_recorder(md)
        block_mgr.register(DrillBlock, self.getConfigs())


def makeExtension(*args: Any, **kwargs: Any) -> DrillExtension:
    """Return the extension; lets mkdocs.yml name it as `coursemd.drill`."""
    return DrillExtension(*args, **kwargs)
