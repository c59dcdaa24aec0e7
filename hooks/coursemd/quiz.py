"""The `/// quiz` block: multiple-choice questions with an answer key and explanations.

Syntax:

    /// quiz | Self-check
        id: t19-02-self-check

    Is the chain-rule factorization $`p(x) = \\prod_i p(x_i \\mid x_{<i})`$ an approximation?

    - [ ] Yes: it assumes each piece depends only on the one before.
    - [x] No: it holds exactly for every joint distribution and every ordering.

    The explanation: any Markdown after the options, shown once the student has answered.

    ---

    The next question (questions are separated by a line `---` between blank lines).
    ...
    ///

Arguments:
    A title (optional), shown above the questions.

Options (indented by four spaces under the header, as for every pymdownx block):
    id:      the quiz's id, unique on its page (default `quiz-<n>`, its order on the page). It
             names the student's saved answers, so keep it once published.
    shuffle: `true` shows each student the options in their own stable random order
             (default `false`).

Content:
    Questions separated by `---`. A question is its stem (any Markdown), then a list of
    options each starting `[ ]` (wrong) or `[x]` (right), then optionally an explanation (any
    Markdown). One `[x]` makes a single-answer question; several make "select all that apply".

Python renders every question as a list with its answer key and explanation inside a
`<details>`, readable without JavaScript (the key is in the page: this is self-study).
`widgets/quiz.js` turns the options into radio buttons or checkboxes with a Check button.

The `/// drill` block (coursemd.drill) shares this module's item machinery.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, ClassVar

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import type_boolean, type_html_identifier

from coursemd.blocks_base import FENCE, HEADER, BlockError, CourseBlock, register_line_recorder
from coursemd.messages import author_message
from coursemd.source import current_document

# --- Data ------------------------------------------------------------------------------------

SEPARATOR = re.compile(r"^[ ]{0,3}-{3,}[ \t]*$")
END = re.compile(r"^[ ]{0,3}/{3,}[ \t]*$")
OPTION_MARK = re.compile(r"^\s*\[(?P<mark>[ xX]?)\](?!\()[ \t]*")
LIST_TAGS = ("ul", "ol")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class RawItem:
    """One item (question, drill model) as the author wrote it: its first line and its lines."""

    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)


# --- Preprocessor ----------------------------------------------------------------------------


class ItemLineRecorder(Preprocessor):
    """Note where each item of every `/// quiz` and `/// drill` block starts, in order.

    Python-Markdown keeps no line numbers, so a block alone could name only its header's
    line; with these, a mistake in question 3 names question 3's line. Runs on the author's
    lines (priority 199, before the math preprocessor folds a display formula into one line).
    It also stops `Text` directly above `---`: Markdown would read that as a heading.
    """

    NAMES = ("quiz", "drill")

    def run(self, lines: list[str]) -> list[str]:
        found: dict[str, deque[list[RawItem]]] = defaultdict(deque)
        name: str | None = None
        items: list[RawItem] = []
        depth = 0  # blocks opened inside ours
        in_options = False
        fence: str | None = None
        previous = ""
        for number, line in enumerate(lines, start=1):
            match = FENCE.match(line)
            if fence is not None:
                if match and match.group("fence").startswith(fence):
                    fence = None
                if name is not None and items:
                    items[-1].lines.append((number, line))
                previous = line
                continue
            header = HEADER.match(line)
            if name is None:
                if match:
                    fence = match.group("fence")
                elif header and header.group("name") in self.NAMES:
                    name, items, depth, in_options = header.group("name"), [], 0, True
                previous = line
                continue
            if in_options and line.startswith("    ") and line.strip():
                previous = line
                continue
            in_options = False
            if END.match(line):
                if depth == 0:
                    found[name].append(items)
                    name = None
                    previous = line
                    continue
                depth -= 1
            elif header:
                depth += 1
            elif depth == 0 and match is None and SEPARATOR.match(line):
                if previous.strip():
                    raise BlockError(
                        author_message(
                            name,
                            current_document().path,
                            number + current_document().line_offset,
                            "the '---' on this line follows text directly, so Markdown reads that text as a heading",
                            "Put a blank line before '---'",
                        )
                    )
                items.append(RawItem(0))
                previous = line
                continue
            if match:
                fence = match.group("fence")
            if line.strip():
                if not items:
                    items.append(RawItem(0))
                if not items[-1].line:
                    items[-1].line = number
            if items:
                items[-1].lines.append((number, line))
            previous = line
        self.md.coursemd_item_lines = found  # type: ignore[attr-defined]
        return lines


def register_item_recorder(md: Markdown) -> None:
    """Add the item recorder once per Markdown instance (with the header line recorder)."""
    register_line_recorder(md)
    if "coursemd_item_lines" not in md.preprocessors:
        md.preprocessors.register(ItemLineRecorder(md), "coursemd_item_lines", 199)


# --- Helpers ---------------------------------------------------------------------------------


def text_holder(li: etree.Element) -> etree.Element:
    """The element whose `.text` starts a list item: the item, or its first paragraph (loose lists)."""
    if (li.text or "").strip() or not len(li) or li[0].tag != "p":
        return li
    return li[0]


def split_items(block: etree.Element) -> list[list[etree.Element]]:
    """Split a block's children at its `<hr>` children."""
    groups: list[list[etree.Element]] = [[]]
    for child in list(block):
        block.remove(child)
        if child.tag == "hr":
            groups.append([])
        else:
            groups[-1].append(child)
    return groups


