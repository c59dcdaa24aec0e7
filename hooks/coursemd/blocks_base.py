"""What every self-check block shares: its Markdown line and one shape for author errors.

pymdownx's Blocks API gives a block no line number and, on option lines it cannot read or an
unknown or invalid option, silently leaves the `/// quiz` text in the page. `CourseBlock`
fixes both:

- `BlockLineRecorder` (a preprocessor) notes the line of every `/// <name>` header outside
  code fences, and of each option line under it; each block claims the next header for its
  name when it is created, so `self.line` is the header's line in the author's file and
  `self.option_lines` the line of each option. It also stops option lines that pymdownx would
  read as content (not indented by four spaces, or after a blank line), and a block header
  inside another self-check.
- `OptionLinesCheck` (a block processor just before pymdownx's) raises `BlockError` when the
  option lines under a header of a CourseBlock are not what pymdownx can read (YAML that is
  invalid or not a mapping), naming the offending line and YAML's reason.
- `_validate` checks options against `OPTIONS` first and raises `BlockError` naming the
  file, the option's line, the option and the accepted keys or values, instead of failing
  silently.
- `PageIdCheck` (a treeprocessor after the table of contents) stops a block whose id another
  element of the page also has, say the heading `## Self-check` and `id: self-check`.
- `UnbuiltBlockCheck` (a treeprocessor) is the net under all of these: a header pymdownx
  started but did not turn into a block (say an `on_validate` returning False) stops the
  build at that header's line instead of showing as text.

Subclasses call `self.fail(problem, fix)` for their own checks, `self.fail_option(key, ...)`
for a mistake in one option.
"""

from __future__ import annotations

import difflib
import re
import textwrap
import xml.etree.ElementTree as etree
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksProcessor
from pymdownx.blocks.block import Block, type_boolean, type_html_identifier, type_string

from coursemd.messages import author_message, yaml_mistake
from coursemd.source import current_document

try:
    from mkdocs.exceptions import PluginError as _ErrorBase
except ImportError:  # pragma: no cover
    _ErrorBase = Exception  # type: ignore[assignment,misc]

HEADER = re.compile(r"^[ ]{0,3}(?P<slashes>/{3,})\s*(?P<name>[\w-]+)")
ANY_HEADER = re.compile(r"^(?P<indent>[ ]*)(?P<slashes>/{3,})\s*(?P<name>[\w-]+)")
COMMENT = re.compile(r"^[ ]{0,3}<!--")
#: Lines whose indented continuation Markdown reads as content, not as an indented code block.
CONTAINER = re.compile(r"^[ ]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|!!!|\?\?\?|/{3,}[ \t]*[\w-])")
END = re.compile(r"^[ ]{0,3}(?P<slashes>/{3,})\s*$")
ANY_END = re.compile(r"^(?P<indent>[ ]*)(?P<slashes>/{3,})\s*$")
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
OPTIONS_FIX = (
    "Write each option as 'key: value' indented by four spaces under the header, "
    "and quote a value that contains ': ', ' #', '[' or '{'"
)
YAML_KINDS = {str: "text", list: "a list", int: "a number", float: "a number", bool: "a yes/no value"}
#: An option line as pymdownx reads it: indented by four spaces (after tabs become four spaces).
OPTION_LINE = re.compile(r"^[ ]{4,}(?P<key>[A-Za-z_][\w-]*)\s*:")
#: A line that looks like an option but is indented less, so pymdownx reads it as content.
SHALLOW_OPTION = re.compile(r"^(?P<indent>[ ]{0,3})(?P<key>[A-Za-z_][\w-]*)\s*:")
#: What pymdownx's option parsers accept, in an author's words: (what it must be, an example).
OPTION_TYPES: dict[Any, tuple[str, str]] = {
    type_boolean: ("true or false", "true"),
    type_html_identifier: ("an id of letters, digits, '-' and '_'", "t19-02-self-check"),
    type_string: ("text", "Self-check"),
}


class BlockError(_ErrorBase):  # type: ignore[misc,valid-type]
    """An authoring mistake in a block; the message is one line with file and line."""


