"""What the `/// quiz` and `/// drill` blocks share: items separated by `---`, each with its line.

Python-Markdown keeps no line numbers, so `ItemLineRecorder` notes where every item of every
quiz and drill starts; `ItemBlock` splits a block's content at its `<hr>` children and names
those lines in its messages. The helpers build the markup both blocks render.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString

from coursemd.blocks_base import (
    END,
    FENCE,
    HEADER,
    BlockError,
    CourseBlock,
    block_body,
    block_headers,
    register_line_recorder,
)
from coursemd.messages import author_message
from coursemd.source import current_document

# --- Data ------------------------------------------------------------------------------------

SEPARATOR = re.compile(r"^[ ]{0,3}-{3,}[ \t]*$")
LIST_TAGS = ("ul", "ol")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class RawItem:
    """One item (question, drill model) as the author wrote it: its first line and its lines,
    and the line of the `---` above it (0 for the first item)."""

    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    separator: int = 0


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
        for header in block_headers(lines):  # in the order pymdownx creates the blocks
            if header.name in self.NAMES:  # pymdownx ignores case
                found[header.name].append(self._items(header.name, block_body(lines, header)))
        self.md.coursemd_item_lines = found  # type: ignore[attr-defined]
        return lines

    def _items(self, name: str, body: Iterator[tuple[int, str]]) -> list[RawItem]:
        """The items of one block, from the lines after its header (dedented) to its `///`."""
        items: list[RawItem] = []
        depth = 0  # blocks opened inside ours
        in_options = True
        fence: str | None = None
        previous = ""
        for number, line in body:
            match = FENCE.match(line)
            if fence is not None:
                if match and match.group("fence").startswith(fence):
                    fence = None
                if items:
                    items[-1].lines.append((number, line))
                previous = line
                continue
            if in_options and line.startswith("    ") and line.strip():
                previous = line
                continue
            in_options = False
            header = HEADER.match(line)
            if END.match(line):
                if depth == 0:
                    return items
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
                if not items:  # a `---` before any text: the first item is the empty one above it
                    items.append(RawItem(0))
                items.append(RawItem(0, separator=number))
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
        return items


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

    def option_line(self, index: int, text: str, occurrence: int = 1) -> int | None:
        """The line of item `index` holding `text` (its `occurrence`-th), else the item's line."""
        needle = " ".join(text.split())[:30].casefold()
        if needle and index < len(self.raw_items):
            seen = 0
            for number, line in self.raw_items[index].lines:
                if needle in " ".join(line.split()).casefold():
                    seen += 1
                    if seen == occurrence:
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
                raw = self.raw_items[index] if index < len(self.raw_items) else None
                # An empty item has no line of its own: name the `---` that opens it (or, for the
                # first, the one that closes it).
                after = self.raw_items[index + 1].separator if index + 1 < len(self.raw_items) else 0
                self.fail_at(
                    (raw.line or raw.separator or after or self.line) if raw else self.line,
                    f"{self.ITEM_WORD} {index + 1} is empty",
                    "Remove the extra '---' or write the missing " + self.ITEM_WORD,
                )
        return groups