def sub(parent: etree.Element, tag: str, text: str | None = None, **attrib: str) -> etree.Element:
    """Append a child with attributes (`class_` for class) and literal text (no Markdown)."""
    el = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrib.items()})
    if text is not None:
        el.text = AtomicString(text)
    return el


def prefix_label(li: etree.Element, label: str, css: str) -> etree.Element:
    """Put `<span class=css>label</span>` before the item's own text (kept as Markdown)."""
    holder = text_holder(li)
    span = etree.Element("span", {"class": css})
    span.text = AtomicString(label)
    span.tail = " " + (holder.text or "").lstrip()
    holder.text = None
    holder.insert(0, span)
    return span


def letters_list(indices: list[int]) -> str:
    """'B', 'A and C', 'A, B and D'."""
    names = [LETTERS[i] for i in indices]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class ItemBlock(CourseBlock):
    """A block made of items separated by `---`, each with its own line for messages."""

    ITEM_WORD = "item"

    def on_init(self) -> None:
        """Claim the header line and this block's item lines."""
        super().on_init()
        queue = getattr(self.md, "coursemd_item_lines", {}).get(self.NAME)
        self.raw_items: list[RawItem] = queue.popleft() if queue else []

    def item_line(self, index: int) -> int | None:
        """The author's line where item `index` (0-based) starts, else the header's line."""
        if index < len(self.raw_items) and self.raw_items[index].line:
            return self.raw_items[index].line
        return self.line

    def option_line(self, index: int, text: str) -> int | None:
        """The line of item `index` holding `text` (a list item's start), else the item's line."""
        needle = text.strip()[:30]
        if needle and index < len(self.raw_items):
            for number, line in self.raw_items[index].lines:
                if needle in line:
                    return number
        return self.item_line(index)

    def fail_at(self, line: int | None, problem: str, fix: str) -> None:
        """Stop the build naming `line` (the author's, before front matter is added back)."""
        doc = current_document()
        raise BlockError(author_message(self.NAME, doc.path, (line + doc.line_offset) if line else None, problem, fix))

    def block_id(self, default_prefix: str) -> str:
        """The id option, or `<prefix>-<n>`; fails when the page already has it."""
        count = self.tracker.setdefault("count", 0) + 1
        self.tracker["count"] = count
        ident = str(self.options.get("id") or f"{default_prefix}-{count}")
        used: set[str] = self.tracker.setdefault("ids", set())
        if ident in used:
            self.fail(
                f"the id '{ident}' is already used by another {self.NAME} on this page", "Give each one its own id"
            )
        used.add(ident)
        return ident

    def nonempty_items(self, block: etree.Element, empty_fix: str) -> list[list[etree.Element]]:
        """The block's items; fails on a block without any or on an empty one between `---`."""
        groups = split_items(block)
        if len(groups) == 1 and not groups[0]:
            self.fail(f"has no {self.ITEM_WORD}s", empty_fix)
        for index, group in enumerate(groups):
            if not group:
                self.fail_at(
                    self.item_line(index) if index < len(self.raw_items) else self.line,
                    f"{self.ITEM_WORD} {index + 1} is empty",
                    "Remove the extra '---' or write the missing " + self.ITEM_WORD,
                )
        return groups


# --- Block -----------------------------------------------------------------------------------


