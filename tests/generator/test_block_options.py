"""Option lines pymdownx cannot read stop the build at their line, instead of leaving `/// quiz` as text.

pymdownx.blocks reads the lines indented by four spaces under a header with `yaml.safe_load`
and, when that fails or gives no mapping, silently does not create the block. The checks in
coursemd.blocks_base mirror that decision for our blocks (every registered CourseBlock) only.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from textwrap import dedent
from typing import Any

import markdown
import pytest
from coursemd.blocks_base import BlockError, CourseBlock, register_line_recorder
from coursemd.katex_math import KatexMathExtension
from coursemd.source import set_document
from pymdownx.blocks import BlocksExtension, BlocksProcessor

PAGE = "lesson_src/t01/01-events/practice.md"
FIX = (
    "Write each option as 'key: value' indented by four spaces under the header, "
    "and quote a value that contains ': ', ' #', '[' or '{'."
)


@pytest.fixture(autouse=True)
def host_document() -> None:
    """Messages name the file the host declares."""
    set_document(PAGE)
    yield
    set_document("")


class Picky(CourseBlock):
    """A CourseBlock that refuses `/// picky | refuse` the way pymdownx lets a block refuse: quietly."""

    NAME = "picky"
    ARGUMENT = None

    def on_validate(self, parent: etree.Element) -> bool:
        return self.argument != "refuse"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": "picky"})


class PickyExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md: markdown.Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802 - pymdownx's name
        register_line_recorder(md)
        block_mgr.register(Picky, self.getConfigs())


def convert(source: str, *extra: Any) -> str:
    md = markdown.Markdown(
        extensions=["coursemd.quiz", KatexMathExtension(cache_dir=""), "pymdownx.superfences", *extra],
    )
    return md.convert(dedent(source))


def convert_all(source: str) -> str:
    return convert(
        source,
        "coursemd.drill",
        "coursemd.flashcards",
        "coursemd.calculator",
        "coursemd.exercise",
        "pymdownx.blocks.details",
        "pymdownx.blocks.html",
        PickyExtension(),
    )


QUESTION = "\nQ?\n\n- [x] Yes.\n- [ ] No.\n///\n"
MODEL = "\nM.\n\n1. [bug] a\n2. b\n\nWhy.\n///\n"
CARD = "\nQ: a?\nA: b.\n///\n"


def message(name: str, line: int, problem: str) -> str:
    return f"{name}: Doc file '{PAGE}', line {line}: {problem}. {FIX}"


BAD_OPTIONS = [
    pytest.param(
        "Intro.\n\n/// quiz | Check\n    id: [oops\n" + QUESTION,
        message(
            "quiz", 4, "the option line 'id: [oops' is not valid YAML (expected ',' or ']', but got '<stream end>')"
        ),
        id="unparsable-yaml",
    ),
    pytest.param(
        "/// quiz\n    id: q1\n    shuffle true\n" + QUESTION,
        message("quiz", 3, "the option line 'shuffle true' is not valid YAML (could not find expected ':')"),
        id="missing-colon-after-a-good-line",
    ),
    pytest.param(
        "/// quiz\n    shuffle true\n" + QUESTION,
        message(
            "quiz", 2, "the option line 'shuffle true' is not a 'key: value' pair (YAML reads the options as text)"
        ),
        id="not-a-mapping",
    ),
    pytest.param(
        "/// quiz\n    id: q1\n\t\tshuffle: true\n" + QUESTION,
        message("quiz", 3, "the option line 'shuffle: true' is not valid YAML (mapping values are not allowed here)"),
        id="tab-indented-deeper",
    ),
    pytest.param(
        "/// quiz\n    id: q1\n      shuffle: true\n" + QUESTION,
        message("quiz", 3, "the option line 'shuffle: true' is not valid YAML (mapping values are not allowed here)"),
        id="bad-indentation",
    ),
    pytest.param(
        "/// Quiz\n    id: 'q1\n" + QUESTION,
        message("quiz", 2, "the option line 'id: 'q1' is not valid YAML (found unexpected end of stream)"),
        id="capitalised-name",
    ),
    pytest.param(
        "/// drill | Find the leak\n    id: leaks: all\n" + MODEL,
        message("drill", 2, "the option line 'id: leaks: all' is not valid YAML (mapping values are not allowed here)"),
        id="drill-colon-in-value",
    ),
    pytest.param(
        "/// flashcards | Deck\n    - deck\n" + CARD,
        message(
            "flashcards", 2, "the option line '- deck' is not a 'key: value' pair (YAML reads the options as a list)"
        ),
        id="flashcards-list",
    ),
    pytest.param(
        "/// calculator\n    vocabulary: [the, cat\n    logits: [1, 2]\n///\n",
        message(
            "calculator",
            2,
            "the option line 'vocabulary: [the, cat' is not valid YAML (expected ',' or ']', but got ':')",
        ),
        id="calculator-unclosed-list",
    ),
    pytest.param(
        "/// exercise\n    generator: {screening.py\n///\n",
        message(
            "exercise",
            2,
            "the option line 'generator: {screening.py' is not valid YAML (expected ',' or '}', but got '<stream end>')",
        ),
        id="exercise-unclosed-mapping",
    ),
    pytest.param(
        "//// details | Outer\n\n/// quiz\n    id: [oops\n" + QUESTION + "\n////\n",
        message(
            "quiz", 4, "the option line 'id: [oops' is not valid YAML (expected ',' or ']', but got '<stream end>')"
        ),
        id="nested-in-details",
    ),
    pytest.param(
        "/// picky\n    strict true\n///\n",
        message(
            "picky", 2, "the option line 'strict true' is not a 'key: value' pair (YAML reads the options as text)"
        ),
        id="any-registered-course-block",
    ),
]


@pytest.mark.parametrize(("source", "expected"), BAD_OPTIONS)
def test_unreadable_options_stop_with_file_line_and_reason(source: str, expected: str) -> None:
    with pytest.raises(BlockError) as error:
        convert_all(source)
    assert str(error.value) == expected


def test_the_line_counts_the_front_matter_the_host_stripped() -> None:
    set_document(PAGE, line_offset=5)
    with pytest.raises(BlockError, match=rf"^quiz: Doc file '{PAGE}', line 7: the option line 'id: \[oops'"):
        convert("/// quiz\n    id: [oops\n" + QUESTION)


def test_a_broken_block_is_named_not_the_valid_one_after_it() -> None:
    source = "/// quiz\n    id: [oops\n" + QUESTION + "\n/// quiz\n    id: fine\n" + QUESTION
    with pytest.raises(BlockError) as error:
        convert(source)
    assert str(error.value) == message(
        "quiz", 2, "the option line 'id: [oops' is not valid YAML (expected ',' or ']', but got '<stream end>')"
    )


def test_a_header_refused_for_another_reason_stops_at_its_own_line() -> None:
    """The net: a block pymdownx dropped is reported at its line, even with a valid one after it."""
    source = "Intro.\n\n/// picky | refuse\n///\n\n/// picky | fine\n///\n"
    with pytest.raises(BlockError) as error:
        convert_all(source)
    assert str(error.value) == (
        f"picky: Doc file '{PAGE}', line 3: this header did not become a block, so its text would show on the page. "
        "Check the header and the option lines under it."
    )


def test_valid_options_and_other_blocks_are_left_alone() -> None:
    """A tab is four spaces to Markdown; other extensions' blocks and raw or fenced text are not ours."""
    html = convert_all(
        "/// quiz\n\tid: tabbed\n" + QUESTION + "\n"
        "/// details | Theirs\n    open: [oops\n\nText.\n///\n\n"
        "/// html | pre\n\n/// quiz\n    id: [oops\n\n///\n\n"
        "```text\n/// quiz\n    id: [oops\n```\n"
    )
    assert 'id="tabbed"' in html
    assert "/// details | Theirs" in html  # pymdownx's own behaviour for its own blocks
    assert "<pre>/// quiz\n    id: [oops</pre>" in html
    assert "<code>/// quiz\n    id: [oops\n</code>" in html
