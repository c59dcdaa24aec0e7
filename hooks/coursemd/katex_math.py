"""Build-time KaTeX math with markdown-katex's syntax and a fast, self-hosted renderer.

Syntax (markdown-katex's, unchanged):

    Inline math: $`p(x) = \\prod_t p(x_t \\mid x_{<t})`$

    ```math
    \\log p(x) = \\sum_t \\log p(x_t \\mid x_{<t})
    ```

What this extension changes: formulas go to one long-lived KaTeX process with a disk
cache (see katex_renderer), markdown-katex's CDN stylesheet link is never inserted (the
site serves KaTeX's CSS and fonts itself), and bad TeX raises MathError naming the line.

Options:
    cache_dir: folder for rendered formulas ('' disables the disk cache).
    macros:    TeX macros shared by every formula, e.g. {"\\\\E": "\\\\mathbb{E}"}.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown_katex.extension import (
    KatexPostprocessor,
    KatexPreprocessor,
    _clean_block_text,
    _clean_inline_text,
    make_marker_id,
)

from coursemd.messages import author_message
from coursemd.source import current_document
from coursemd.katex_renderer import KatexRenderer, TexError, shared_renderer

# Under MkDocs, "mkdocs.*" loggers count towards --strict.
log = logging.getLogger("mkdocs.plugins.coursemd.katex_math")

try:  # A BuildError makes MkDocs stop with our message and no stack trace.
    from mkdocs.exceptions import PluginError as _ErrorBase
except ImportError:  # pragma: no cover - outside MkDocs any exception will do
    _ErrorBase = Exception  # type: ignore[assignment,misc]


class MathError(_ErrorBase):  # type: ignore[misc,valid-type]
    """A formula KaTeX cannot render, with the Markdown line it starts on."""

    def __init__(self, source: str, line: int, tex: str, reason: str) -> None:
        reason = reason.replace("\u0332", "")  # KaTeX underlines the error position with a combining mark
        super().__init__(
            author_message(
                "katex",
                source,
                line,
                f"cannot render the math `{tex}`: {reason}",
                "Fix the TeX; KaTeX's supported commands are listed at katex.org/docs/supported",
            )
        )
        self.source, self.line, self.tex, self.reason = source, line, tex, reason


# --- Helpers ------------------------------------------------------------------------------


def _strip_block_header(text: str) -> str:
    header, _, rest = text.partition("\n")
    # markdown-katex lets a block start with a JSON options header; the TeX follows it.
    return rest if header.strip().startswith("{") and header.strip().endswith("}") else text


# --- Extension -------------------------------------------------------------------------------


class KatexMathExtension(Extension):
    """Registers the math preprocessor and postprocessor (markdown-katex syntax)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "cache_dir": [".cache/katex", "Folder for rendered formulas; '' disables the disk cache."],
            "macros": [{}, "TeX macros shared by every formula."],
        }
        super().__init__(**kwargs)
        # Read by markdown-katex's postprocessor: False means never link the CDN stylesheet.
        self.options: dict[str, Any] = {"insert_fonts_css": False}
        self.math_html: dict[str, str] = {}
        try:
            self.renderer().prestart()
        except Exception:  # noqa: BLE001 - a missing Node is reported, with its fix, on first use
            pass
        # marker -> (TeX, display), for blocks that need the source of math in their
        # content (e.g. flashcards exported to Anki with \( \) delimiters).
        self.math_source: dict[str, tuple[str, bool]] = {}

    def source(self) -> str:
        """The file being converted, as declared by the host (coursemd.source)."""
        return current_document().path

    def line_offset(self) -> int:
        """Lines the host stripped (front matter) before the Markdown we see."""
        return current_document().line_offset

    def warn(self, line: int, tex: str, warning: str) -> None:
        """Log KaTeX's non-fatal complaint; MkDocs' --strict turns it into a failure."""
        log.warning(
            author_message(
                "katex",
                self.source(),
                line,
                f"the math `{tex}` is not standard LaTeX ({warning})",
                "Rewrite it in standard LaTeX, e.g. put non-ASCII text inside \\text{}",
            )
        )

    def renderer(self) -> KatexRenderer:
        """Return the shared renderer for this extension's settings."""
        cache_dir = self.getConfig("cache_dir")
        return shared_renderer(cache_dir=Path(cache_dir) if cache_dir else None)

    def reset(self) -> None:
        """Forget the previous document's formulas."""
        self.math_html.clear()
        self.math_source.clear()

    def extendMarkdown(self, md: Markdown) -> None:
        """Register `katex_fenced_code_block` (preprocessor, 50) and its postprocessor (0).

        Priority 50 runs before Python-Markdown's own preprocessors, on the author's
        lines as written, so the line numbers in error messages are the file's.
        """
        md.preprocessors.register(_MathPreprocessor(md, self), "katex_fenced_code_block", 50)
        md.postprocessors.register(KatexPostprocessor(md, self), "katex_fenced_code_block", 0)
        md.registerExtension(self)


class _MathPreprocessor(KatexPreprocessor):  # type: ignore[misc]
    """markdown-katex's line scanner, rendering through the shared KaTeX process."""

    ext: KatexMathExtension

    def run(self, lines: list[str]) -> list[str]:
        self._consumed = 0

        def counted() -> Iterator[str]:
            # markdown-katex's scanner pulls lines one by one, so the count is the
            # line it is on when it asks us to render (for a block: its closing fence).
            for self._consumed, line in enumerate(lines, start=1):
                yield line

        return list(self._iter_out_lines(counted()))

    def _render(self, tex: str, display: bool, line: int) -> str:
        macros = self.ext.getConfig("macros") or {}
        try:
            rendered = self.ext.renderer().render(tex, display=display, macros=macros)
        except TexError as error:
            raise MathError(self.ext.source(), line + self.ext.line_offset(), tex, error.message) from None
        for warning in rendered.warnings:
            self.ext.warn(line + self.ext.line_offset(), tex, warning)
        return rendered.html

    def _make_tag_for_block(self, block_lines: list[str]) -> str:
        indent_len = len(block_lines[0]) - len(block_lines[0].lstrip())
        block_text = "\n".join(line[indent_len:] for line in block_lines).rstrip()
        tex = _strip_block_header(_clean_block_text(block_text)).strip()
        marker_tag = f"tmp_block_md_katex_{make_marker_id('block' + block_text)}"
        html = self._render(tex, True, line=self._consumed - len(block_lines) + 1)
        self.ext.math_html[marker_tag] = f"<p>{html}</p>"
        self.ext.math_source[marker_tag] = (tex, True)
        return block_lines[0][:indent_len] + marker_tag

    def _make_tag_for_inline(self, inline_text: str) -> str:
        marker_tag = f"tmp_inline_md_katex_{make_marker_id('inline' + inline_text)}"
        tex = _clean_inline_text(inline_text)
        self.ext.math_html[marker_tag] = self._render(tex, False, line=self._consumed)
        self.ext.math_source[marker_tag] = (tex, False)
        return marker_tag


def makeExtension(**kwargs: Any) -> KatexMathExtension:  # noqa: N802 - Python-Markdown's entry point name
    """Return the extension; lets mkdocs.yml name it as `coursemd.katex_math`."""
    return KatexMathExtension(**kwargs)
