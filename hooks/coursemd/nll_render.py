"""What the calculator and nll-exercise blocks share: build-time math, source lines, ids.

- `tex(md, source)` renders TeX with the same KaTeX process and cache as `coursemd.katex_math`
  (the static, no-JavaScript view of both blocks is KaTeX rendered at build time).
- `SourceLines` keeps the author's lines, so a block can name the line of a bad row, not only
  the line of its header.
- `stash(md, html)` hands finished HTML to Python-Markdown untouched.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from html import escape
from pathlib import Path
from typing import Any

from markdown import Markdown, util
from markdown.preprocessors import Preprocessor

from coursemd.katex_renderer import KatexRenderer, shared_renderer


class SourceLines(Preprocessor):
    """Keep the Markdown's lines (as the author wrote them) on `md.coursemd_source_lines`."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.coursemd_source_lines = list(lines)  # type: ignore[attr-defined]
        return lines


def register_source_lines(md: Markdown) -> None:
    """Add the recorder once per Markdown instance (just after the block-header recorder)."""
    if "coursemd_source_lines" not in md.preprocessors:
        md.preprocessors.register(SourceLines(md), "coursemd_source_lines", 199)


def line_of(md: Markdown, after: int | None, text: str) -> int | None:
    """The 1-based line, after line `after`, whose stripped text is `text` (None if not found)."""
    lines: list[str] = getattr(md, "coursemd_source_lines", [])
    start = after or 0
    for number in range(start + 1, len(lines) + 1):
        if lines[number - 1].strip() == text.strip():
            return number
    return None


def renderer(md: Markdown) -> KatexRenderer:
    """The KaTeX renderer of this Markdown's katex_math extension, or the default one."""
    for extension in md.registeredExtensions:
        if hasattr(extension, "renderer") and hasattr(extension, "math_html"):
            return extension.renderer()  # type: ignore[no-any-return]
    return shared_renderer(cache_dir=Path(".cache/katex"))


def tex(md: Markdown, source: str, *, display: bool = False) -> str:
    """KaTeX's HTML for `source` (our own TeX, so an error here is a bug, not an author's)."""
    return renderer(md).render(source, display=display).html


def stash(md: Markdown, html: str) -> str:
    """Store finished HTML; the returned placeholder is swapped back after serialization."""
    return md.htmlStash.store(html)


def placeholder_element(parent: etree.Element, md: Markdown, html: str, tag: str = "div", **attrs: str) -> None:
    """Append <tag attrs>html</tag> to `parent`, with `html` passed through untouched."""
    child = etree.SubElement(parent, tag, attrs)
    child.text = util.AtomicString(stash(md, html))


def next_id(tracker: dict[str, Any], name: str) -> tuple[str, int]:
    """A page-unique id for the next block of this kind: ('calculator-1', 1), ..."""
    tracker["count"] = tracker.get("count", 0) + 1
    return f"{name}-{tracker['count']}", tracker["count"]


def data_json(value: Any) -> str:
    """A compact JSON value for a data-* attribute (ElementTree escapes the quotes)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def number_tex(value: float) -> str:
    """A probability as TeX: 0.4 -> '0.4', 1e-05 -> '1 \\times 10^{-5}'."""
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        mantissa = mantissa.removesuffix(".0")
        return f"{mantissa} \\times 10^{{{int(exponent)}}}"
    return text.removesuffix(".0") if text.endswith(".0") else text


def factor_tex(i: int) -> str:
    """The i-th factor of the chain rule in the lesson's notation: p(x_1), p(x_2 \\mid x_{<2}), ..."""
    return "p(x_1)" if i == 1 else rf"p(x_{{{i}}} \mid x_{{<{i}}})"


def sci_tex(sci: dict[str, Any]) -> str:
    """A `scientific()` result as TeX: 0.12 when plain decimals read well, else 1.20 \\times 10^{-5}."""
    if sci.get("decimal"):
        return str(sci["decimal"])
    return f"{sci['mantissa']} \\times 10^{{{sci['exponent']}}}"


def h(text: str) -> str:
    """HTML-escape author text."""
    return escape(text, quote=True)
