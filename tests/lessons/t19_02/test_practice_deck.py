"""Lesson 2's flashcard deck in the built site: its Anki package, with stable note ids."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

from conftest import build_site


def read_package(path: Path) -> dict[str, object]:
    """The notes inside an .apkg (a zip holding an SQLite collection): (guid, model id, fields, tags)."""
    with zipfile.ZipFile(path) as package:
        data = package.read("collection.anki2")
    db = path.with_suffix(".anki2")
    db.write_bytes(data)
    with sqlite3.connect(db) as connection:
        notes = connection.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
    connection.close()
    return {"notes": notes}


def test_the_site_build_writes_the_practice_deck_and_rebuilds_it_with_the_same_guids(tmp_path: Path) -> None:
    guids = []
    for run in ("first", "second"):
        site = tmp_path / run
        build_site(site)
        page = site / "t19/02-autoregressive-models/practice/index.html"
        html = page.read_text("utf-8")
        assert 'href="t19-02-deck.apkg"' in html
        package = read_package(page.parent / "t19-02-deck.apkg")
        notes = package["notes"]
        assert len(notes) >= 12  # type: ignore[arg-type]
        assert html.count('class="flashcards__card"') == len(notes)  # type: ignore[arg-type]
        fronts = [n[2].split("\x1f")[0] for n in notes]  # type: ignore[union-attr]
        assert any(r"\(" in front for front in fronts)
        guids.append([n[0] for n in notes])  # type: ignore[union-attr]
    assert guids[0] == guids[1]
