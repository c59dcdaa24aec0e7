"""MkDocs hooks: write each page's flashcards decks as Anki packages next to the page.

Thin glue. coursemd.flashcards converts the decks and queues them; coursemd.anki writes them.
The deck's download link is relative (`<deck-id>.apkg`), so the package goes into the
folder of the page's HTML file.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from coursemd.anki import write_package
from coursemd.flashcards import AnkiDeck, take_decks
from coursemd.messages import author_message

__all__ = ["on_config", "on_page_content", "on_post_build"]  # write_decks_of is for coursemd.preview

log = get_plugin_logger("anki_export")

# deck id -> (the deck, the package's path in the site). Module state survives `mkdocs
# serve` rebuilds, so on_config clears it.
_decks: dict[str, tuple[AnkiDeck, str]] = {}


# --- Hooks -----------------------------------------------------------------------------------


# runs first, once per build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget the decks of the previous build, including a half-converted page's."""
    _decks.clear()
    take_decks()
    return config


# runs for each page, right after its Markdown is converted
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Claim the decks the page's conversion queued; refuse a deck id used on two pages."""
    folder = PurePosixPath(page.file.dest_uri).parent
    for deck in take_decks():
        if deck.id in _decks and _decks[deck.id][0].source != deck.source:  # the same page again: a preview re-render
            other = _decks[deck.id][0]
            raise PluginError(
                author_message(
                    "flashcards",
                    deck.source,
                    deck.line,
                    f"the deck id '{deck.id}' is already used in '{other.source}'"
                    + (f" (line {other.line})" if other.line else ""),
                    "Give each deck a site-wide unique id: Anki identifies the deck and its cards by it",
                )
            )
        _decks[deck.id] = (deck, (folder / deck.filename).as_posix())
    return html


# runs once at the end of a build, after every page is written
def on_post_build(*, config: MkDocsConfig) -> None:
    """Write every deck as `<page folder>/<deck id>.apkg` in the site."""
    for deck, uri in _decks.values():
        write_package(deck, Path(config.site_dir) / uri)
        log.debug(f"wrote {uri} ({len(deck.cards)} cards)")


def write_decks_of(sources: set[str], site_dir: str) -> None:
    """Write again the decks of the pages whose source files are `sources` (a preview re-render)."""
    for deck, uri in list(_decks.values()):
        if deck.source in sources:
            write_package(deck, Path(site_dir) / uri)
