"""Find inline and `$$`/`\\[` math: $..$, $$..$$, \\(..\\), \\[..\\] and markdown-katex's $`..`$.

The rules are Pandoc's `tex_math_dollars` and pymdownx.arithmatex's, so that prices stay prices:

- `$x$` is inline math when the opening `$` is followed by a non-space character and the
  closing `$` is preceded by one and not followed by a digit: `$5 and $10`, `costs $5.`,
  `$ x$`, `$x $` and `$x$5` are text. `\\$` is a literal dollar sign; `$$` never opens `$..$`.
- `$$..$$` and `\\[..\\]` are display math, on one line or several, but with no blank line
  inside (as in Pandoc); an opener with no closer is a mistake (`Unclosed`), not text.
- `\\(..\\)` is inline math; with no closer it stays text (Markdown's escaped parenthesis).
- markdown-katex's $`..`$ (or $``..``$) is inline math on one line, as markdown-katex reads it.
- Nothing inside fenced code (``` or ~~~, any length, indented or quoted, and ```math, which
  katex_math renders afterwards) or inline code spans is touched.

Code spans are found first, as Python-Markdown (and so arithmatex) finds them before any
other inline syntax: a `$` inside one is never a delimiter, and inline math never holds
one. (markdown-katex's own scanner paired backticks by itself, so the two code spans
"`a$` or `$b`" became the formula " or ".)

`rewrite` replaces each formula by the text its caller returns (katex_math's markers) and
says which source line each output line came from, so errors keep the author's line numbers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

# markdown-katex's FENCE_RE widened to blockquotes. A fence closes, as in markdown-katex and
# superfences, on its own opening run with the same prefix, alone on a line.
FENCE_OPEN = re.compile(r"^(?P<prefix>[ \t]*(?:>[ \t]?)*[ \t]*)(?P<fence>`{3,}|~{3,})")
# What may stand before a formula on its line for it to be "on its own line": indentation
# (list items, admonitions) and blockquote markers.
PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
BLANK = re.compile(r"^[\s>]*$")
# Lines that start a new block, so inline math never runs on into them.
BLOCK_START = re.compile(r"^[ \t>]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?:[ \t]|$)|!!!|\?\?\?|/{3,}|\|)")
# Lines after which (PARAGRAPH_BEFORE) or before which (PARAGRAPH_AFTER) Python-Markdown starts
# a new paragraph even without a blank line: admonition and details titles, `///` block
# lines, headings. (A fence is not one: superfences keeps the next line in its paragraph.)
PARAGRAPH_BEFORE = re.compile(r"^[ \t>]*(?:!!!|\?\?\?|/{3,}|#{1,6}(?:[ \t]|$))")
PARAGRAPH_AFTER = re.compile(r"^[ \t>]*(?:/{3,}|#{1,6}(?:[ \t]|$))")


@dataclass(frozen=True)
class Formula:
    """One formula: where it is in its text region, the line it starts on, its TeX and kind."""

    start: int  # offset of the opening delimiter in the region's text
    end: int  # offset just after the closing delimiter
    line: int  # 0-based index, in the document's lines, of the line the formula starts on
    source: str  # the formula as written, delimiters included
    tex: str
    display: bool
    # Display math whose delimiters stand alone on their lines, in a paragraph of its own:
    # rendered as a block, exactly as a ```math fence is.
    block: bool


#: The characters that can open a formula or a code span, or escape one.
MARKS = re.compile(r"[\\$`]")

class Unclosed(Exception):
    """Display math opened and not closed before a blank line, a fence or the end of the file."""

    def __init__(self, line: int, opener: str, closer: str, stop_line: int | None, stop: str) -> None:
        super().__init__(f"{opener} on line {line + 1} is not closed")
        self.line, self.opener, self.closer = line, opener, closer
        self.stop_line, self.stop = stop_line, stop  # 0-based line (None: end of file) and what it is


class UnclosedFence(Unclosed):
    """A fenced block (``` or ~~~, ```math too) never closed: superfences then shows its opening
    line as text, and everything after it would be skipped here as code, its math unrendered."""


def rewrite(lines: list[str], replace: Callable[[Formula], str]) -> tuple[list[str], list[int]]:
    """Replace every formula in `lines` by `replace(formula)`; return the lines and their origins.

    `origins[i]` is the 1-based input line output line `i` comes from. A formula on one line,
    or a block, keeps the line count; a formula spanning lines inside a paragraph becomes one
    marker on its first line (a filler line would end the paragraph or add text).
    """
    out: list[str] = []
    origins: list[int] = []
    for first, region, fenced in _regions(lines):
        if fenced:
            out.extend(region)
            origins.extend(range(first + 1, first + len(region) + 1))
            continue
        scanner = _Region(lines, first, len(region))
        new_text, new_origins = scanner.apply(replace)
        out.extend(new_text.split("\n"))
        origins.extend(new_origins)
    assert len(out) == len(origins)
    return out, origins


# --- Helpers ------------------------------------------------------------------------------


def _regions(lines: list[str]) -> list[tuple[int, list[str], bool]]:
    """Split the lines into runs outside fenced code and inside it: (first index, lines, fenced).

    Raises UnclosedFence for a fence that no line closes. A line that starts with backticks
    and has more of them after (```x```) is a code span, not a fence, as in CommonMark.
    """
    regions: list[tuple[int, list[str], bool]] = []
    start, closing, fenced = 0, "", False
    for index, line in enumerate(lines):
        if fenced:
            if line.rstrip() == closing:
                regions.append((start, lines[start : index + 1], True))
                start, fenced = index + 1, False
            continue
        match = FENCE_OPEN.match(line)
        if match and not (match.group("fence")[0] == "`" and "`" in line[match.end() :]):
            if index > start:
                regions.append((start, lines[start:index], False))
            start, closing, fenced = index, match.group("prefix") + match.group("fence"), True
    if fenced:
        opener = lines[start].strip()
        raise UnclosedFence(start, opener, closing.strip(), None, "the end of the file")
    if start < len(lines):
        regions.append((start, lines[start:], fenced))
    return regions


class _Region:
    """The text between two fences, scanned for code spans and then for formulas."""

    def __init__(self, lines: list[str], first: int, count: int) -> None:
        self.doc, self.first, self.count = lines, first, count
        region = lines[first : first + count]
        self.text = "\n".join(region)
        self.starts = [0]
        for line in region[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.skip: dict[int, int] = {}  # start -> end of each code span and $`..`$
        self._limits: dict[tuple[int, re.Pattern[str] | None], int] = {}

    # Positions

    def line_of(self, offset: int) -> int:
        """The 0-based region line holding `offset`."""
        return bisect.bisect_right(self.starts, offset) - 1

    def line_end(self, index: int) -> int:
        """The offset of the newline ending region line `index` (or of the end of the text)."""
        return self.starts[index + 1] - 1 if index + 1 < self.count else len(self.text)

    def doc_line(self, index: int) -> str | None:
        """Document line `self.first + index`, or None outside the document."""
        number = self.first + index
        return self.doc[number] if 0 <= number < len(self.doc) else None

    def limit(self, offset: int, stop: re.Pattern[str] | None) -> int:
        """Where a construct starting at `offset` must end: before a blank line (or a `stop` line)."""
        # Kept per line: every formula of a paragraph would otherwise read the rest of it again.
        start_line = self.line_of(offset)
        found = self._limits.get((start_line, stop))
        if found is None:
            found = len(self.text)
            for index in range(start_line + 1, self.count):
                line = self.doc[self.first + index]
                if BLANK.match(line) or (stop is not None and stop.match(line)):
                    found = self.starts[index] - 1
                    break
            self._limits[(start_line, stop)] = found
        return found

    # Scanning

    def formulas(self) -> list[Formula]:
        """Every formula in the region, in order."""
        found = self.backtick_constructs()
        text, i = self.text, 0
        while (next_mark := MARKS.search(text, i)) is not None:
            i = next_mark.start()  # other characters open nothing: jump over them
            formula = None
            if i in self.skip:
                i = self.skip[i]
                continue
            if text[i] == "\\":
                if text.startswith("\\(", i) or text.startswith("\\[", i):
                    formula = self.bracket(i, display=text[i + 1] == "[")
                if formula is None:
                    i += 2  # an escaped character: `\$` is a dollar sign, `\\` a backslash
                    continue
            elif text[i] == "$":
                formula = self.display_dollars(i) if text.startswith("$$", i) else self.inline_dollar(i)
            if formula is None:
                i += 1
                continue
            found.append(formula)
            i = formula.end
        return sorted(found, key=lambda formula: formula.start)

    def backtick_constructs(self) -> list[Formula]:
        """markdown-katex's $`..`$ formulas; they and code spans go into `self.skip`.

        Python-Markdown reads code spans before any other inline syntax (arithmatex relies on
        it), so a `$` inside one is never a delimiter, wherever a formula would start.
        """
        found: list[Formula] = []
        text, i = self.text, 0
        while (next_mark := MARKS.search(text, i)) is not None:
            i = next_mark.start()  # other characters open nothing: jump over them
            if text[i] == "\\":
                i += 2  # an escaped backtick opens no code span, an escaped `$` no formula
            elif text.startswith("$`", i) and (formula := self.markdown_katex(i)):
                found.append(formula)
                self.skip[i] = formula.end
                i = formula.end
            elif text[i] == "`":
                end, closed = self.code_span(i)
                if closed:
                    self.skip[i] = end
                i = end
            else:
                i += 1
        return found

    def code_span(self, i: int) -> tuple[int, bool]:
        """(the offset after the code span opened at `i`, True), or (after its backticks, False)."""
        text, end = self.text, i
        while end < len(text) and text[end] == "`":
            end += 1
        run, limit, j = end - i, self.limit(i, None), end
        while True:
            k = text.find("`" * run, j, limit)
            if k < 0:
                return i + run, False  # no closing run: the backticks are text
            m = k
            while m < limit and text[m] == "`":
                m += 1
            if m - k == run:
                return m, True
            j = m

    def markdown_katex(self, i: int) -> Formula | None:
        """markdown-katex's $`..`$ or $``..``$ at `i`, closed on the same line as it reads it."""
        text = self.text
        ticks = "``" if text.startswith("$``", i) else "`"
        if text.startswith("```", i + 1):
            return None  # markdown-katex never reads three backticks as its math
        close = text.find(ticks + "$", i + 1 + len(ticks), self.line_end(self.line_of(i)) + 1)
        if close < 0:
            # An opened $` never closed on its line would show its TeX, and the rest of the line
            # would be read as code: a mistake, not text.
            line = self.first + self.line_of(i)
            raise Unclosed(line, "$" + ticks, ticks + "$", None, "the end of its line")
        return self.formula(i, close + len(ticks) + 1, "$" + ticks, ticks + "$", display=False, strip=False)

    def inline_dollar(self, i: int) -> Formula | None:
        """`$..$` at `i` by Pandoc's rule, or None when the `$` is just a dollar sign."""
        text = self.text
        if i + 1 >= len(text) or text[i + 1].isspace():
            return None
        limit, j = self.limit(i, BLOCK_START), i + 1
        # Only a backslash, a `$` or a backtick (where code spans start) matters: jump to each.
        while (next_mark := MARKS.search(text, j, limit)) is not None:
            j = next_mark.start()
            if j in self.skip:
                return None  # inline math holds no code span (arithmatex's rule): `$5 or `$x$``
            if text[j] == "\\":
                j += 2
                continue
            if text[j] == "$":
                if text[j - 1].isspace() or text[j + 1 : j + 2].isdigit():
                    return None  # `$5 and $10`, `$x $`, `$x$5`: the first `$` after the opener decides
                return self.formula(i, j + 1, "$", "$", display=False)
            j += 1
        return None

    def display_dollars(self, i: int) -> Formula:
        """`$$..$$` at `i`; raises Unclosed when no `$$` follows before a blank line."""
        text = self.text
        limit, j = self.limit(i, None), i + 2
        while (next_mark := MARKS.search(text, j, limit)) is not None:  # as in inline_dollar
            j = next_mark.start()
            if j in self.skip:
                j = self.skip[j]  # a closing `$$` inside code is no closer
                continue
            if text[j] == "\\":
                j += 2
                continue
            if text.startswith("$$", j):
                return self.formula(i, j + 2, "$$", "$$", display=True)
            j += 1
        raise self.unclosed(i, limit, "$$", "$$")

    def bracket(self, i: int, display: bool) -> Formula | None:
        """`\\(..\\)` or `\\[..\\]` at `i`; an unclosed `\\[` raises Unclosed, an unclosed `\\(` is text."""
        text, closer = self.text, "\\]" if display else "\\)"
        limit, j = self.limit(i, None if display else BLOCK_START), i + 2
        while j < limit:
            if j in self.skip:
                if not display:
                    return None
                j = self.skip[j]
                continue
            if text[j] == "\\":
                if text.startswith(closer, j):
                    return self.formula(i, j + 2, text[i : i + 2], closer, display=display)
                j += 2
                continue
            j += 1
        if display:
            raise self.unclosed(i, limit, "\\[", "\\]")
        return None

    def formula(self, start: int, end: int, opener: str, closer: str, display: bool, strip: bool = True) -> Formula:
        """The formula between `start` and `end`, its TeX freed of the container's line prefixes."""
        first, last = self.line_of(start), self.line_of(end - 1)
        before = self.text[self.starts[first] : start]
        prefix = PREFIX.match(self.text, self.starts[first])
        quotes = prefix.group().count(">") if prefix else 0
        body = self.text[start + len(opener) : end - len(closer)].split("\n")
        # Continuation lines carry the list's, admonition's or blockquote's indentation and `>`.
        body[1:] = [_strip_prefix(line, quotes) for line in body[1:]]
        after = self.text[end : self.line_end(last)]
        block = (
            display
            and PREFIX.fullmatch(before) is not None
            and not after.strip()
            and self.paragraph_starts_at(first)
            and self.paragraph_ends_at(last)
        )
        return Formula(
            start=start,
            end=end,
            line=self.first + first,
            source=self.text[start:end],
            tex="\n".join(body).strip() if strip else "\n".join(body),
            display=display,
            block=block,
        )

    def paragraph_starts_at(self, index: int) -> bool:
        """Whether Python-Markdown starts a paragraph at region line `index`."""
        previous = self.doc_line(index - 1)
        return previous is None or BLANK.match(previous) is not None or PARAGRAPH_BEFORE.match(previous) is not None

    def paragraph_ends_at(self, index: int) -> bool:
        """Whether Python-Markdown ends a paragraph after region line `index`."""
        following = self.doc_line(index + 1)
        return following is None or BLANK.match(following) is not None or PARAGRAPH_AFTER.match(following) is not None

    def unclosed(self, start: int, limit: int, opener: str, closer: str) -> Unclosed:
        """The error for `opener` at `start` whose search for `closer` stopped at `limit`."""
        line = self.first + self.line_of(start)
        if limit < len(self.text):
            return Unclosed(line, opener, closer, self.first + self.line_of(limit + 1), "the blank line")
        after = self.first + self.count
        if after < len(self.doc):
            return Unclosed(line, opener, closer, after, "the fenced code block")
        return Unclosed(line, opener, closer, None, "the end of the file")

    # Rewriting

    def apply(self, replace: Callable[[Formula], str]) -> tuple[str, list[int]]:
        """The region's text with each formula replaced, and each output line's 1-based origin."""
        text, pos = self.text, 0
        pieces: list[str] = []
        origins = [self.first + 1]

        def copy(until: int) -> None:
            segment = text[pos:until]
            pieces.append(segment)
            newline = segment.find("\n")
            while newline >= 0:
                origins.append(self.first + self.line_of(pos + newline + 1) + 1)
                newline = segment.find("\n", newline + 1)

        for formula in self.formulas():
            copy(formula.start)
            pieces.append(replace(formula))
            if formula.block:
                # The marker keeps the first line; the others become blank lines of the same
                # container (a bare `>` inside a blockquote), so the line count is unchanged.
                first, last = self.line_of(formula.start), self.line_of(formula.end - 1)
                before = text[self.starts[first] : formula.start]
                blank = before.rstrip() if ">" in before else ""
                for index in range(first + 1, last + 1):
                    pieces.append("\n" + blank)
                    origins.append(self.first + index + 1)
                pos = self.line_end(last)
            else:
                pos = formula.end
        copy(len(text))
        return "".join(pieces), origins


def _strip_prefix(line: str, quotes: int) -> str:
    """`line` without its leading indentation and up to `quotes` blockquote markers."""
    line = line.lstrip(" \t")
    for _ in range(quotes):
        if not line.startswith(">"):
            break
        line = line[1:].lstrip(" \t")
    return line
