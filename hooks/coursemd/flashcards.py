"""The `/// flashcards` block: a deck of question/answer cards, reviewed on a Leitner schedule
in the browser and exported to Anki.

Syntax:

    /// flashcards | Chain rule and NLL
        id: t19-02-deck

    Q: What does the chain rule of probability say?
    A: $`p(x_1,\\dots,x_n)=\\prod_i p(x_i \\mid x_{<i})`$, exact for any ordering.

    Q: A question that needs two paragraphs.

    Its second paragraph, a list, code or display math all stay on the question side.
    A: The answer, in Markdown too.
    ///

Arguments:
    The deck's title (optional; the Anki deck is named after it).

Options (indented by four spaces under the header, as for every pymdownx block):
    id:   the deck's id, required, unique on the site. It names the browser's saved schedule,
          the `.apkg` file and the Anki deck, model and note ids, so keep it once published.
    anki: `false` leaves out the Anki download link and package (default `true`).

Content:
    Cards, each a line starting `Q:` and then a line starting `A:`. A side runs until the
    next `Q:` or `A:` line and may hold any Markdown, math included. A card's id is a hash
    of its question, so rewording a question makes it a new card (in Anki too); editing an
    answer keeps the card and its schedule.

Python renders a list of the cards with every answer in a `<details>`, readable without
JavaScript; `widgets/flashcards.js` turns it into one card at a time. Each converted deck is
also queued, with its faces as Anki HTML (math as `\\(..\\)` and `\\[..\\]`), for a host to
write as an `.apkg` (`take_decks()`; the MkDocs hook `hooks/anki_export.py` does it).
"""

from __future__ import annotations

import copy
import hashlib
import re
import xml.etree.ElementTree as etree
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from typing import Any, NoReturn

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.serializers import to_html_string
from markdown.util import HTML_PLACEHOLDER_RE
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import type_boolean, type_html_identifier, type_string

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
from coursemd.katex_math import MATH_MARKER
from coursemd.messages import author_message
from coursemd.source import current_document

# --- Data ------------------------------------------------------------------------------------

SIDE = re.compile(r"^[ ]{0,3}(?P<side>[QA]):[ \t]*", re.MULTILINE)
OPTION_LIKE = re.compile(r"^[ ]{0,3}[A-Za-z_][\w-]*:\s*\S")


@dataclass(frozen=True)
class AnkiCard:
    """One card as Anki sees it: a stable id and the two faces as HTML."""

    id: str
    front: str
    back: str


@dataclass
class AnkiDeck:
    """A converted deck, waiting for the host to write it as an `.apkg`."""

    id: str
    title: str
    source: str
    line: int | None
    cards: list[AnkiCard] = field(default_factory=list)

    @property
    def filename(self) -> str:
        """The package's file name, next to the page (the block links to it relatively)."""
        return f"{self.id}.apkg"


# Decks converted since the host last asked (see take_decks). Module state, because
# Python-Markdown makes a new extension instance per page under MkDocs.
_pending: list[AnkiDeck] = []


def take_decks() -> list[AnkiDeck]:
    """Return the decks converted since the last call, and forget them."""
    decks = _pending[:]
    _pending.clear()
    return decks


@dataclass
class _Side:
    """One face of a card while the block's content is regrouped."""

    kind: str  # "Q" or "A"
    line: int | None
    elements: list[etree.Element] = field(default_factory=list)


@dataclass
class _Card:
    question: _Side
    answer: _Side
    id: str = ""
    front: etree.Element | None = None
    back: etree.Element | None = None


# --- Preprocessor ----------------------------------------------------------------------------


