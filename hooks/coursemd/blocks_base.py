"""What every self-check block shares: its Markdown line and one shape for author errors.

pymdownx's Blocks API gives a block no line number and, on an unknown or invalid option,
silently leaves the `/// quiz` text in the page. `CourseBlock` fixes both:

- `BlockLineRecorder` (a preprocessor) notes the line of every `/// <name>` header outside
  code fences; each block claims the next line for its name when it is created, so
  `self.line` is the header's line in the author's file.
- `_validate` checks options against `OPTIONS` first and raises `BlockError` naming the
  file, the line, the option and the accepted keys, instead of failing silently.

Subclasses call `self.fail(problem, fix)` for their own checks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import defaultdict, deque
from collections.abc import Iterator
from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from pymdownx.blocks.block import Block

from coursemd.messages import author_message
from coursemd.source import current_document

try:
    from mkdocs.exceptions import PluginError as _ErrorBase
except ImportError:  # pragma: no cover
    _ErrorBase = Exception  # type: ignore[assignment,misc]

HEADER = re.compile(r"^[ ]{0,3}/{3,}\s*(?P<name>[\w-]+)")
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")


class BlockError(_ErrorBase):  # type: ignore[misc,valid-type]
    """An authoring mistake in a block; the message is one line with file and line."""


def lines_outside_fences(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Yield (1-based line number, line) for every line not inside a fenced code block."""
    fence: str | None = None
    for number, line in enumerate(lines, start=1):
        match = FENCE.match(line)
        if fence is not None:
            if match and match.group("fence").startswith(fence):
                fence = None
            continue
        if match:
            fence = match.group("fence")
            continue
        yield number, line


class BlockLineRecorder(Preprocessor):
    """Record the line of each `/// name` header (outside fences) for CourseBlock to claim."""

    def run(self, lines: list[str]) -> list[str]:
        found: dict[str, deque[int]] = defaultdict(deque)
        for number, line in lines_outside_fences(lines):
            header = HEADER.match(line)
            if header:
                found[header.group("name")].append(number)
        self.md.coursemd_block_lines = found  # type: ignore[attr-defined]
        return lines


def register_line_recorder(md: Markdown) -> None:
    """Add the recorder once per Markdown instance; it runs first, on the author's lines."""
    if "coursemd_block_lines" not in md.preprocessors:
        md.preprocessors.register(BlockLineRecorder(md), "coursemd_block_lines", 200)


class CourseBlock(Block):
    """Base class of the self-check blocks (see the module docstring)."""

    line: int | None = None

    def on_init(self) -> None:
        """Claim this block's header line."""
        lines = getattr(self.md, "coursemd_block_lines", {}).get(self.NAME)
        self.line = lines.popleft() if lines else None

    def where(self) -> tuple[str, int | None]:
        """The file and line of this block's header, as the author sees them."""
        doc = current_document()
        return doc.path, (self.line + doc.line_offset) if self.line else None

    def fail(self, problem: str, fix: str) -> None:
        """Stop the build with one line: file, line, block, what is wrong, what to do."""
        path, line = self.where()
        raise BlockError(author_message(self.NAME, path, line, problem, fix))

    def _validate(self, parent: etree.Element, arg: Any, **options: Any) -> bool:
        known = [key for key in self.option_spec if key != "attrs"]
        for key, value in options.items():
            if key not in self.option_spec:
                self.fail(f"unknown option '{key}'", f"Use one of: {', '.join(known) or '(none)'}")
            parser = self.option_spec[key][1]
            if parser is not None:
                try:
                    parser(value)
                except Exception as error:  # pymdownx's type_* raise ValueError/TypeError
                    self.fail(f"option '{key}' has the invalid value {value!r} ({error})", "Fix the value")
        if self.arg_spec is not None and bool(arg) != bool(self.arg_spec):
            self.fail(
                "needs a title after the name" if self.arg_spec else "takes no title after the name",
                f"Write '/// {self.NAME} | Title'" if self.arg_spec else f"Write '/// {self.NAME}' alone",
            )
        return bool(super()._validate(parent, arg, **options))
