"""Write a converted flashcards deck as an Anki package (`.apkg`) with genanki.

Every id is derived from the deck id, never drawn at random, so importing a rebuilt package
updates the notes already in a student's collection instead of adding copies:

- the Anki deck id and note-type (model) id: a hash of the deck id;
- each note's guid: a hash of the deck id and the card id (itself a hash of the question).

Math arrives already in Anki's MathJax delimiters, `\\(..\\)` and `\\[..\\]`
(coursemd.flashcards converts it); Anki renders it on every platform.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import genanki

from coursemd.flashcards import AnkiDeck

# Anki's card look: its own default, left-aligned for multi-line answers. No fixed colours,
# so Anki's night mode applies.
CSS = """.card {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
}
pre { white-space: pre-wrap; }
"""


def stable_id(*parts: str) -> int:
    """An id in genanki's recommended range [2**30, 2**31), from a hash of `parts`."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(deck_id: str, card_id: str) -> str:
    """The note's guid: Anki matches a re-imported note to the existing one by it."""
    return str(genanki.guid_for("coursemd-flashcards", deck_id, card_id))


def build_package(deck: AnkiDeck) -> genanki.Package:
    """The genanki package for one deck: one Basic-style note type, one note per card."""
    model = genanki.Model(
        stable_id("model", deck.id),
        f"Course flashcard ({deck.id})",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Card"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=CSS,
    )
    anki_deck = genanki.Deck(stable_id("deck", deck.id), deck.title, description=f"Deck '{deck.id}'.")
    for card in deck.cards:
        note = genanki.Note(
            model=model,
            fields=[card.front, card.back, card.id],
            guid=note_guid(deck.id, card.id),
            tags=[deck.id],
        )
        anki_deck.add_note(note)
    return genanki.Package(anki_deck)


def write_package(deck: AnkiDeck, path: Path) -> None:
    """Write `deck` to `path` (its folder is created).

    The notes' modification time is the build time (or SOURCE_DATE_EPOCH for a reproducible
    build): Anki updates an existing note on import only when the incoming one is newer.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    timestamp = float(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    build_package(deck).write_to_file(str(path), timestamp=timestamp)