def lines_outside_fences(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Yield (1-based line number, line) for every line not inside a fenced code block or an
    HTML comment (a block written there is not one pymdownx reads)."""
    hidden = hidden_lines(lines)
    for number, line in enumerate(lines, start=1):
        if number - 1 not in hidden:
            yield number, line


def hidden_lines(lines: list[str]) -> set[int]:
    """The 0-based indices of lines inside fenced code (fences included) or an HTML comment."""
    hidden: set[int] = set()
    fence: str | None = None
    comment = False
    for index, line in enumerate(lines):
        match = FENCE.match(line)
        if fence is not None:
            hidden.add(index)
            if match and match.group("fence").startswith(fence):
                fence = None
        elif comment:
            hidden.add(index)
            comment = "-->" not in line
        elif match:
            hidden.add(index)
            fence = match.group("fence")
        elif COMMENT.match(line):
            hidden.add(index)
            comment = "-->" not in line[line.index("<!--") + 4 :]
    return hidden


@dataclass(frozen=True)
class Header:
    """A `/// name` line pymdownx reads: its 1-based line, its indentation, name and slashes."""

    number: int
    indent: int
    name: str
    slashes: int


def block_headers(lines: list[str]) -> list[Header]:
    """Every block header pymdownx reads, in order: outside fenced code and HTML comments, at
    the top, or indented inside a list item, an admonition or another block (pymdownx reads
    those dedented), but not in an indented code block."""
    found = []
    for number, line in lines_outside_fences(lines):
        match = ANY_HEADER.match(line)
        if match is None:
            continue
        indent = len(match.group("indent"))
        if indent >= 4 and not _in_container(lines, number - 1, indent):
            continue  # an indented code block shows it as text
        found.append(Header(number, indent - indent % 4, match.group("name").lower(), len(match.group("slashes"))))
    return found


def _in_container(lines: list[str], index: int, indent: int) -> bool:
    """Whether the line at `index`, indented by `indent`, continues a list item, an admonition
    or a block above it (and is not an indented code block after a paragraph)."""
    for above in range(index - 1, -1, -1):
        line = lines[above]
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip(" "))
        if depth < indent:
            return bool(CONTAINER.match(line)) or depth >= 4 and _in_container(lines, above, depth)
    return False


def dedented(lines: list[str], indent: int) -> list[str]:
    """`lines` as a block indented by `indent` reads them: that much indentation removed."""
    if not indent:
        return lines
    prefix = " " * indent
    return [line[indent:] if line.startswith(prefix) else "" if not line.strip() else line for line in lines]


def block_body(lines: list[str], header: Header) -> Iterator[tuple[int, str]]:
    """(1-based line, dedented text) of each line after `header` until the container it is in
    ends (a line indented less than it, when it is indented)."""
    view = dedented(lines, header.indent)
    prefix = " " * header.indent
    for index in range(header.number, len(lines)):
        if header.indent and lines[index].strip() and not lines[index].startswith(prefix):
            return
        yield index + 1, view[index]


class BlockLineRecorder(Preprocessor):
    """Record the line of each `/// name` header (outside fences) for CourseBlock to claim."""

    def run(self, lines: list[str]) -> list[str]:
        found: dict[str, deque[int]] = defaultdict(deque)
        known: dict[str, type] = {}
        if "blocks" in self.md.parser.blockprocessors:
            known = self.md.parser.blockprocessors["blocks"].blocks  # type: ignore[attr-defined]
        options: dict[str, deque[dict[str, int]]] = defaultdict(deque)
        headers = {header.number: header for header in block_headers(lines)}
        open_blocks: list[tuple[str, int, int, int]] = []  # (name, slashes, line, indent) of blocks not yet closed
        for number, line in lines_outside_fences(lines):
            header = headers.get(number)
            end = ANY_END.match(line)
            if header:  # pymdownx lowercases names: `/// Quiz` is a quiz
                name = header.name
                view = dedented(lines, header.indent)
                found[name].append(number)
                options[name].append(option_lines(view, number)[1])
                if known:
                    self._check_header(name, number, view, known, open_blocks)
                open_blocks.append((name, header.slashes, number, header.indent))
            elif end and open_blocks:
                slashes, indent = len(end.group("slashes")), len(end.group("indent"))
                for index in range(len(open_blocks) - 1, -1, -1):
                    if open_blocks[index][1] == slashes and 0 <= indent - open_blocks[index][3] < 4:
                        del open_blocks[index:]
                        break
        self.md.coursemd_all_block_lines = {name: list(lines) for name, lines in found.items()}  # type: ignore[attr-defined]
        self.md.coursemd_block_lines = found  # type: ignore[attr-defined]
        self.md.coursemd_block_options = options  # type: ignore[attr-defined]
        self.md.coursemd_unbuilt = []  # type: ignore[attr-defined]
        self.md.coursemd_page_ids = {}  # type: ignore[attr-defined]
        return lines

    def _check_header(
        self, name: str, number: int, lines: list[str], known: dict[str, type], open_blocks: list[tuple[str, int, int, int]]
    ) -> None:
        """A header's name must be a block; a self-check is not nested; its options are indented."""
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1)
            self._fail(
                name,
                number,
                f"there is no block named '{name}', so its text (and any answer key) would show on the page",
                f"Did you mean '/// {close[0]}'?" if close else f"Use one of: {', '.join(sorted(known))}",
            )
        block = known[name]
        if not issubclass(block, CourseBlock):
            return
        for outer, _, outer_line, _ in open_blocks:
            if issubclass(known.get(outer, object), CourseBlock):
                self._fail(
                    name,
                    number,
                    f"this {name} is inside the {outer} that starts on line {outer_line}",
                    f"Close the {outer} with '///' before starting another block",
                )
        known_options = getattr(block, "OPTIONS", {})
        after, _ = option_lines(lines, number)  # the 0-based index of the line after the options
        following = lines[after] if after < len(lines) else ""
        shallow = SHALLOW_OPTION.match(following)
        if shallow and shallow.group("key") in known_options:
            spaces = len(shallow.group("indent"))
            self._fail(
                name,
                after + 1,
                f"the option line '{following.strip()}' is "
                + (f"indented by {spaces} space{'s' if spaces > 1 else ''}" if spaces else "not indented")
                + f", so it would be read as text of the {name}",
                "Indent each option line by four spaces under the header",
            )
        if not following.strip():
            rest = next((i for i in range(after, len(lines)) if lines[i].strip()), None)
            late = OPTION_LINE.match(lines[rest].expandtabs(4)) if rest is not None else None
            if rest is not None and late and late.group("key") in known_options:
                self._fail(
                    name,
                    rest + 1,
                    f"the option line '{lines[rest].strip()}' comes after a blank line, so it would be read as "
                    f"code in the {name}",
                    "Write the option lines right under the header, with no blank line before them",
                )

    def _fail(self, name: str, number: int, problem: str, fix: str) -> None:
        doc = current_document()
        raise BlockError(author_message(name, doc.path, number + doc.line_offset, problem, fix))


