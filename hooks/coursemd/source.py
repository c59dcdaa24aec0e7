"""Which Markdown file is being converted, so extensions can name it in author messages.

Python-Markdown knows nothing of files. A host that does (the MkDocs hook, per page) calls
`set_document`; without a host, messages fall back to "Markdown, line N".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """The file being converted and how many of its lines (front matter) the host stripped."""

    path: str = ""
    line_offset: int = 0
    #: the file's absolute path, when it is a file (extensions find files beside it, e.g. numbers.py)
    abs_path: str = ""


_current = Document()


def set_document(path: str, line_offset: int = 0, abs_path: str = "") -> None:
    """Declare the file the next conversion reads (called by the host before converting)."""
    global _current
    _current = Document(path, line_offset, abs_path)


def current_document() -> Document:
    """The file being converted, or an empty Document outside a host."""
    return _current


@dataclass
class Generated:
    """Markdown a block generates (an exercise's variants) being converted: the block's line in
    the file, and whether a message was given about it (so its HTML must not be reused)."""

    line: int | None
    warned: bool = False


_generated: Generated | None = None


@contextmanager
def generated_at(line: int | None) -> Iterator[Generated]:
    """Markdown converted meanwhile is not the file's own text but a block's (an exercise's
    generator writes it), so a message about it names that block's `line` of the file."""
    global _generated
    outer, _generated = _generated, Generated(line)
    try:
        yield _generated
    finally:
        _generated = outer


def generated_line() -> int | None:
    """The file's line of the block whose generated text is being converted, else None."""
    return _generated.line if _generated is not None else None


def warned_about_generated() -> None:
    """Note that a message (perhaps not shown again) was about the generated text being converted."""
    if _generated is not None:
        _generated.warned = True