class QuizBlock(ItemBlock):
    """A multiple-choice quiz (syntax in the module docstring).

    Arguments:
        Title (optional).

    Options:
        id (html identifier): the quiz's id on its page; default `quiz-<n>`.
        shuffle (boolean): per-student stable random order of each question's options.

    Content:
        Questions separated by `---`: stem, options `- [ ]` / `- [x]`, optional explanation.
    """

    NAME = "quiz"
    ARGUMENT = None
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {"id": ("", type_html_identifier), "shuffle": (False, type_boolean)}
    ITEM_WORD = "question"

    def on_create(self, parent: etree.Element) -> etree.Element:
        """The outer `<div class="quiz" data-widget="quiz">`; its content is regrouped in on_end."""
        self.ident = self.block_id("quiz")
        attrs = {"class": "quiz", "data-widget": "quiz", "id": self.ident}
        if self.options["shuffle"]:
            attrs["data-shuffle"] = "true"
        return etree.SubElement(parent, "div", attrs)

    def on_end(self, block: etree.Element) -> None:
        """Regroup the Markdown into questions, options and answers; check each question."""
        groups = self.nonempty_items(
            block, "Write a question, its options as a list starting '[ ]' or '[x]', and separate questions with '---'"
        )
        if self.argument:
            sub(block, "p", self.argument, class_="quiz__title")
        questions = sub(block, "ol", class_="quiz__questions")
        for index, group in enumerate(groups):
            self._question(questions, index, group)
        block.set("data-questions", str(len(groups)))

    def _question(self, parent: etree.Element, index: int, group: list[etree.Element]) -> None:
        number = index + 1
        at = f"question {number}"
        found = next(
            (
                i
                for i, el in enumerate(group)
                if el.tag in LIST_TAGS and any(OPTION_MARK.match(text_holder(li).text or "") for li in el)
            ),
            None,
        )
        if found is None:
            self.fail_at(
                self.item_line(index),
                f"{at} has no options",
                "Add a list of options, each starting '[ ]' (wrong) or '[x]' (right)",
            )
            return
        stem, options, explanation = group[:found], group[found], group[found + 1 :]
        if not stem:
            self.fail_at(self.item_line(index), f"{at} has no question text", "Write the question above its options")
        correct: list[int] = []
        for position, li in enumerate(options):
            holder = text_holder(li)
            mark = OPTION_MARK.match(holder.text or "")
            if mark is None:
                text = (holder.text or "").strip()
                self.fail_at(
                    self.option_line(index, text),
                    f"{at}: the option '{text[:40]}' does not start with '[ ]' or '[x]'",
                    "Start every option with '[ ]' (wrong) or '[x]' (right)",
                )
                return
            holder.text = (holder.text or "")[mark.end() :]
            if mark.group("mark").lower() == "x":
                correct.append(position)
        if len(options) < 2:
            self.fail_at(self.item_line(index), f"{at} has only one option", "Give at least two options")
        if not correct:
            self.fail_at(self.item_line(index), f"{at} has no right option", "Mark the right option(s) with '[x]'")
        if len(correct) == len(options):
            self.fail_at(
                self.item_line(index),
                f"{at} marks every option right",
                "Mark the wrong options with '[ ]'; a question needs at least one",
            )
        multiple = len(correct) > 1

        item = sub(
            parent,
            "li",
            class_="quiz__question",
            id=f"{self.ident}-q{number}",
            data_multiple="true" if multiple else "false",
        )
        stem_div = sub(item, "div", class_="quiz__stem", id=f"{self.ident}-q{number}-stem")
        stem_div.extend(stem)
        if multiple:
            sub(item, "p", "Select all that apply.", class_="quiz__hint")
        option_list = sub(item, "ul", class_="quiz__options")
        for position, li in enumerate(options):
            li.attrib.clear()
            li.set("class", "quiz__option")
            li.set("data-correct", "true" if position in correct else "false")
            prefix_label(li, f"{LETTERS[position]}.", "quiz__letter")
            option_list.append(li)
        answer = sub(item, "details", class_="quiz__answer")
        sub(answer, "summary", "Answer")
        key = "Answers" if multiple else "Answer"
        sub(answer, "p", f"{key}: {letters_list(correct)}.", class_="quiz__key")
        if explanation:
            sub(answer, "div", class_="quiz__explanation").extend(explanation)


# --- Extension -------------------------------------------------------------------------------


class QuizExtension(BlocksExtension):
    """Adds the `/// quiz` block."""

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        """Register the header and item line recorders (preprocessors 200, 199) and QuizBlock."""
        register_item_recorder(md)
        block_mgr.register(QuizBlock, self.getConfigs())


def makeExtension(*args: Any, **kwargs: Any) -> QuizExtension:
    """Return the extension; lets mkdocs.yml name it as `coursemd.quiz`."""
    return QuizExtension(*args, **kwargs)