def option_lines(lines: list[str], header: int) -> tuple[int, dict[str, int]]:
    """Where the option lines under the header on (1-based) line `header` end, and each key's line.

    Returns the 0-based index of the first line after them and {key: 1-based line}. They are
    the lines right under the header indented by four spaces or more, as pymdownx reads them
    (after Markdown turns tabs into four spaces); a key is one at their least indentation, so a
    YAML list continued on deeper lines belongs to the key above it.
    """
    end = header
    while end < len(lines) and re.match(r"^ {4,}\S", lines[end].expandtabs(4)):
        end += 1
    run = [lines[i].expandtabs(4) for i in range(header, end)]
    base = min((len(line) - len(line.lstrip(" ")) for line in run), default=4)
    found: dict[str, int] = {}
    for offset, line in enumerate(run):
        option = re.match(r"^ *(?P<key>[A-Za-z_][\w-]*)\s*:", line)
        if option and len(line) - len(line.lstrip(" ")) == base:
            found.setdefault(option.group("key"), header + offset + 1)
    return end, found


def options_problem(config: str) -> tuple[int, str]:
    """(0-based line of `config`, what is wrong) for option lines pymdownx's loader rejects.

    Mirrors `pymdownx.blocks.get_frontmatter`: `yaml.safe_load`, and anything but a mapping
    (or nothing) is refused. Called only once pymdownx has refused, to say why.
    """
    lines = config.rstrip("\n").split("\n")
    try:
        loaded = yaml.safe_load(config)
    except Exception as error:  # get_frontmatter swallows every exception, so name any
        line, reason = yaml_mistake(error)
        index = min(line or 0, len(lines) - 1)
        return index, f"the option line '{lines[index].strip()}' is not valid YAML ({reason})"
    kind = YAML_KINDS.get(type(loaded), f"a {type(loaded).__name__}")
    return 0, f"the option line '{lines[0].strip()}' is not a 'key: value' pair (YAML reads the options as {kind})"