class SideLineRecorder(Preprocessor):
    """Note the line of every `Q:`/`A:` line inside each `/// flashcards` block, in order.

    Python-Markdown keeps no line numbers, so a block could only name its header's line;
    with these, a mistake in a card names the card's own line.
    """

    def run(self, lines: list[str]) -> list[str]:
        decks: deque[list[tuple[str, int]]] = deque()
        for header in block_headers(lines):  # in the order pymdownx creates the blocks
            if header.name == FlashcardsBlock.NAME:
                decks.append(self._sides(block_body(lines, header)))
        self.md.coursemd_flashcard_lines = decks  # type: ignore[attr-defined]
        return lines

    def _sides(self, body: Iterator[tuple[int, str]]) -> list[tuple[str, int]]:
        """("Q" or "A", 1-based line) of each side of one deck, to its `///`."""
        sides: list[tuple[str, int]] = []
        depth = 0  # blocks open inside the deck (an answer may hold a `/// details`)
        fence: str | None = None
        for number, line in body:
            match = FENCE.match(line)
            if fence is not None:
                if match and match.group("fence").startswith(fence):
                    fence = None
            elif match:
                fence = match.group("fence")
            elif HEADER.match(line):
                depth += 1
            elif END.match(line):
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and (side := SIDE.match(line)):
                sides.append((side.group("side"), number))
        return sides


# --- Block -----------------------------------------------------------------------------------


