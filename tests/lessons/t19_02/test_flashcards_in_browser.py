"""The practice page's flashcards in Chromium: flip, move, grade, the schedule kept across a
reload, reset, the whole deck from the keyboard, no JavaScript, broken storage, phone width,
both schemes, reduced motion, axe after interacting, and the Anki download under a sub-path."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from conftest import ROOT, Site, new_page
from conftest import axe_violations as _axe_violations

pytestmark = pytest.mark.browser

PRACTICE = "t19/02-autoregressive-models/practice/"
DECK = '[data-widget="flashcards"]'
# The deck's size, read from the page's source: one card per "Q:" line.
CARDS = len(re.findall(r"^Q:", (ROOT / "lesson_src/t19/02-autoregressive-models/practice.md").read_text("utf-8"), re.M))
SCREENS = ROOT / "test-results" / "screens"

# Every read and write of the course's keys throws, as with storage disabled or full. Only
# our keys ("course:..."): Material's own palette script reads localStorage without a
# try/catch, so throwing for its keys too would log Material's error, not ours.
THROWING_STORAGE = """
for (const name of ["getItem", "setItem", "removeItem"]) {
  const original = Storage.prototype[name];
  Storage.prototype[name] = function (key, ...rest) {
    if (String(key).startsWith("course:")) throw new DOMException("storage is disabled", "SecurityError");
    return original.call(this, key, ...rest);
  };
}
"""


@pytest.fixture
def opened(browser: object, site: Site) -> Iterator[tuple[object, object]]:
    """The practice page with its deck mounted; yields (page, log) and checks the log is clean."""
    context, page, log = new_page(browser, site)
    try:
        open_deck(page, site)
        yield page, log
        log.assert_clean()
    finally:
        context.close()  # type: ignore[attr-defined]


def open_deck(page: object, site: Site) -> object:
    page.goto(site.url + PRACTICE, wait_until="networkidle")  # type: ignore[attr-defined]
    deck = page.locator(DECK)  # type: ignore[attr-defined]
    deck.locator(".flashcards__app").wait_for()
    return deck


def counts(page: object) -> dict[str, int]:
    deck = page.locator(DECK)  # type: ignore[attr-defined]
    return {name: int(deck.locator(f'[data-count="{name}"]').inner_text()) for name in ("due", "learned", "total")}


def status(page: object) -> str:
    locator = page.locator(f"{DECK} .flashcards__status")  # type: ignore[attr-defined]
    locator.filter(has_text=re.compile(r"\S")).wait_for()
    return str(locator.inner_text())


def position(page: object) -> str:
    return str(page.locator(f'{DECK} [data-meta="position"]').inner_text())  # type: ignore[attr-defined]


def flipped(page: object) -> bool:
    viewport = page.locator(f"{DECK} .flashcards__viewport")  # type: ignore[attr-defined]
    return "is-flipped" in (viewport.get_attribute("class") or "")


# --- Tests -----------------------------------------------------------------------------------


def test_flip_by_click_and_keyboard_and_move_with_arrows(opened: tuple[object, object]) -> None:
    page, _ = opened
    deck = page.locator(DECK)  # type: ignore[attr-defined]
    viewport = deck.locator(".flashcards__viewport")
    back = deck.locator(".flashcards__face--back")
    assert deck.locator(".flashcards__cards").is_hidden()
    assert position(page) == f"Card 1 of {CARDS}"
    assert back.get_attribute("aria-hidden") == "true"
    assert deck.locator(".flashcards__grades").is_hidden()

    viewport.click()
    assert flipped(page) and back.get_attribute("aria-hidden") is None and back.is_visible()
    # The question stays in view above the answer while the student grades.
    front = deck.locator(".flashcards__face--front")
    assert front.get_attribute("aria-hidden") is None and front.is_visible()
    assert front.bounding_box()["y"] < back.bounding_box()["y"]  # type: ignore[index]
    # The grades take the place of "Show answer".
    assert deck.locator(".flashcards__grades").is_visible()
    assert deck.locator('[data-action="flip"]').is_hidden()
    viewport.click()
    assert not flipped(page)

    viewport.focus()
    scroll = page.evaluate("window.scrollY")  # type: ignore[attr-defined]
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    assert flipped(page)
    assert page.evaluate("window.scrollY") == scroll, "Space on the card must not scroll the page"  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert not flipped(page)
    page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
    assert position(page) == f"Card 2 of {CARDS}"
    page.keyboard.press("ArrowLeft")  # type: ignore[attr-defined]
    page.keyboard.press("ArrowLeft")  # type: ignore[attr-defined]
    assert position(page) == f"Card {CARDS} of {CARDS}"
    assert viewport.get_attribute("aria-label") == f"Card {CARDS} of {CARDS}, question"

    # Outside the deck the same keys belong to the page.
    page.locator("h1").first.click()  # type: ignore[attr-defined]
    page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert position(page) == f"Card {CARDS} of {CARDS}" and not flipped(page)


def test_buttons_flip_move_and_shuffle(opened: tuple[object, object]) -> None:
    page, _ = opened
    deck = page.locator(DECK)  # type: ignore[attr-defined]
    deck.locator('[data-action="next"]').click()
    assert position(page) == f"Card 2 of {CARDS}"
    deck.locator('[data-action="prev"]').click()
    assert position(page) == f"Card 1 of {CARDS}"
    deck.locator('[data-action="flip"]').click()
    assert flipped(page)
    shuffle = deck.locator('[data-action="shuffle"]')
    order = lambda: page.evaluate(  # noqa: E731  # type: ignore[attr-defined]
        "document.querySelector('[data-widget=flashcards]').flashcards.queue.join()"
    )
    before = order()
    shuffle.click()
    assert shuffle.get_attribute("aria-pressed") == "true"
    assert "shuffled" in status(page)
    assert sorted(order().split(",")) == sorted(before.split(","))
    assert not flipped(page) and position(page) == f"Card 1 of {CARDS}"
    shuffle.click()
    assert shuffle.get_attribute("aria-pressed") == "false" and order() == before


def test_grades_persist_across_a_reload_and_reset_clears_them(browser: object, site: Site) -> None:
    context, page, log = new_page(browser, site)
    try:
        deck = open_deck(page, site)
        page.evaluate(  # type: ignore[attr-defined]
            """window.graded = [];
               document.addEventListener('flashcards:graded', (e) => window.graded.push(e.detail));"""
        )
        assert counts(page) == {"due": CARDS, "learned": 0, "total": CARDS}
        first = deck.locator(".flashcards__viewport").get_attribute("data-card")  # type: ignore[attr-defined]
        deck.locator('[data-action="flip"]').click()  # type: ignore[attr-defined]
        deck.locator('[data-action="good"]').click()  # type: ignore[attr-defined]
        assert counts(page) == {"due": CARDS - 1, "learned": 1, "total": CARDS}
        assert f"Marked good, box 1 of 5. Next review due tomorrow. {CARDS - 1} cards due." in status(page)
        events = page.evaluate("window.graded")  # type: ignore[attr-defined]
        assert [(e["deck"], e["card"], e["grade"], e["box"]) for e in events] == [("t19-02-deck", first, "good", 1)]
        second = deck.locator(".flashcards__viewport").get_attribute("data-card")  # type: ignore[attr-defined]
        assert second != first
        # The grade buttons hide with the answer; the keyboard stays on the card.
        assert page.evaluate("document.activeElement.classList.contains('flashcards__viewport')")  # type: ignore[attr-defined]

        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        deck.locator(".flashcards__app").wait_for()  # type: ignore[attr-defined]
        assert counts(page) == {"due": CARDS - 1, "learned": 1, "total": CARDS}
        # Due cards come first: the graded card is now last in the queue.
        assert deck.locator(".flashcards__viewport").get_attribute("data-card") == second  # type: ignore[attr-defined]

        deck.locator('[data-action="reset"]').click()  # type: ignore[attr-defined]
        assert counts(page) == {"due": CARDS, "learned": 0, "total": CARDS}
        assert "Schedule reset" in status(page)
        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        deck.locator(".flashcards__app").wait_for()  # type: ignore[attr-defined]
        assert counts(page) == {"due": CARDS, "learned": 0, "total": CARDS}
        log.assert_clean()
    finally:
        context.close()  # type: ignore[attr-defined]


def test_the_whole_deck_from_the_keyboard_alone(opened: tuple[object, object]) -> None:
    page, _ = opened
    # Tab from the top of the page until the card has focus: no mouse at all.
    for _ in range(200):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.classList.contains('flashcards__viewport')"):  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("Tab never reached the flashcard")
    # "Again" on the first card: it comes back at the end of today's queue.
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    page.keyboard.press("1")  # type: ignore[attr-defined]
    assert counts(page)["due"] == CARDS
    assert "Marked again" in status(page)
    graded = 0
    while counts(page)["due"] and graded < 40:
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        assert flipped(page)
        page.keyboard.press("2")  # type: ignore[attr-defined]
        graded += 1
    assert graded == CARDS
    assert counts(page) == {"due": 0, "learned": CARDS, "total": CARDS}
    assert "All caught up: the next card is due tomorrow." in status(page)
    # "1" and "2" do nothing while the question shows.
    page.keyboard.press("2")  # type: ignore[attr-defined]
    assert counts(page) == {"due": 0, "learned": CARDS, "total": CARDS}


def test_without_javascript_every_answer_is_readable(browser: object, site: Site) -> None:
    context, page, log = new_page(browser, site, javascript=False)
    try:
        page.goto(site.url + PRACTICE)  # type: ignore[attr-defined]
        deck = page.locator(DECK)  # type: ignore[attr-defined]
        cards = deck.locator(".flashcards__card")
        assert cards.count() == CARDS
        assert deck.locator(".flashcards__app").count() == 0
        for index in range(cards.count()):
            card = cards.nth(index)
            assert card.locator(".flashcards__question").inner_text().strip()
            card.locator("summary").click()
            answer = card.locator("details.flashcards__answer")
            assert answer.get_attribute("open") is not None
            assert len(answer.inner_text().strip()) > len("Answer") + 5
        link = deck.locator("a.flashcards__download")
        assert link.get_attribute("href") == "t19-02-deck.apkg"
        log.assert_clean()
    finally:
        context.close()  # type: ignore[attr-defined]


def test_the_anki_download_resolves_under_the_sub_path(opened: tuple[object, object], site: Site) -> None:
    page, _ = opened
    href = page.locator(f"{DECK} a.flashcards__download").evaluate("a => a.href")  # type: ignore[attr-defined]
    assert href == site.url + PRACTICE + "t19-02-deck.apkg"
    response = page.request.get(href)  # type: ignore[attr-defined]
    assert response.status == 200
    assert response.body()[:2] == b"PK"


def test_still_works_when_storage_throws(browser: object, site: Site) -> None:
    context, page, log = new_page(browser, site)
    try:
        context.add_init_script(THROWING_STORAGE)  # type: ignore[attr-defined]
        deck = open_deck(page, site)
        throws = "(() => { try { localStorage.setItem('course:x', '1'); return false; } catch { return true; } })()"
        assert page.evaluate(throws)  # type: ignore[attr-defined]
        deck.locator(".flashcards__viewport").focus()  # type: ignore[attr-defined]
        page.keyboard.press("Space")  # type: ignore[attr-defined]
        page.keyboard.press("2")  # type: ignore[attr-defined]
        assert counts(page) == {"due": CARDS - 1, "learned": 1, "total": CARDS}
        deck.locator('[data-action="reset"]').click()  # type: ignore[attr-defined]
        assert counts(page)["due"] == CARDS
        log.assert_clean()
    finally:
        context.close()  # type: ignore[attr-defined]


def test_reduced_motion_turns_off_the_answer_animation(browser: object, site: Site) -> None:
    context, page, log = new_page(browser, site)
    try:
        page.emulate_media(reduced_motion="reduce")  # type: ignore[attr-defined]
        deck = open_deck(page, site)
        deck.locator('[data-action="flip"]').click()  # type: ignore[attr-defined]
        animation = "getComputedStyle(document.querySelector('.flashcards__face--back')).animationName"
        assert page.evaluate(animation) == "none"  # type: ignore[attr-defined]
        page.emulate_media(reduced_motion="no-preference")  # type: ignore[attr-defined]
        assert page.evaluate(animation) != "none"  # type: ignore[attr-defined]
        log.assert_clean()
    finally:
        context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_fits_the_width_in_both_schemes_and_axe_is_clean_after_use(
    browser: object, site: Site, width: int, scheme: str
) -> None:
    context, page, log = new_page(browser, site, width=width, height=800, scheme=scheme)
    try:
        deck = open_deck(page, site)
        deck.scroll_into_view_if_needed()  # type: ignore[attr-defined]
        deck.locator(".flashcards__viewport").click()  # type: ignore[attr-defined]
        deck.locator('[data-action="good"]').click()  # type: ignore[attr-defined]
        deck.locator(".flashcards__viewport").click()  # type: ignore[attr-defined]
        status(page)
        page.wait_for_timeout(600)  # type: ignore[attr-defined]  # the flip's transition
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")  # type: ignore[attr-defined]
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
        box = deck.bounding_box()  # type: ignore[attr-defined]
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        for selector in (".flashcards__controls", ".flashcards__grades", ".flashcards__tools"):
            for button in deck.locator(f"{selector} button:visible").all():  # type: ignore[attr-defined]
                b = button.bounding_box()
                assert b["x"] + b["width"] <= box["x"] + box["width"] + 0.5, f"{selector} overflows at {width}px"
        SCREENS.mkdir(parents=True, exist_ok=True)
        deck.screenshot(path=str(SCREENS / f"flashcards-{width}-{scheme}.png"))  # type: ignore[attr-defined]
        # Only the deck's own nodes: other blocks on the page have their own tests.
        found = [v for v in _axe_violations(page) if "flashcards" in v or "t19-02-deck" in v]
        assert found == [], "\n".join(found)
        log.assert_clean()
    finally:
        context.close()  # type: ignore[attr-defined]