class OptionLinesCheck(BlockProcessor):
    """Stop the build where pymdownx would silently refuse a CourseBlock's option lines.

    pymdownx decides in `BlocksProcessor.test`, says nothing, and the header stays as text.
    This processor sees each chunk just before pymdownx does (priority 89.995 > 89.99), asks
    pymdownx's own `split_header` whether it can read the options and, if not, raises with
    YAML's reason. It never claims a chunk: `test` is always False.
    """

    def manager(self) -> BlocksProcessor:
        """pymdownx's block processor (registered before any CourseBlock extension calls us)."""
        return self.parser.blockprocessors["blocks"]  # type: ignore[return-value]

    def feeds_open_block(self, parent: etree.Element) -> bool:
        """Whether pymdownx hands this chunk to an open block instead of reading a header.

        A read-only copy of `BlocksProcessor.get_parent` (which caches): a raw block's
        content is text, so a `/// quiz` inside it must not be checked here. Block-mode
        content comes back through the parser, and so through this check, nested.
        """
        mgr = self.manager()
        if mgr.cached_parent is not None:
            return True
        temp: etree.Element | None = parent
        while temp is not None and mgr.stack:
            if mgr.stack[-1].hungry and mgr.stack[-1].parent is temp:
                return True
            temp = self.lastChild(temp)
        return False

    def test(self, parent: etree.Element, block: str) -> bool:
        """Raise on a CourseBlock header whose options pymdownx refuses; else let pymdownx go on."""
        mgr = self.manager()
        header = mgr.start.search(block)
        if header is None or self.feeds_open_block(parent):
            return False
        name = header.group(2).lower()
        if not (name in mgr.blocks and issubclass(mgr.blocks[name], CourseBlock)):
            return False
        rest = block[header.end() :]
        if mgr.split_header(rest, len(header.group(1)))[0] is not None:
            return False
        # split_header refuses only option lines it found: the same indented lines, dedented
        index, problem = options_problem(textwrap.dedent(mgr.yaml_line.match(rest).group(0)))
        # Every earlier header of this name was claimed by its block's on_init, so this one is next
        queue = getattr(self.parser.md, "coursemd_block_lines", {}).get(name)
        doc = current_document()
        line = (queue[0] + 1 + index + doc.line_offset) if queue else None
        raise BlockError(author_message(name, doc.path, line, problem, OPTIONS_FIX))

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:  # pragma: no cover - test is never True
        return False


class UnbuiltBlockCheck(Treeprocessor):
    """Stop the build for a CourseBlock pymdownx started but never created.

    pymdownx builds a block object for every header, then drops it, leaving the header as
    text, when its options or `on_validate` refuse. Our checks raise first; this net catches
    any refusal they miss (a future `on_validate` returning False), at the block's own line.
    """

    def run(self, root: etree.Element) -> None:
        """Fail on the first block still unbuilt after parsing, or still open at the end."""
        for block in getattr(self.md, "coursemd_unbuilt", []):
            block.fail(
                "this header did not become a block, so its text would show on the page",
                "Check the header and the option lines under it",
            )
        if "blocks" not in self.md.parser.blockprocessors:
            return
        # pymdownx ends a block at its `///`; one still on its stack now was never closed, and
        # swallowed the rest of the page (headings, other blocks).
        stack = self.md.parser.blockprocessors["blocks"].stack  # type: ignore[attr-defined]
        if stack:
            block = stack[0].block
            name = block.NAME
            line = block.line if isinstance(block, CourseBlock) else None
            if line is None:
                lines = getattr(self.md, "coursemd_all_block_lines", {}).get(name) or [None]
                line = lines[-1]
            doc = current_document()
            slashes = "/" * block.length
            raise BlockError(
                author_message(
                    name,
                    doc.path,
                    (line + doc.line_offset) if line else None,
                    f"the block '{slashes} {name}' is never closed, so the rest of the page would be inside it",
                    f"End it with a line '{slashes}' after its content",
                )
            )


def register_line_recorder(md: Markdown) -> None:
    """Add the recorder and the two checks once per Markdown instance.

    The recorder runs first, on the author's lines; the option check right before pymdownx's
    block processor (89.99); the net before inline processing (20), as the page is lost anyway.
    """
    if "coursemd_block_lines" not in md.preprocessors:
        md.preprocessors.register(BlockLineRecorder(md), "coursemd_block_lines", 200)
        md.parser.blockprocessors.register(OptionLinesCheck(md.parser), "coursemd_block_options", 89.995)
        md.treeprocessors.register(UnbuiltBlockCheck(md), "coursemd_unbuilt_blocks", 25)


