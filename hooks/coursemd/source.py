"""Which Markdown file is being converted, so extensions can name it in author messages.

Python-Markdown knows nothing of files. A host that does (the MkDocs hook, per page) calls
`set_document`; without a host, messages fall back to "Markdown, line N".
"""

from __future__ import annotations

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
