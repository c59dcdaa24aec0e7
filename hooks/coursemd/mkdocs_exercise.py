"""MkDocs hooks: write each page's exercise variants next to the page, one small JSON file each.

Thin glue. coursemd.exercise renders the variants and queues them; this writes them. The
widget fetches `<exercise id>/<seed>.json` relative to the page, so the files go into the
folder of the page's HTML file, like the flashcards' `.apkg`. One file per variant, because a
student who asks for a new variant should download that variant only: a variant of lesson 2
is about 12 KB of HTML (KaTeX's markup), 1.4 KB compressed.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from coursemd.exercise import VariantFiles, take_variant_files
from coursemd.messages import author_message

__all__ = ["on_config", "on_page_content"]

log = get_plugin_logger("exercise_variants")

# folder in the site -> the exercise whose variants go there. Module state survives
# `mkdocs serve` rebuilds, so on_config clears it.
_exercises: dict[str, VariantFiles] = {}


# --- Hooks -----------------------------------------------------------------------------------


# runs first, once per build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget the previous build's exercises, including a half-converted page's."""
    _exercises.clear()
    take_variant_files()
    return config


# runs for each page, right after its Markdown is converted
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Write the variants the page's conversion queued; refuse two exercises sharing a folder."""
    folder = PurePosixPath(page.file.dest_uri).parent
    for exercise in take_variant_files():
        target = (folder / exercise.id).as_posix()
        other = _exercises.get(target)
        if other is not None and other.source != exercise.source:  # the same page re-rendered is fine
            raise PluginError(
                author_message(
                    "exercise",
                    exercise.source,
                    exercise.line,
                    f"the exercise id '{exercise.id}' is also used in '{other.source}', a page in the same folder",
                    "Give each exercise of a folder its own id: its variants are stored under it",
                )
            )
        _exercises[target] = exercise
        write_variants(exercise, Path(config.site_dir) / target)
    return html


# --- Helpers ---------------------------------------------------------------------------------


def write_variants(exercise: VariantFiles, folder: Path) -> None:
    """Write each variant as `<folder>/<seed>.json`: {"seed": 7, "html": "<div ...>"}."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed, content in exercise.html.items():
        data = json.dumps({"seed": seed, "html": content}, ensure_ascii=False, separators=(",", ":"))
        (folder / f"{seed}.json").write_text(data, "utf-8")
    log.debug(f"wrote {len(exercise.html)} variants to {folder}")