class CourseBlock(Block):
    """Base class of the self-check blocks (see the module docstring)."""

    line: int | None = None
    #: the line of each option under the header, as written
    option_lines: dict[str, int]

    def on_init(self) -> None:
        """Claim this block's header and option lines; count it as unbuilt until `_create`."""
        lines = getattr(self.md, "coursemd_block_lines", {}).get(self.NAME)
        self.line = lines.popleft() if lines else None
        options = getattr(self.md, "coursemd_block_options", {}).get(self.NAME)
        self.option_lines = options.popleft() if options else {}
        getattr(self.md, "coursemd_unbuilt", []).append(self)

    def _create(self, parent: etree.Element) -> etree.Element:
        """Create the element; the block is no longer one `UnbuiltBlockCheck` reports.

        Its id must be the page's only one of that name, whatever kind the other block is:
        two elements with one id break the widgets and the links to them.
        """
        unbuilt = getattr(self.md, "coursemd_unbuilt", [])
        if self in unbuilt:
            unbuilt.remove(self)
        element = super()._create(parent)
        ids: dict[str, tuple[str, int | None]] = getattr(self.md, "coursemd_page_ids", {})
        ident = element.get("id") if element is not None else None
        if ident:
            if ident in ids and ids[ident] != (self.NAME, self.line):
                other, line = ids[ident]
                self.fail(
                    f"the id '{ident}' is already used on this page by the {other}" + (f" on line {line}" if line else ""),
                    "Give each block its own id",
                )
            ids[ident] = (self.NAME, self.line)
        return element

    def where(self) -> tuple[str, int | None]:
        """The file and line of this block's header, as the author sees them."""
        doc = current_document()
        return doc.path, (self.line + doc.line_offset) if self.line else None

    def fail(self, problem: str, fix: str) -> None:
        """Stop the build with one line: file, line, block, what is wrong, what to do."""
        path, line = self.where()
        raise BlockError(author_message(self.NAME, path, line, problem, fix))

    def fail_option(self, key: str, problem: str, fix: str) -> None:
        """Like `fail`, naming the line of option `key` (the header's when it is not written)."""
        path, header = self.where()
        line = self.option_lines.get(key)
        raise BlockError(
            author_message(self.NAME, path, (line + current_document().line_offset) if line else header, problem, fix)
        )

    def _validate(self, parent: etree.Element, arg: Any, **options: Any) -> bool:
        known = [key for key in self.option_spec if key != "attrs"]
        for key, value in options.items():
            if key == "attrs":  # pymdownx's own option: it would rewrite the id and class the widget relies on
                self.fail_option(key, "'attrs' is not an option of this block", f"Remove it; the options are: {', '.join(known)}")
            if key not in self.option_spec:
                close = difflib.get_close_matches(str(key), known, n=1)
                self.fail_option(
                    key,
                    f"unknown option '{key}'",
                    (f"Did you mean '{close[0]}'? " if close else "") + f"Use one of: {', '.join(known) or '(none)'}",
                )
            parser = self.option_spec[key][1]
            if parser is not None:
                try:
                    parser(value)
                except Exception as error:  # pymdownx's type_* raise ValueError/TypeError
                    expected, example = OPTION_TYPES.get(parser, ("", ""))
                    shown = yaml.safe_dump(value, default_flow_style=True).removesuffix("\n...\n").strip()
                    self.fail_option(
                        key,
                        f"'{key}: {shown}' is not {expected}" if expected else f"'{key}: {shown}' is not valid ({error})",
                        f"Write it like '{key}: {example}'" if example else "Fix the value",
                    )
        if self.arg_spec is not None and bool(arg) != bool(self.arg_spec):
            self.fail(
                "needs a title after the name" if self.arg_spec else "takes no title after the name",
                f"Write '/// {self.NAME} | Title'" if self.arg_spec else f"Write '/// {self.NAME}' alone",
            )
        return bool(super()._validate(parent, arg, **options))


def block_names_in(html: str) -> set[str]:
    """The BEM block names the classes in `html` use: {'quiz'} for class="quiz__option".

    What decides which block stylesheets a page needs. Found from each '__', not by reading
    every class attribute: a page's KaTeX markup holds thousands of classes and never a '__'.
    """
    names: set[str] = set()
    end = html.find("__")
    while end >= 0:
        start = end
        while start > 0 and (html[start - 1].isalnum() or html[start - 1] == "-"):
            start -= 1
        if start < end and html[start].isalpha():
            names.add(html[start:end])
        end = html.find("__", end + 2)
    return names