class FlashcardsBlock(CourseBlock):
    """A deck of flashcards (syntax in the module docstring)."""

    NAME = "flashcards"
    ARGUMENT = None  # the title is optional
    OPTIONS = {
        "id": ("", type_string),
        "anki": (True, type_boolean),
    }

    def on_init(self) -> None:
        """Claim the header's line and the lines of this deck's `Q:` and `A:` lines."""
        super().on_init()
        decks = getattr(self.md, "coursemd_flashcard_lines", None)
        self.side_lines: list[tuple[str, int]] = decks.popleft() if decks else []
        self.cards: list[_Card] = []

    def on_validate(self, parent: etree.Element) -> bool:
        """Check the id: present, an HTML identifier, not used twice on the page."""
        deck_id = self.options["id"]
        if not deck_id:
            self.fail_option(
                "id",
                "the deck has no id",
                "Add the option line 'id: <deck-id>' under the header, indented by four spaces",
            )
        try:
            type_html_identifier(deck_id)
        except ValueError:
            self.fail_option("id", f"the deck id '{deck_id}' is not a valid id", "Use letters, digits, '-' and '_' only")
        seen: dict[str, int | None] = self.tracker.setdefault("ids", {})
        if deck_id in seen:
            first = seen[deck_id]
            self.fail_option(
                "id",
                f"the deck id '{deck_id}' is already used on this page"
                + (f" (line {self.at(first)})" if first else ""),
                "Give each deck its own id",
            )
        seen[deck_id] = self.line
        return True

    def on_create(self, parent: etree.Element) -> etree.Element:
        """The outer element: the page's widget root, named by the deck id."""
        deck_id = self.options["id"]
        return etree.SubElement(
            parent,
            "div",
            {"class": "flashcards", "data-widget": "flashcards", "id": deck_id, "data-deck": deck_id},
        )

    def on_end(self, block: etree.Element) -> None:
        """Regroup the parsed content into cards and render the no-JavaScript markup."""
        content = list(block)
        block.text = None
        for child in content:
            block.remove(child)
        self.cards = self._cards(content)
        if not self.cards:
            self.fail(
                f"the deck '{self.options['id']}' has no cards",
                "Add cards as a line 'Q: question' followed by a line 'A: answer'",
            )
        self._check_duplicates()

        title = self.argument or ""
        if title:
            etree.SubElement(block, "p", {"class": "flashcards__title"}).text = title
        block.set("data-cards", str(len(self.cards)))
        cards = etree.SubElement(block, "ol", {"class": "flashcards__cards"})
        for card in self.cards:
            item = etree.SubElement(cards, "li", {"class": "flashcards__card", "data-card": card.id})
            card.front = etree.SubElement(item, "div", {"class": "flashcards__question"})
            card.front.extend(card.question.elements)
            card.back = etree.SubElement(item, "details", {"class": "flashcards__answer"})
            etree.SubElement(card.back, "summary").text = "Answer"
            card.back.extend(card.answer.elements)
        if self.options["anki"]:
            # Stashed as raw HTML: MkDocs checks every <a> in the tree against the docs
            # files, and the package is written only after the build (hooks/anki_export.py).
            # Relative, so it resolves next to the page under any sub-path.
            name = escape(f"{self.options['id']}.apkg")
            link = (
                f'<a class="flashcards__download" href="{name}" download>'
                f"Download this deck for Anki</a> (.apkg, {len(self.cards)} cards)"
            )
            etree.SubElement(block, "p", {"class": "flashcards__anki"}).text = self.md.htmlStash.store(link)

    def on_inline_end(self, block: etree.Element) -> None:
        """Queue the deck for Anki, its faces as HTML with Anki's math delimiters."""
        if not self.options["anki"]:
            return
        deck = AnkiDeck(
            id=self.options["id"],
            title=self._plain_text(self.argument or "") or self.options["id"],
            source=current_document().path,
            line=self.at(self.line),
        )
        for card in self.cards:
            assert card.front is not None and card.back is not None
            back = copy.deepcopy(card.back)
            back.remove(back[0])  # the <summary>
            back.tag, back.attrib = "div", {}
            deck.cards.append(AnkiCard(card.id, self._anki_html(card.front), self._anki_html(back)))
        _pending.append(deck)

    # --- Helpers -----------------------------------------------------------------------------

    def at(self, line: int | None) -> int | None:
        """A line of the converted Markdown as a line of the author's file."""
        return line + current_document().line_offset if line else None

    def fail_at(self, line: int | None, problem: str, fix: str) -> NoReturn:
        """Like `fail`, naming a card's own line (or, if unknown, the header's)."""
        path, header = self.where()
        raise BlockError(author_message(self.NAME, path, self.at(line) if line else header, problem, fix))

    def _cards(self, content: list[etree.Element]) -> list[_Card]:
        """Split the content at each `Q:` and `A:` and pair the sides into cards."""
        sides: list[_Side] = []
        lines = iter(self.side_lines)
        for element in content:
            # Block parsing leaves a paragraph's text whole and childless; anything else
            # (a list, code, display math) simply continues the current side.
            text = (element.text or "") if element.tag == "p" and not len(element) else ""
            starts = list(SIDE.finditer(text))
            if not starts:
                if not sides:
                    self._fail_before_first_card(element)
                sides[-1].elements.append(element)
                continue
            if text[: starts[0].start()].strip():
                if not sides:
                    self._fail_before_first_card(element)
                self._paragraph(sides[-1], element, text[: starts[0].start()])
            for index, start in enumerate(starts):
                end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
                kind = start.group("side")
                recorded = next(lines, None)
                line = recorded[1] if recorded and recorded[0] == kind else None
                side = _Side(kind, line)
                sides.append(side)
                body = text[start.end() : end]
                if body.strip():
                    self._paragraph(side, element, body)

        cards: list[_Card] = []
        pending: _Side | None = None
        for side in sides:
            if side.kind == "Q":
                if pending is not None:
                    self._fail_unanswered(pending)
                pending = side
                continue
            if pending is None:
                self.fail_at(
                    side.line,
                    "this answer follows no question" if not cards else "this card has a second answer",
                    "Start each card with a line 'Q: question', then one line 'A: answer'",
                )
            assert pending is not None
            number = len(cards) + 1
            if not pending.elements:
                self.fail_at(pending.line, f"card {number} has an empty question", "Write the question after 'Q:'")
            if not side.elements:
                self.fail_at(side.line, f"card {number} has an empty answer", "Write the answer after 'A:'")
            cards.append(_Card(pending, side))
            pending = None
        if pending is not None:
            self._fail_unanswered(pending)
        return cards

    def _paragraph(self, side: _Side, source: etree.Element, text: str) -> None:
        paragraph = etree.Element("p", dict(source.attrib))
        paragraph.text = text.strip()
        side.elements.append(paragraph)

    def _fail_before_first_card(self, element: etree.Element) -> NoReturn:
        text = (element.text or "").strip()
        if OPTION_LIKE.match(text):
            self.fail_at(
                None,
                f"'{text.splitlines()[0]}' looks like an option but is written as content",
                "Indent options by four spaces under the header line",
            )
        self.fail_at(None, "there is text before the first card", "Start each card with a line 'Q: question'")

    def _fail_unanswered(self, question: _Side) -> NoReturn:
        self.fail_at(
            question.line,
            f"the question '{self._short(question)}' has no answer",
            "Follow it with a line starting 'A:'",
        )

    def _check_duplicates(self) -> None:
        """Give each card its id (a hash of its question) and refuse a repeated question."""
        seen: dict[str, _Card] = {}
        for card in self.cards:
            key = " ".join(self._plain(card.question.elements).split()).casefold()
            if key in seen:
                first = seen[key].question.line
                self.fail_at(
                    card.question.line,
                    f"the question '{self._short(card.question)}' is already in this deck"
                    + (f" (line {self.at(first)})" if first else ""),
                    "Remove the repeated card or merge the two",
                )
            seen[key] = card
            card.id = "c" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]

    def _short(self, side: _Side) -> str:
        text = " ".join(self._plain(side.elements).split())
        return text if len(text) <= 40 else text[:39].rstrip() + "…"

    def _plain(self, elements: list[etree.Element]) -> str:
        """The text of some elements as the author wrote it (TeX for math, stashed HTML as is)."""
        return self._plain_text(" ".join("".join(element.itertext()) for element in elements))

    def _plain_text(self, text: str) -> str:
        stash = self.md.htmlStash.rawHtmlBlocks
        text = HTML_PLACEHOLDER_RE.sub(
            lambda m: str(stash[int(m.group(1))]) if int(m.group(1)) < len(stash) else "", text
        )
        sources = self._math_sources()
        return MATH_MARKER.sub(lambda m: sources.get(m.group(0), (m.group(0), False))[0], text)

    def _math_sources(self) -> dict[str, tuple[str, bool]]:
        for extension in self.md.registeredExtensions:
            sources = getattr(extension, "math_source", None)
            if isinstance(sources, dict):
                return sources
        return {}

    def _anki_html(self, element: etree.Element) -> str:
        """A face as Anki field HTML: what the page shows, with TeX in `\\(..\\)` / `\\[..\\]`."""
        element = copy.deepcopy(element)
        if "unescape" in self.md.treeprocessors:
            self.md.treeprocessors["unescape"].run(element)
        html = to_html_string(element)
        html = html[html.index(">") + 1 : html.rindex("<")]  # the children, without the wrapper
        for name in ("raw_html", "amp_substitute"):
            if name in self.md.postprocessors:
                html = self.md.postprocessors[name].run(html)
        sources = self._math_sources()

        def delimit(match: re.Match[str]) -> str:
            tex, display = sources.get(match.group(0), (match.group(0), False))
            tex = escape(tex, quote=False)
            return f"\\[{tex}\\]" if display else f"\\({tex}\\)"

        return MATH_MARKER.sub(delimit, html).strip()


# --- Extension -------------------------------------------------------------------------------


class FlashcardsExtension(BlocksExtension):
    """Adds the `/// flashcards` block."""

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802 - pymdownx API
        """Register `coursemd_block_lines` (200), `coursemd_flashcard_lines` (199) and the block.

        Both preprocessors read the author's lines before any other, so their line numbers
        are the file's.
        """
        register_line_recorder(md)
        if "coursemd_flashcard_lines" not in md.preprocessors:
            md.preprocessors.register(SideLineRecorder(md), "coursemd_flashcard_lines", 199)
        block_mgr.register(FlashcardsBlock, self.getConfigs())


def makeExtension(**kwargs: Any) -> FlashcardsExtension:  # noqa: N802 - Python-Markdown's entry point name
    """Return the extension; lets mkdocs.yml name it as `coursemd.flashcards`."""
    return FlashcardsExtension(**kwargs)
