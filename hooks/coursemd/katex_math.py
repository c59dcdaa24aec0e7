"""Build-time KaTeX math: the dollar syntax instructors type, markdown-katex's, one fast renderer.

Syntax, inline (in a sentence):

    The joint is $p(x) = \\prod_t p(x_t \\mid x_{<t})$, or \\(p(x)\\).
    markdown-katex's form works too: $`p(x)`$

Syntax, display (a paragraph of its own renders exactly as a ```math block; written inside
a sentence or a paragraph, it is display math within that paragraph):

    $$
    \\log p(x) = \\sum_t \\log p(x_t \\mid x_{<t})
    $$

    \\[ \\log p(x) = \\sum_t \\log p(x_t \\mid x_{<t}) \\]

    ```math
    \\log p(x) = \\sum_t \\log p(x_t \\mid x_{<t})
    ```

Dollars follow Pandoc's rule (see math_delimiters): `$5 and $10`, `costs $5.` stay text, and
`\\$` is a dollar sign. `$$` and `\\[` may be indented inside list items and admonitions, and
may not contain a blank line; one never closed stops the build (UnclosedMathError). Fenced
code and inline code are never touched.

What this extension changes: formulas go to one long-lived KaTeX process with a disk
cache (see katex_renderer), markdown-katex's CDN stylesheet link is never inserted (the
site serves KaTeX's CSS and fonts itself), bad TeX raises MathError naming the line, and
$`x`$ is found by math_delimiters (which skips code spans) instead of markdown-katex's scanner.

Options:
    cache_dir: folder for rendered formulas ('' disables the disk cache).
    macros:    TeX macros shared by every formula, e.g. {"\\\\E": "\\\\mathbb{E}"}.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from html import unescape
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown_katex.extension import (
    BLOCK_START_RE,
    FENCE_RE,
    KatexPreprocessor,
    _clean_block_text,
    make_marker_id,
)

from coursemd.katex_renderer import KatexRenderer, TexError, shared_renderer
from coursemd.math_delimiters import Formula, Unclosed, UnclosedFence, rewrite
from coursemd.messages import author_message
from coursemd.source import current_document, generated_line, warned_about_generated

# Under MkDocs, "mkdocs.*" loggers count towards --strict.
log = logging.getLogger("mkdocs.plugins.coursemd.katex_math")

try:  # A BuildError makes MkDocs stop with our message and no stack trace.
    from mkdocs.exceptions import PluginError as _ErrorBase
except ImportError:  # pragma: no cover - outside MkDocs any exception will do
    _ErrorBase = Exception  # type: ignore[assignment,misc]


#: Commands KaTeX renders only when trusted (links, HTML attributes, images): shown raw otherwise.
UNTRUSTED = re.compile(r"\\(?:href|url|includegraphics|htmlClass|htmlId|htmlStyle|htmlData)(?![A-Za-z])")


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


class UnclosedFenceError(MathError):
    """A fenced block (``` or ~~~) that no line closes."""

    def __init__(self, source: str, line: int, unclosed: Unclosed) -> None:
        _ErrorBase.__init__(
            self,
            author_message(
                "markdown",
                source,
                line,
                f"the fenced block opened with `{unclosed.opener}` is never closed, so it would show as text "
                "and the math after it would not be rendered",
                f"End it with a line `{unclosed.closer}`, indented like the opening one",
            ),
        )
        self.source, self.line, self.tex, self.reason = source, line, unclosed.opener, "unclosed"


class UnclosedMathError(MathError):
    """Display math opened with `$$` or `\\[` and not closed before a blank line, a fence or the end."""

    def __init__(self, source: str, line: int, unclosed: Unclosed, stop_line: int | None) -> None:
        where = f"{unclosed.stop} on line {stop_line}" if stop_line is not None else unclosed.stop
        literal = "`\\$` for a literal dollar sign" if unclosed.opener.startswith("$") else "`[` for a literal bracket"
        _ErrorBase.__init__(
            self,
            author_message(
                "katex",
                source,
                line,
                f"the {'inline' if '`' in unclosed.opener else 'display'} math opened with `{unclosed.opener}` "
                f"has no closing `{unclosed.closer}` before {where}",
                f"Close it with `{unclosed.closer}` on the same line" if "`" in unclosed.opener
                else f"Close it with `{unclosed.closer}` (display math cannot contain a blank line), or write {literal}",
            ),
        )
        self.source, self.line, self.tex, self.reason = source, line, unclosed.opener, "unclosed"


# --- Helpers ------------------------------------------------------------------------------


def _strip_block_header(text: str) -> str:
    header, _, rest = text.partition("\n")
    # markdown-katex lets a block start with a JSON options header; the TeX follows it.
    return rest if header.strip().startswith("{") and header.strip().endswith("}") else text


# --- Extension -------------------------------------------------------------------------------


class KatexMathExtension(Extension):
    """Registers the math preprocessor and postprocessor (dollar, bracket and markdown-katex syntax)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "cache_dir": [".cache/katex", "Folder for rendered formulas; '' disables the disk cache."],
            "macros": [{}, "TeX macros shared by every formula."],
        }
        super().__init__(**kwargs)
        # Read by markdown-katex's postprocessor: False means never link the CDN stylesheet.
        self.options: dict[str, Any] = {"insert_fonts_css": False}
        self.math_html: dict[str, str] = {}
        self._renderer: KatexRenderer | None = None
        try:
            self.renderer().prestart()
        except Exception:  # noqa: BLE001 - a missing Node is reported, with its fix, on first use
            pass
        # marker -> (TeX, display), for blocks that need the source of math in their
        # content (e.g. flashcards exported to Anki with \( \) delimiters).
        self.math_source: dict[str, tuple[str, bool]] = {}
        # text -> its scan by prefetch_markdown (lines with numbered slots, origins, formulas),
        # taken by the text's own pass.
        self.scanned: dict[str, tuple[list[str], list[int], list[Formula]]] = {}

    def source(self) -> str:
        """The file being converted, as declared by the host (coursemd.source)."""
        return current_document().path

    def line_offset(self) -> int:
        """Lines the host stripped (front matter) before the Markdown we see."""
        return current_document().line_offset

    def warn(self, line: int, tex: str, warning: str) -> None:
        """Log KaTeX's non-fatal complaint; MkDocs' --strict turns it into a failure.

        In text a block generates (an exercise's variants), `line` is that text's: name the block's.
        """
        warned_about_generated()
        log.warning(
            author_message(
                "katex",
                self.source(),
                generated_line() or line,
                f"the math `{tex}` is not standard LaTeX ({warning})",
                "Rewrite it in standard LaTeX, e.g. put non-ASCII text inside \\text{}",
            )
        )

    def renderer(self) -> KatexRenderer:
        """Return the shared renderer for this extension's settings (looked up once: a page
        asks for it for every formula)."""
        if self._renderer is None:
            cache_dir = self.getConfig("cache_dir")
            self._renderer = shared_renderer(cache_dir=Path(cache_dir) if cache_dir else None)
        return self._renderer

    def prefetch_formulas(self, formulas: Iterable[tuple[str, bool]]) -> None:
        """Render the `(tex, display)` not yet cached in one round trip to KaTeX. A formula
        with a command KaTeX does not trust is left out: its own pass names its line."""
        macros = self.getConfig("macros") or {}
        self.renderer().prefetch([(tex, display, macros) for tex, display in formulas if not UNTRUSTED.search(tex)])

    def prefetch_markdown(self, texts: list[str]) -> None:
        """The formulas of many short Markdown texts (an exercise's variants) in one round trip,
        ahead of the texts' own passes, which then find them in memory.

        Each text rendered alone is one request, one reply and one write to the disk cache:
        for an exercise's 50 variants, a hundred of each, which cost more than KaTeX's work.
        Nothing is reported here: a text that does not scan, or a formula KaTeX rejects, is
        left to the text's own pass, which names its line.
        """
        found: list[tuple[str, bool]] = []
        for text in texts:
            formulas: list[Formula] = []

            def collect(formula: Formula) -> str:
                formulas.append(formula)
                return f"{SCAN_SLOT_OPEN}{len(formulas) - 1}{SCAN_SLOT_CLOSE}"

            try:
                lines, origins = rewrite(text.split("\n"), collect)
            except Unclosed:
                continue
            found.extend((formula.tex, formula.display) for formula in formulas)
            # The scan is half the cost of a variant's math on our side: its own pass reuses it.
            if SCAN_SLOT_OPEN not in text:
                self.scanned[text] = (lines, origins, formulas)
        if found:
            self.prefetch_formulas(found)

    def reset(self) -> None:
        """Forget the previous document's formulas."""
        self.math_html.clear()
        self.math_source.clear()
        self.scanned.clear()

    def extendMarkdown(self, md: Markdown) -> None:
        """Register `katex_fenced_code_block` (preprocessor, 50) and its postprocessor (0).

        Priority 50 runs before Python-Markdown's own preprocessors, on the author's
        lines as written, so the line numbers in error messages are the file's. `$` joins
        Markdown's escapable characters, so `\\$` renders as a dollar sign (as arithmatex does).
        """
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")
        md.preprocessors.register(_MathPreprocessor(md, self), "katex_fenced_code_block", 50)
        md.postprocessors.register(_MathPostprocessor(md, self), "katex_fenced_code_block", 0)
        md.registerExtension(self)


class _MathPreprocessor(KatexPreprocessor):  # type: ignore[misc]
    """Inline and `$$`/`\\[` math (math_delimiters), then markdown-katex's ```math fences,
    both rendering through the shared KaTeX process."""

    ext: KatexMathExtension

    def run(self, lines: list[str]) -> list[str]:
        # (line, marker, tex, display, is a block): the formulas found, rendered at the end
        self._pending: list[tuple[int, str, str, bool, bool]] = []
        scanned = self.ext.scanned.pop("\n".join(lines), None) if self.ext.scanned else None
        try:
            if scanned is None:
                lines, origins = rewrite(lines, self._make_tag_for_formula)
            else:
                lines, origins = self._fill_slots(*scanned)
        except UnclosedFence as unclosed:
            raise UnclosedFenceError(self.ext.source(), unclosed.line + 1 + self.ext.line_offset(), unclosed) from None
        except Unclosed as unclosed:
            offset = self.ext.line_offset()
            stop = unclosed.stop_line + 1 + offset if unclosed.stop_line is not None else None
            raise UnclosedMathError(self.ext.source(), unclosed.line + 1 + offset, unclosed, stop) from None
        lines = list(self._math_fences(lines, origins))
        self._render_pending()
        self.ext.renderer().flush()
        return lines

    def _fill_slots(self, lines: list[str], origins: list[int], formulas: list[Formula]) -> tuple[list[str], list[int]]:
        """A prefetched scan's lines, each slot replaced by its formula's marker."""
        def fill(match: re.Match[str]) -> str:
            return self._make_tag_for_formula(formulas[int(match.group(1))])

        return [SCAN_SLOT.sub(fill, line) if SCAN_SLOT_OPEN in line else line for line in lines], origins

    def _render_pending(self) -> None:
        """Render the document's formulas, all new ones in one round trip to KaTeX; the
        first bad one (in the document's order) stops the build at its line."""
        pending, self._pending = sorted(self._pending, key=lambda item: item[0]), []
        self.ext.prefetch_formulas((tex, display) for _, _, tex, display, _ in pending)
        for line, marker_tag, tex, display, block in pending:
            html = self._render(tex, display, line=line)
            self.ext.math_html[marker_tag] = f"<p>{html}</p>" if block else html

    def _math_fences(self, lines: list[str], origins: list[int]) -> Iterator[str]:
        """markdown-katex's `_iter_out_lines` without its inline scan, which math_delimiters
        replaces: that one paired backticks across code spans (see math_delimiters)."""
        in_fence = in_math_fence = False
        closing_fence = "```"
        block_lines: list[str] = []
        # `_consumed` is the source line being read (origins maps back past any line the
        # rewrite joined); for a block, its closing fence when it asks us to render.
        for self._consumed, line in zip(origins, lines):
            if in_fence:
                yield line
                in_fence = line.rstrip() != closing_fence
            elif in_math_fence:
                block_lines.append(line)
                if line.rstrip() == closing_fence:
                    in_math_fence = False
                    yield self._make_tag_for_block(block_lines)
                    block_lines = []
            elif match := BLOCK_START_RE.match(line) or FENCE_RE.match(line):
                closing_fence = match.group(1) + match.group(2)
                if match.re is BLOCK_START_RE:
                    in_math_fence = True
                    block_lines.append(line)
                else:
                    in_fence = True
                    yield line
            else:
                yield line
        yield from block_lines  # a ```math fence never closed stays as the author wrote it

    def _make_tag_for_formula(self, formula: Formula) -> str:
        # Same markers as markdown-katex's, so its postprocessor (and the flashcards' Anki
        # export, through math_source) treat both syntaxes alike. A block is `<p>` + display
        # HTML like a ```math fence; display math inside a paragraph stays inline there.
        kind = "block" if formula.block else "inline"
        marker_tag = math_marker(kind, f"{kind}{formula.display}{formula.source}")
        self._pending.append((formula.line + 1, marker_tag, formula.tex, formula.display, formula.block))
        self.ext.math_source[marker_tag] = (formula.tex, formula.display)
        return marker_tag

    def _render(self, tex: str, display: bool, line: int) -> str:
        macros = self.ext.getConfig("macros") or {}
        unsafe = UNTRUSTED.search(tex)
        if unsafe:  # KaTeX shows these commands as raw red TeX unless trusted; links go outside math
            raise MathError(
                self.ext.source(),
                line + self.ext.line_offset(),
                tex,
                f"{unsafe.group(0)} is not rendered inside math on this site (KaTeX does not trust it)",
            )
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
        marker_tag = math_marker("block", "block" + block_text)
        self._pending.append((self._consumed - len(block_lines) + 1, marker_tag, tex, True, True))
        self.ext.math_source[marker_tag] = (tex, True)
        return block_lines[0][:indent_len] + marker_tag


def math_marker(kind: str, text: str) -> str:
    """The placeholder a formula's HTML replaces once the page is converted.

    Letters and digits only: markdown-katex's `tmp_inline_md_katex_<id>` has four underscores,
    and Python-Markdown's emphasis pattern tried every one of them (57,000 failed matches, half
    a second, in a 15-lesson build) before giving up.
    """
    return f"katexmath{kind}{make_marker_id(text)}"


# A formula's place in a text prefetch_markdown scanned. STX and ETX are Python-Markdown's own
# placeholder marks, which it strips from every source; a text that holds one anyway is scanned
# again by its own pass rather than reused.
SCAN_SLOT_OPEN, SCAN_SLOT_CLOSE = "\x02katexscan", "\x03"
SCAN_SLOT = re.compile(r"\x02katexscan([0-9]+)\x03")

#: A formula's marker (math_marker), in a paragraph of its own or not; `kind` is block or inline;
#: `mark` the punctuation right after it.
MATH_MARKER = re.compile(r"katexmath(?P<kind>block|inline)[0-9a-f]{32}")
# A marker, the </p> after it and the punctuation after that; put_math looks for the <p> before
# it itself: a pattern that began with an optional <p> had the regex engine try every position
# of the page (70 times slower on a lesson page than starting at the literal).
MARKER = re.compile(rf"(?P<marker>{MATH_MARKER.pattern})(?P<closed></p>)?(?P<mark>[.,;:!?)\]’”]+)?")

# Inline math in running text. Chromium may break a line between a formula and the full stop
# after it (a break after an inline-block is always allowed), and inside a formula after each
# operator, so 1.18 × 10⁻³⁸ can end a line at its ×. So a formula is kept together with the
# punctuation after it: a short one whole, in a span that does not wrap (course.css); a long
# one, which must still break between its pieces to fit a phone's column, with the mark shown
# inside its last piece. Decided here rather than by measuring in
# the browser: the page is laid out once, even without JavaScript, and a screen reader reads
# the punctuation where it is written.
SHORT_EM = 9  # a formula narrower than this never needs a break
GLYPH_EM = 0.55  # a glyph's width, on average, in KaTeX's fonts (sub- and superscripts are less)
KATEX_HTML = '<span class="katex-html"'
KATEX_PIECE = 'class="katex-base"'  # the inline-blocks a formula may break between
LAST_PIECE_END = "</span></span></span>"  # the last piece's, .katex-html's and .katex's ends
KATEX_SPACE = re.compile(r"margin-right:(-?[0-9.]+)em")
TEXT_RUN = re.compile(r">([^<]+)")
INVISIBLE = re.compile(r"[\s\u200b]+")


def estimated_width_em(html: str) -> float:
    """A rendered formula's width in em, from its glyphs and its spaces: 0 if it cannot break."""
    shown = html[html.find(KATEX_HTML) :]
    if shown.count(KATEX_PIECE) < 2:
        return 0.0
    text = "".join(TEXT_RUN.findall(shown))  # the text between the tags: twice as fast as removing them
    glyphs = INVISIBLE.sub("", unescape(text) if "&" in text else text)
    return len(glyphs) * GLYPH_EM + sum(float(space) for space in KATEX_SPACE.findall(shown))


def kept_together(html: str, mark: str) -> str:
    """Inline formula `html` and the punctuation `mark` after it, as they should break."""
    if "katex-display" in html[:80]:
        return html + mark  # display math inside a paragraph stands on its own line anyway
    width = estimated_width_em(html)
    if width <= SHORT_EM:
        return f'<span class="course-nowrap">{html}{mark}</span>' if mark or width else html
    if not mark or not html.endswith(LAST_PIECE_END):
        return html + mark
    # Chromium may break after an inline-block whatever the white-space around it, so the mark
    # is shown inside the last piece (drawn by CSS from data-mark: not read, not copied twice),
    # and stays in the text, for screen readers and copying, visually hidden.
    cut = len(html) - len(LAST_PIECE_END)
    shown = f'<span class="course-math-mark" data-mark="{mark}"></span>'
    return f'{html[:cut]}{shown}{html[cut:]}<span class="course-visually-hidden">{mark}</span>'


def put_math(text: str, math_html: dict[str, str]) -> str:
    """`text` with each formula's marker replaced by its HTML (kept_together with what follows)."""
    out: list[str] = []
    pos = 0
    for match in MARKER.finditer(text):
        html = math_html.get(match.group("marker"))
        if html is None:
            continue
        start = match.start()
        opened = "<p>" if start - 3 >= pos and text.startswith("<p>", start - 3) else ""
        closed, mark = match.group("closed") or "", match.group("mark") or ""
        out.append(text[pos : start - len(opened)])
        if match.group("kind") == "block" and opened and closed:
            out.append(html + mark)
        elif closed:
            out.append(opened + html + closed + mark)
        else:
            out.append(opened + kept_together(html, mark))
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


class _MathPostprocessor(Postprocessor):
    """Put each formula's HTML where its marker is, in one pass over the page.

    markdown-katex's postprocessor searches the whole page once per formula (a lesson page
    has hundreds), and warns about a marker it cannot find. A block's HTML is its own
    paragraph, so a marker alone in a <p> is replaced with the <p>.
    """

    ext: KatexMathExtension

    def __init__(self, md: Markdown, ext: KatexMathExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        if not self.ext.math_html:
            return text
        return put_math(text, self.ext.math_html)


def makeExtension(**kwargs: Any) -> KatexMathExtension:  # noqa: N802 - Python-Markdown's entry point name
    """Return the extension; lets mkdocs.yml name it as `coursemd.katex_math`."""
    return KatexMathExtension(**kwargs)


# --- Math as TeX, for a search index -------------------------------------------------------

KATEX_ROOT = '<span class="katex">'
TEX_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)


def math_as_tex(html: str) -> str:
    """`html` with every rendered formula replaced by its TeX source (HTML-escaped, as KaTeX
    wrote it in the formula's annotation).

    A rendered formula is some fifty tags per symbol; a search indexer that parses the page
    spends most of its time in them and indexes only the glyphs' letters. Its TeX is short
    and is what a student would type to find it. Linear in the page: each formula's spans
    are counted once to find where it ends.
    """
    if KATEX_ROOT not in html:
        return html
    out: list[str] = []
    pos = 0
    while (start := html.find(KATEX_ROOT, pos)) >= 0:
        tex = TEX_ANNOTATION.search(html, start)
        # Where its spans close: the opening tags before each closing one, counted by str.count
        # (twice as fast as visiting every tag with a regex).
        depth, at, end = 1, start + len("<span"), -1
        while (close := html.find("</span>", at)) >= 0:
            depth += html.count("<span", at, close) - 1
            at = close + len("</span>")
            if depth == 0:
                end = at
                break
        if tex is None or end < 0 or tex.start() > end:
            break  # not KaTeX's markup after all: leave the rest as it is
        out += [html[pos:start], tex.group(1)]
        pos = end
    out.append(html[pos:])
    return "".join(out)
