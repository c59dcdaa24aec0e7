"""coursemd.flashcards on its own: exact HTML, authoring errors with their lines, and the Anki package."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import zipfile
from pathlib import Path
from textwrap import dedent
from types import ModuleType, SimpleNamespace

import genanki
import markdown
import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT
from coursemd.anki import stable_id, write_package
from coursemd.blocks_base import BlockError
from coursemd.flashcards import AnkiDeck, take_decks
from coursemd.katex_math import KatexMathExtension, MathError
from coursemd.source import set_document

PAGE = "lesson_src/t01/01-events/practice.md"


@pytest.fixture(autouse=True)
def host_document() -> None:
    """Messages name the file the host declares; no deck is left queued between tests."""
    set_document(PAGE)
    take_decks()
    yield
    set_document("")
    take_decks()


def convert(source: str) -> str:
    md = markdown.Markdown(
        extensions=["coursemd.flashcards", KatexMathExtension(cache_dir=""), "pymdownx.superfences"],
    )
    return md.convert(dedent(source))


def katex(tex: str, display: bool = False, after: str = "") -> str:
    """KaTeX's HTML for `tex`, as coursemd.katex_math renders it on a page, with the
    punctuation `after` it (kept together with an inline formula)."""
    source = f"```math\n{tex}\n```" if display else f"$`{tex}`${after}"
    html = markdown.markdown(source, extensions=[KatexMathExtension(cache_dir="")])
    return html if display else html.removeprefix("<p>").removesuffix("</p>")


SMALL_DECK = """\
    Before.

    /// flashcards | Chain rule
        id: small-deck

    Q: What does the chain rule say about $`p(x_1, x_2)`$?
    A: It is $`p(x_1)\\,p(x_2 \\mid x_1)`$, *exactly*.

    Q: Why sum logs?

    A product of many probabilities underflows.
    A: Because

    ```math
    \\log \\prod_i p_i = \\sum_i \\log p_i
    ```

    and `x < 1` stays a number.
    ///

    After.
    """


# --- Rendering -------------------------------------------------------------------------------


def test_small_deck_renders_exactly() -> None:
    html = convert(SMALL_DECK)
    question, answer = katex("p(x_1, x_2)", after="?"), katex(r"p(x_1)\,p(x_2 \mid x_1)", after=",")
    display = katex(r"\log \prod_i p_i = \sum_i \log p_i", display=True)
    expected = (
        "<p>Before.</p>\n"
        '<div class="flashcards" data-cards="2" data-deck="small-deck" data-widget="flashcards" id="small-deck">\n'
        '<p class="flashcards__title">Chain rule</p>\n'
        '<ol class="flashcards__cards">\n'
        '<li class="flashcards__card" data-card="CARD1">\n'
        '<div class="flashcards__question">\n'
        f"<p>What does the chain rule say about {question}</p>\n"
        "</div>\n"
        '<details class="flashcards__answer">\n'
        "<summary>Answer</summary>\n"
        f"<p>It is {answer} <em>exactly</em>.</p>\n"
        "</details>\n"
        "</li>\n"
        '<li class="flashcards__card" data-card="CARD2">\n'
        '<div class="flashcards__question">\n'
        "<p>Why sum logs?</p>\n"
        "<p>A product of many probabilities underflows.</p>\n"
        "</div>\n"
        '<details class="flashcards__answer">\n'
        "<summary>Answer</summary>\n"
        "<p>Because</p>\n"
        f"{display}\n"
        "<p>and <code>x &lt; 1</code> stays a number.</p>\n"
        "</details>\n"
        "</li>\n"
        "</ol>\n"
        '<p class="flashcards__anki"><a class="flashcards__download" href="small-deck.apkg" download>'
        "Download this deck for Anki</a> (.apkg, 2 cards)</p>\n"
        "</div>\n"
        "<p>After.</p>"
    )
    (deck,) = take_decks()
    first, second = (card.id for card in deck.cards)
    assert html == expected.replace("CARD1", first).replace("CARD2", second)


def test_card_ids_hash_the_question_so_answers_can_change() -> None:
    convert(SMALL_DECK)
    (before,) = take_decks()
    convert(SMALL_DECK.replace("*exactly*", "exactly, for any ordering"))
    (after,) = take_decks()
    assert [c.id for c in before.cards] == [c.id for c in after.cards]
    assert all(c.id.startswith("c") and len(c.id) == 11 for c in before.cards)
    convert(SMALL_DECK.replace("Why sum logs?", "Why add logarithms?"))
    (reworded,) = take_decks()
    assert reworded.cards[0].id == before.cards[0].id and reworded.cards[1].id != before.cards[1].id


def test_anki_faces_use_ankis_math_delimiters() -> None:
    convert(SMALL_DECK)
    (deck,) = take_decks()
    assert deck.id == "small-deck" and deck.title == "Chain rule" and deck.source == PAGE and deck.line == 3
    first, second = deck.cards
    assert first.front == r"<p>What does the chain rule say about \(p(x_1, x_2)\)?</p>"
    assert first.back == r"<p>It is \(p(x_1)\,p(x_2 \mid x_1)\), <em>exactly</em>.</p>"
    assert second.front == "<p>Why sum logs?</p><p>A product of many probabilities underflows.</p>"
    assert second.back == (
        r"<p>Because</p><p>\[\log \prod_i p_i = \sum_i \log p_i\]</p><p>and <code>x &lt; 1</code> stays a number.</p>"
    )


def test_tex_is_html_escaped_in_anki_fields() -> None:
    convert("/// flashcards\n    id: d\n\nQ: Context?\nA: $`x_{<i}`$ & more\n///\n")
    (deck,) = take_decks()
    assert deck.cards[0].back == r"<p>\(x_{&lt;i}\) &amp; more</p>"
    assert deck.title == "d"  # no title: the Anki deck is named after the id


def test_anki_false_renders_no_download_and_queues_nothing() -> None:
    html = convert("/// flashcards\n    id: d\n    anki: false\n\nQ: One?\nA: Two.\n///\n")
    assert ".apkg" not in html and "flashcards__anki" not in html
    assert take_decks() == []


def test_several_decks_on_a_page_each_claim_their_own_lines() -> None:
    source = (
        "/// flashcards\n    id: one\n\nQ: a?\nA: b.\n///\n\n"
        "/// flashcards\n    id: two\n\nQ: c?\nA: d.\n\nQ: e?\n///\n"
    )
    with pytest.raises(BlockError) as caught:
        convert(source)
    assert f"Doc file '{PAGE}', line 14: the question 'e?' has no answer" in str(caught.value)


# --- Authoring errors ------------------------------------------------------------------------

BAD_DECKS = [
    (
        "empty-question",
        "Q: Fine?\nA: Yes.\n\nQ:\nA: An answer to nothing.\n",
        7,
        "card 2 has an empty question. Write the question after 'Q:'.",
    ),
    (
        "empty-answer",
        "Q: Fine?\nA: Yes.\n\nQ: Asked?\nA:\n",
        8,
        "card 2 has an empty answer. Write the answer after 'A:'.",
    ),
    (
        "question-without-answer-at-the-end",
        "Q: Fine?\nA: Yes.\n\nQ: Left open?\n",
        7,
        "the question 'Left open?' has no answer. Follow it with a line starting 'A:'.",
    ),
    (
        "question-followed-by-question",
        "Q: First?\n\nQ: Second?\nA: Yes.\n",
        4,
        "the question 'First?' has no answer. Follow it with a line starting 'A:'.",
    ),
    (
        "answer-without-question",
        "A: Orphan.\n\nQ: Fine?\nA: Yes.\n",
        4,
        "this answer follows no question. Start each card with a line 'Q: question', then one line 'A: answer'.",
    ),
    (
        "second-answer",
        "Q: Fine?\nA: Yes.\nA: And again.\n",
        6,
        "this card has a second answer. Start each card with a line 'Q: question', then one line 'A: answer'.",
    ),
    (
        "duplicate-card",
        "Q: What is  NLL?\nA: A sum.\n\nQ: What is NLL?\nA: Still a sum.\n",
        7,
        "the question 'What is NLL?' is already in this deck (line 4). Remove the repeated card or merge the two.",
    ),
    (
        "text-before-first-card",
        "Some intro.\n\nQ: Fine?\nA: Yes.\n",
        1,
        "there is text before the first card. Start each card with a line 'Q: question'.",
    ),
    (
        "no-cards",
        "",
        1,
        "the deck 'deck' has no cards. Add cards as a line 'Q: question' followed by a line 'A: answer'.",
    ),
]


@pytest.mark.parametrize(("source", "line", "message"), [b[1:] for b in BAD_DECKS], ids=[b[0] for b in BAD_DECKS])
def test_card_mistakes_stop_the_build_with_file_line_and_fix(source: str, line: int, message: str) -> None:
    text = "/// flashcards | A deck\n    id: deck\n\n" + source + "///\n"
    with pytest.raises(BlockError) as caught:
        convert(text)
    assert str(caught.value) == f"flashcards: Doc file '{PAGE}', line {line}: {message}"


BAD_HEADERS = [
    (
        "unknown-option",
        "/// flashcards\n    id: deck\n    shufle: true\n\nQ: a?\nA: b.\n///\n",
        3,
        "unknown option 'shufle'. Use one of: id, anki.",
    ),
    (
        "missing-id",
        "Text.\n\n/// flashcards\n\nQ: a?\nA: b.\n///\n",
        3,
        "the deck has no id. Add the option line 'id: <deck-id>' under the header, indented by four spaces.",
    ),
    (
        "bad-id",
        "/// flashcards\n    id: two words\n\nQ: a?\nA: b.\n///\n",
        2,
        "the deck id 'two words' is not a valid id. Use letters, digits, '-' and '_' only.",
    ),
    (
        "option-not-indented",
        "/// flashcards\nid: deck\n\nQ: a?\nA: b.\n///\n",
        2,
        "the option line 'id: deck' is not indented, so it would be read as text of the flashcards. "
        "Indent each option line by four spaces under the header.",
    ),
    (
        "bad-anki-value",
        "/// flashcards\n    id: deck\n    anki: maybe\n\nQ: a?\nA: b.\n///\n",
        3,
        "'anki: maybe' is not true or false. Write it like 'anki: true'.",
    ),
    (
        "duplicate-deck-id",
        "/// flashcards\n    id: deck\n\nQ: a?\nA: b.\n///\n\n/// flashcards\n    id: deck\n\nQ: c?\nA: d.\n///\n",
        9,
        "the deck id 'deck' is already used on this page (line 1). Give each deck its own id.",
    ),
]


@pytest.mark.parametrize(("source", "line", "message"), [b[1:] for b in BAD_HEADERS], ids=[b[0] for b in BAD_HEADERS])
def test_header_mistakes_stop_the_build_with_file_line_and_fix(source: str, line: int, message: str) -> None:
    with pytest.raises(BlockError) as caught:
        convert(source)
    assert str(caught.value).startswith(f"flashcards: Doc file '{PAGE}', line {line}: {message}")
    assert "\n" not in str(caught.value)


def test_an_unindented_option_after_the_id_is_named() -> None:
    source = "/// flashcards\n    id: deck\nanki: false\n\nQ: a?\nA: b.\n///\n"
    with pytest.raises(BlockError) as caught:
        convert(source)
    assert str(caught.value) == (
        f"flashcards: Doc file '{PAGE}', line 3: the option line 'anki: false' is not indented, so it would be read "
        "as text of the flashcards. Indent each option line by four spaces under the header."
    )


def test_bad_tex_in_a_card_names_the_cards_line() -> None:
    source = (
        "Intro.\n\n/// flashcards\n    id: deck\n\nQ: Fine $`x`$?\nA: Yes.\n\nQ: Broken?\nA: $`\\frac{1}{2`$\n///\n"
    )
    with pytest.raises(MathError) as caught:
        convert(source)
    assert caught.value.line == 10
    assert str(caught.value).startswith(f"katex: Doc file '{PAGE}', line 10: cannot render the math `\\frac{{1}}{{2`")


def test_front_matter_lines_count_towards_card_lines() -> None:
    set_document(PAGE, 4)
    with pytest.raises(BlockError) as caught:
        convert("/// flashcards\n    id: deck\n\nQ: a?\n///\n")
    assert f"Doc file '{PAGE}', line 8: the question 'a?' has no answer" in str(caught.value)


# --- The Anki package ------------------------------------------------------------------------


def read_package(path: Path) -> dict[str, object]:
    """The decks, note types and notes inside an .apkg (a zip holding an SQLite collection)."""
    with zipfile.ZipFile(path) as package:
        assert "collection.anki2" in package.namelist()
        data = package.read("collection.anki2")
    db = path.with_suffix(".anki2")
    db.write_bytes(data)
    with sqlite3.connect(db) as connection:
        decks_json, models_json = connection.execute("SELECT decks, models FROM col").fetchone()
        notes = connection.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
        cards = connection.execute("SELECT nid, did FROM cards").fetchall()
    connection.close()
    return {"decks": json.loads(decks_json), "models": json.loads(models_json), "notes": notes, "cards": cards}


def test_the_package_holds_the_deck_with_stable_ids(tmp_path: Path) -> None:
    convert(SMALL_DECK)
    (deck,) = take_decks()
    write_package(deck, tmp_path / "small-deck.apkg")
    package = read_package(tmp_path / "small-deck.apkg")

    deck_id, model_id = stable_id("deck", "small-deck"), stable_id("model", "small-deck")
    assert 1 << 30 <= deck_id < 1 << 31 and 1 << 30 <= model_id < 1 << 31 and deck_id != model_id
    assert package["decks"][str(deck_id)]["name"] == "Chain rule"  # type: ignore[index]
    assert str(model_id) in package["models"]  # type: ignore[operator]
    notes = package["notes"]
    assert [n[0] for n in notes] == [genanki.guid_for("coursemd-flashcards", "small-deck", c.id) for c in deck.cards]  # type: ignore[union-attr]
    assert {n[1] for n in notes} == {model_id}  # type: ignore[union-attr]
    fields = [n[2].split("\x1f") for n in notes]  # type: ignore[union-attr]
    assert fields[0] == [deck.cards[0].front, deck.cards[0].back, deck.cards[0].id]
    assert r"\(p(x_1, x_2)\)" in fields[0][0] and r"\[\log \prod_i p_i" in fields[1][1]
    assert all("katex" not in f for pair in fields for f in pair)
    assert {c[1] for c in package["cards"]} == {deck_id}  # type: ignore[union-attr]
    assert all(n[3].strip() == "small-deck" for n in notes)  # type: ignore[union-attr]


def test_ids_depend_on_the_deck_id_only() -> None:
    assert stable_id("deck", "a") == stable_id("deck", "a") != stable_id("deck", "b")
    empty = AnkiDeck("a", "Title", "", None)
    assert empty.filename == "a.apkg"


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("anki_export_under_test", ROOT / "hooks" / "anki_export.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_hook_writes_each_deck_next_to_its_page_and_refuses_an_id_used_twice(tmp_path: Path) -> None:
    hook = load_hook()
    config = SimpleNamespace(site_dir=str(tmp_path))
    hook.on_config(config)
    deck = "/// flashcards\n    id: deck\n\nQ: a?\nA: b.\n///\n"
    set_document("docs/one.md")
    convert(deck)
    page = SimpleNamespace(file=SimpleNamespace(dest_uri="one/index.html"))
    assert hook.on_page_content("<p>html</p>", page=page, config=config, files=None) == "<p>html</p>"
    hook.on_post_build(config=config)
    assert len(read_package(tmp_path / "one" / "deck.apkg")["notes"]) == 1  # type: ignore[arg-type]

    set_document("docs/two.md")
    convert(deck)
    other = SimpleNamespace(file=SimpleNamespace(dest_uri="two/index.html"))
    with pytest.raises(PluginError) as caught:
        hook.on_page_content("", page=other, config=config, files=None)
    assert str(caught.value) == (
        "flashcards: Doc file 'docs/two.md', line 1: the deck id 'deck' is already used in 'docs/one.md' (line 1). "
        "Give each deck a site-wide unique id: Anki identifies the deck and its cards by it."
    )
