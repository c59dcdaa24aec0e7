"""What the generator's pages look like to a student, in Chromium, on a fixture course (issue 13):
at 360 and 1280 px, in the light and the dark scheme.

- a display formula wider than its column scrolls, shows that it does and takes keyboard focus;
- the lesson header is short: on a 360 x 740 phone the reading starts in the top half;
- tab titles name the page and the lesson; the track table is styled and shows its phases;
- the flashcards' buttons stay put from card to card, and the counter follows the student;
- right and wrong verdicts differ in colour, each meeting WCAG AA contrast, and the student's
  own pick looks different from the right answer they missed;
- short inline math keeps the full stop after it; the 404 page works under any sub-path;
- axe finds nothing on the fixture's pages.

Nothing here reads this repository's lessons: the course is written into a temporary folder.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SUBPATH, Site, axe_violations, new_page
from fixture_course import basic_course, build_in_process, served_course, write_course

pytestmark = pytest.mark.browser

LESSON = "t01/01-events/"
PAGES = ("", "lesson/", "practice/", "cheatsheet/", "references/")
WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")

LESSON_MD = r"""# Events and outcomes

An event is a set of outcomes, and its probability is a number like $`1.18 \times 10^{-38}`$. The
chain rule writes a joint as $`p(a)\, p(b \mid a)`$, one factor per piece, and a long product of
factors written inline, $`p(x_1)\, p(x_2 \mid x_1)\, p(x_3 \mid x_1, x_2)\, p(x_4 \mid x_1, x_2, x_3)`$, still fits.

```math
p(x_1, x_2, x_3, x_4, x_5, x_6) = p(x_1)\, p(x_2 \mid x_1)\, p(x_3 \mid x_1, x_2)\, p(x_4 \mid x_1, x_2, x_3)\, p(x_5 \mid x_1, \dots, x_4)\, p(x_6 \mid x_1, \dots, x_5)
```

A short one fits any screen:

```math
p(a, b) = p(a)\, p(b \mid a)
```

The end.
"""

LONG_ANSWER = " ".join(["Each factor conditions on every piece before it, so nothing is assumed."] * 12)

PRACTICE_MD = f"""# Practice

/// quiz | Check yourself
    id: t01-check

Which outcome is an event?

- [ ] None of them.
- [x] Any set of outcomes.
- [ ] Only a single outcome.

A set of outcomes is an event.
///

/// flashcards | Events: review deck
    id: t01-deck

Q: What is an event?
A: A set of outcomes.

Q: Why does a long card not move the buttons? {LONG_ANSWER}
A: {LONG_ANSWER}

Q: And a short one?
A: Yes.

Q: A fourth card?
A: Here.
///
"""


# A page long enough that most of it is far below the first screen: paragraphs with math, then
# a heading to link to and, under it, a formula wider than a phone and a screenful more.
FAR_PARAGRAPHS = 60
LONG_PAGE_MD = (
    "# References\n\n"
    # A tall block on the first screen, then a heading: where the first frame puts that heading
    # depends on the block's height being known, not estimated.
    + "".join(f"- Source {i}, with the pages it covers.\n" for i in range(40))
    + "\n## Paragraphs\n\n"
    + "".join(f"Paragraph {i}: the factor $`p(x_{{{i}}} \\mid x_{{<{i}}})`$ conditions on what came before.\n\n" for i in range(FAR_PARAGRAPHS))
    + "## The last section\n\nThe far paragraph is here.\n\n"
    + "```math\np(x_1, x_2, x_3, x_4, x_5, x_6) = p(x_1)\\, p(x_2 \\mid x_1)\\, p(x_3 \\mid x_1, x_2)\\, p(x_4 \\mid x_1, x_2, x_3)\\, p(x_5 \\mid x_1, \\dots, x_4)\n```\n\n"
    + "".join(f"Closing paragraph {i}, so the page scrolls past the heading.\n\n" for i in range(20))
)


def course_files() -> dict[str, str]:
    files = basic_course()
    files["lesson_src/t01/01-events/lesson.md"] = LESSON_MD
    files["lesson_src/t01/01-events/practice.md"] = PRACTICE_MD
    files["lesson_src/t01/01-events/references.md"] = LONG_PAGE_MD
    return files


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_course(tmp_path_factory.mktemp("design"), course_files())


@pytest.fixture(scope="module")
def site(course: Path) -> Iterator[Site]:
    """The fixture course, built with its site_url under /course-site/ and served there."""
    with served_course(course) as built:
        yield built


def open_at(browser: Any, site: Site, path: str, width: int, scheme: str, height: int = 0) -> tuple[Any, Any, Any]:
    context, page, log = new_page(browser, site, width=width, height=height or (740 if width < 600 else 800), scheme=scheme)
    page.goto(site.url + path, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(100)  # a11y-fixes.js checks the formulas on the next frame
    return context, page, log


# --- Display math ----------------------------------------------------------------------------

FORMULAS = """() => [...document.querySelectorAll('article .katex-display')].map((m) => ({
  over: m.scrollWidth - m.clientWidth,
  box: m.getBoundingClientRect().width,
  column: m.parentElement.getBoundingClientRect().width,
  tabindex: m.getAttribute('tabindex'),
  scrolls: m.hasAttribute('data-scrolls'),
  cue: getComputedStyle(m, '::after').content,
  cueHeight: parseFloat(getComputedStyle(m, '::after').height) || 0,
}))"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_a_formula_wider_than_its_column_says_it_scrolls_and_takes_focus(
    browser: Any, site: Site, width: int, scheme: str
) -> None:
    context, page, log = open_at(browser, site, LESSON + "lesson/", width, scheme)
    try:
        formulas = page.evaluate(FORMULAS)
        assert len(formulas) == 2
        for i, f in enumerate(formulas):
            assert f["box"] <= f["column"] + 0.5, f"formula {i} is wider than its column at {width}px"
            if f["over"] > 1:
                assert f["scrolls"] and f["tabindex"] == "0", f"formula {i} overflows by {f['over']}px without the cue"
                assert "scroll" in f["cue"] and f["cueHeight"] > 0, f"formula {i}: no visible line under it"
            else:
                assert not f["scrolls"] and f["tabindex"] is None and f["cue"] == "none", f"formula {i} fits: no cue"
        assert not formulas[1]["scrolls"], "the short formula fits at any width"
        if width == 360:
            assert formulas[0]["scrolls"], "the fixture's long formula must overflow a phone's column"
            # The keyboard reaches it and scrolls it; the cue then names the keys.
            for _ in range(40):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.matches('.katex-display[data-scrolls]')"):
                    break
            else:
                pytest.fail("Tab never reached the wide formula")
            assert "←" in page.evaluate("getComputedStyle(document.activeElement, '::after').content")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("document.activeElement.scrollLeft > 0")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
        assert axe_violations(page) == []
        log.assert_clean()
    finally:
        context.close()


# --- Long pages: far blocks laid out when they come near the screen ---------------------------

# Whether each block's content is laid out: a skipped block itself is "visible", what is in it not.
LAID_OUT = """(selector) => [...document.querySelectorAll(selector)].map(
  (e) => e.firstElementChild.checkVisibility({ contentVisibilityAuto: true }))"""


def test_far_blocks_are_laid_out_only_near_the_screen_and_read_as_usual(browser: Any, site: Site) -> None:
    """course.css skips the layout of blocks far below the screen (a phone's load is most of
    it): they are laid out as the student comes to them, a link to a heading far down lands on
    it, a wide formula there still says it scrolls, and a printout has everything."""
    context, page, log = new_page(browser, site, width=360, height=740, lay_out_everything=False)
    try:
        page.goto(site.url + LESSON + "references/", wait_until="networkidle")
        paragraphs = page.evaluate(LAID_OUT, "article > p:has(.katex)")
        assert len(paragraphs) >= FAR_PARAGRAPHS
        assert paragraphs[0] and not paragraphs[FAR_PARAGRAPHS - 1], "the far paragraphs were laid out on load"
        assert page.locator("article > p").nth(FAR_PARAGRAPHS - 1).inner_text() == ""  # why the widget tests lay out all

        page.goto(site.url + LESSON + "references/#the-last-section", wait_until="networkidle")
        page.wait_for_timeout(200)  # a11y-fixes.js checks a formula once it has a size
        top = page.evaluate("document.getElementById('the-last-section').getBoundingClientRect().top")
        header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().height")
        assert header - 1 <= top <= header + 80, f"the heading is at {top}px, under a {header}px header"
        after = page.locator("#the-last-section + p")
        assert after.inner_text() == "The far paragraph is here."
        formula = page.locator("article .katex-display").last
        formula.scroll_into_view_if_needed()
        page.wait_for_function(
            "[...document.querySelectorAll('article .katex-display')].pop().hasAttribute('data-scrolls')"
        )
        assert formula.get_attribute("tabindex") == "0"

        # A printout has everything: print.css lays every block out.
        page.goto(site.url + LESSON + "references/", wait_until="networkidle")
        page.emulate_media(media="print")
        skipped = page.evaluate(
            "[...document.querySelectorAll('.md-content__inner > *')]"
            ".filter((e) => getComputedStyle(e).contentVisibility !== 'visible').length"
        )
        assert skipped == 0
        assert page.locator("article > p:has(.katex)").nth(FAR_PARAGRAPHS - 1).inner_text().startswith("Paragraph")
        log.assert_clean()

    finally:
        context.close()


def test_the_first_screen_does_not_move_as_the_page_loads(browser: Any, site: Site) -> None:
    """A block on the first screen is laid out whole from the first frame: estimated at a
    paragraph's height instead, a 40-item list let the heading after it show on the first frame
    and then leave the screen (Lighthouse: CLS 0.18 on a practice page)."""
    context, page, log = new_page(browser, site, width=360, height=740, lay_out_everything=False)
    try:
        page.add_init_script(
            """window.shifts = [];
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) window.shifts.push(entry.value);
            }).observe({ type: "layout-shift", buffered: true });"""
        )
        page.goto(site.url + LESSON + "references/", wait_until="networkidle")
        page.wait_for_timeout(300)
        shifts = page.evaluate("window.shifts")
        assert sum(shifts) < 0.005, shifts
        log.assert_clean()
    finally:
        context.close()


def test_inline_math_keeps_the_mark_after_it_and_short_math_never_breaks(browser: Any, site: Site) -> None:
    """At every column width from 120 to 330 px: 1.18 × 10⁻³⁸ on one line with its full stop;
    the long product still breaks to fit the column, but never just before its comma. Both
    are in the HTML as built (katex_math.kept_together), so they hold without JavaScript."""
    context, page, log = new_page(browser, site, width=360, height=740, javascript=False)
    try:
        page.goto(site.url + LESSON + "lesson/", wait_until="networkidle")
        lines = page.evaluate(
            """() => {
              const p = document.querySelector('article .lesson-header ~ p');
              const [number, , product] = p.querySelectorAll('.katex');
              const out = [];
              const rects = (el) => [...el.getClientRects()].filter((r) => r.width > 0);
              const pieces = (math) => [...math.querySelectorAll('.katex-html > .katex-base')];
              const markAfter = (math) => {
                const last = pieces(math).pop();
                const drawn = last.querySelector('.course-math-mark');
                if (drawn) {  // a long formula: drawn in its last piece, and in the text for readers
                  const spoken = math.nextElementSibling;
                  return { mark: getComputedStyle(drawn, '::after').content.replaceAll('"', ''),
                           spoken: spoken.matches('.course-visually-hidden') ? spoken.textContent : null, sameLine: true };
                }
                const text = math.parentElement.lastChild;
                const range = document.createRange();
                range.setStart(text, 0);
                range.setEnd(text, 1);
                return { mark: text.data[0], sameLine: Math.abs(range.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom) < 8 };
              };
              for (let w = 120; w <= 330; w += 3) {
                p.style.width = w + 'px';
                const tops = (math) => new Set(pieces(math).map((piece) => Math.round(piece.getBoundingClientRect().bottom))).size;
                out.push({
                  w,
                  number: { lines: tops(number), ...markAfter(number) },
                  product: { lines: tops(product), ...markAfter(product),
                             overflow: Math.max(...rects(product).map((r) => r.right)) - p.getBoundingClientRect().right },
                });
              }
              return out;
            }"""
        )
        for line in lines:
            number, product = line["number"], line["product"]
            assert number["mark"] == "." and product["mark"] == product["spoken"] == ","
            assert number["lines"] == 1, f"1.18 × 10⁻³⁸ breaks at {line['w']}px"
            assert number["sameLine"], f"the full stop after 1.18 × 10⁻³⁸ starts a line at {line['w']}px"
            assert product["overflow"] <= 1, f"the long product is wider than the column at {line['w']}px"
            if line["w"] < 250:
                assert product["lines"] > 1, f"the long product does not break at {line['w']}px"
        log.assert_clean()
    finally:
        context.close()


# --- The lesson header -----------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_reading_starts_in_the_top_half_of_a_phone_screen(browser: Any, site: Site, scheme: str) -> None:
    for part in PAGES:
        context, page, log = open_at(browser, site, LESSON + part, 360, scheme)
        try:
            top = page.evaluate(
                """() => {
                  const header = document.querySelector('article .lesson-header');
                  let first = header.nextElementSibling;
                  return { first: first.tagName, top: first.getBoundingClientRect().top,
                           header: header.getBoundingClientRect().height };
                }"""
            )
            assert top["top"] < 740 / 2, f"{part or 'brief'}: the reading starts at y = {top['top']:.0f} of 740"
            log.assert_clean()
        finally:
            context.close()


def test_tab_titles_name_the_page_and_the_lesson(site: Site) -> None:
    def title(path: str) -> str:
        html = (site.dir / path / "index.html").read_text("utf-8")
        return re.search(r"<title>([^<]*)</title>", html).group(1)  # type: ignore[union-attr]

    assert title(LESSON) == "Brief · Events and outcomes - Fixture course"
    assert title(LESSON + "practice") == "Practice · Events and outcomes - Fixture course"
    assert title("tracks/t01") == "Track 1: Probability Basics - Fixture course"
    assert title("") == "Fixture course"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_track_table_is_styled_and_shows_its_phases(browser: Any, site: Site, width: int, scheme: str) -> None:
    context, page, log = open_at(browser, site, "tracks/t01/", width, scheme)
    try:
        table = page.evaluate(
            """() => {
              const t = document.querySelector('article .course-track table');
              const s = getComputedStyle(t);
              const phase = t.querySelector('th[scope=rowgroup]');
              return {
                border: s.borderTopStyle, display: s.display, width: t.getBoundingClientRect().width,
                column: t.closest('article').getBoundingClientRect().width,
                cellPadding: parseFloat(getComputedStyle(t.querySelector('td')).paddingLeft),
                cellBorder: getComputedStyle(t.querySelector('td')).borderTopStyle,
                phases: [...t.querySelectorAll('th[scope=rowgroup]')].map((th) => th.textContent),
                phaseBg: getComputedStyle(phase).backgroundColor,
                caption: t.caption.textContent,
                rows: [...t.tBodies].flatMap((b) => [...b.rows].slice(1).map((r) => r.cells[0].textContent)),
              };
            }"""
        )
        # Material's table style applies (a class on the table would opt it out).
        assert table["border"] == "solid" and table["cellBorder"] == "solid" and table["cellPadding"] > 4
        assert table["display"] == "table" and table["width"] <= table["column"] + 0.5
        assert table["phases"] == ["Phase 1: Foundations", "Later lessons"]
        assert table["phaseBg"] not in ("rgba(0, 0, 0, 0)", "transparent")
        assert table["caption"] == "Track 1 has 3 lessons: 1 available, 1 more planned and 1 not yet titled."
        assert table["rows"] == ["1", "2", "3"]  # every lesson of the total, as "Lesson 1 of 3" counts
        assert axe_violations(page) == []
        log.assert_clean()
    finally:
        context.close()


# --- Flashcards ------------------------------------------------------------------------------

DECK = '[data-widget="flashcards"]'


def button_boxes(page: Any) -> dict[str, tuple[int, int, int, int]]:
    return page.evaluate(
        """(deck) => Object.fromEntries([...document.querySelectorAll(deck + ' .flashcards__controls button')]
             .filter((b) => b.offsetParent).map((b) => { const r = b.getBoundingClientRect();
               return [b.dataset.action, [r.x, r.y, r.width, r.height].map(Math.round)]; }))""",
        DECK,
    )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_flashcard_buttons_stay_put_and_the_counter_follows(browser: Any, site: Site, width: int, scheme: str) -> None:
    context, page, log = open_at(browser, site, LESSON + "practice/", width, scheme)
    try:
        deck = page.locator(DECK)
        deck.locator(".flashcards__app").wait_for()
        # The deck's top at the top of the screen, under Material's header: the controls show.
        deck.evaluate("d => window.scrollTo(0, d.getBoundingClientRect().top + window.scrollY - 56)")
        flip = deck.locator('[data-action="flip"]').bounding_box()
        height = page.viewport_size["height"]
        assert flip["y"] + flip["height"] <= height, f"Show answer is below the first screen at {width}px"

        first = button_boxes(page)
        assert set(first) == {"prev", "flip", "next"}
        long_card = 0
        for card in range(4):
            assert button_boxes(page) == first, f"the buttons moved on card {card + 1}"
            box = deck.locator(".flashcards__viewport")
            if box.evaluate("b => b.scrollHeight > b.clientHeight + 1"):
                long_card += 1
            deck.locator('[data-action="next"]').click()
        assert long_card >= 1, "the long card scrolls inside the card, not the page"

        # Turned: the question stays above the answer; Again and Good take Show answer's place.
        deck.locator('[data-action="flip"]').click()
        front = deck.locator(".flashcards__face--front").bounding_box()
        back = deck.locator(".flashcards__face--back").bounding_box()
        assert front["y"] < back["y"] and deck.locator(".flashcards__face--front").is_visible()
        slot = deck.locator(".flashcards__grades").bounding_box()
        assert abs(slot["y"] - flip["y"]) < 1 and abs(slot["height"] - flip["height"]) < 12
        turned = button_boxes(page)
        assert turned["prev"] == first["prev"] and turned["next"] == first["next"]

        # Three grades: the counter moves on with the student.
        assert deck.locator('[data-meta="position"]').inner_text() == "Card 1 of 4"
        for expected in ("Card 2 of 4", "Card 3 of 4", "Card 4 of 4"):
            deck.locator('[data-action="good"]').click()
            assert deck.locator('[data-meta="position"]').inner_text() == expected
            assert button_boxes(page) == first
            deck.locator('[data-action="flip"]').click()
        log.assert_clean()
    finally:
        context.close()


def test_flashcard_key_help_shows_only_to_keyboard_users(browser: Any, site: Site) -> None:
    context, page, log = open_at(browser, site, LESSON + "practice/", 360, "light")
    try:
        deck = page.locator(DECK)
        keys = deck.locator(".flashcards__keys")
        assert keys.is_hidden()
        deck.locator(".flashcards__viewport").click()  # a tap or a click
        assert keys.is_hidden() and deck.locator(".flashcards__key").first.is_hidden()
        # The card is described by the key help all the same, for screen readers.
        described = deck.locator(".flashcards__viewport").get_attribute("aria-describedby")
        assert described and deck.locator(f"#{described}").count() == 1
        deck.locator('[data-action="flip"]').focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert keys.is_visible() and deck.locator(".flashcards__key").first.is_visible()
        log.assert_clean()
    finally:
        context.close()


# --- Verdicts --------------------------------------------------------------------------------

COLOURS = """(kind) => {
  const rgba = (c) => { const v = c.match(/[\\d.]+/g).map(Number); return v.length === 3 ? [...v, 1] : v; };
  // The colour behind an element: its ancestors' backgrounds, laid over each other.
  const behind = (el) => { const layers = []; for (; el; el = el.parentElement) {
      const c = rgba(getComputedStyle(el).backgroundColor); if (c[3] > 0) layers.push(c); if (c[3] === 1) break; }
    let out = [255, 255, 255]; for (const c of layers.reverse()) out = out.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
    return out; };
  const over = (c, bg) => { const v = rgba(c); return bg.map((b, i) => b * (1 - v[3]) + v[i] * v[3]); };
  const lum = (rgb) => { const [r, g, b] = rgb.map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (fg, el) => { const bg = behind(el); const [x, y] = [lum(over(fg, bg)), lum(bg)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const item = (li) => { const label = li.querySelector('label'); const verdict = li.querySelector(`.${kind}__verdict`);
    const input = label.querySelector('input'); const s = getComputedStyle(label);
    return { border: s.borderTopColor, style: s.borderTopStyle, bg: behind(label).map(Math.round).join(),
             verdict: getComputedStyle(verdict).color, text: verdict.textContent,
             textRatio: ratio(getComputedStyle(verdict).color, verdict),
             borderRatio: ratio(s.borderTopColor, label.parentElement),
             labelTextRatio: ratio(s.color, label),
             inputRatio: ratio(getComputedStyle(input).borderTopColor, label), checked: input.checked }; };
  const root = document.querySelector(`[data-widget=${kind}]`);
  const message = root.querySelector(`.${kind}__message.is-wrong`);
  return { right: item(root.querySelector('li.is-right')), wrong: item(root.querySelector('li.is-wrong')),
           message: getComputedStyle(message).color, messageRatio: ratio(getComputedStyle(message).color, message) };
}"""


def hue(colour: str) -> str:
    r, g, b = (float(v) for v in re.findall(r"[\d.]+", colour)[:3])
    return "green" if g > r and g > b else "red" if r > g and r > b else "other"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_right_and_wrong_differ_in_colour_and_meet_contrast(browser: Any, site: Site, width: int, scheme: str) -> None:
    context, page, log = open_at(browser, site, LESSON + "practice/", width, scheme)
    try:
        quiz = page.locator('[data-widget="quiz"]')
        quiz.locator("label", has_text="None of them.").click()
        quiz.locator("button", has_text="Check").click()
        page.mouse.move(0, 0)
        page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")  # border fades
        seen = page.evaluate(COLOURS, "quiz")
        right, wrong = seen["right"], seen["wrong"]
        assert hue(right["border"]) == "green" and hue(right["verdict"]) == "green", right
        assert hue(wrong["border"]) == "red" and hue(wrong["verdict"]) == "red", wrong
        assert wrong["style"] == "dashed" and right["style"] == "solid"  # and not by colour alone
        assert right["text"].startswith("✓") and wrong["text"].startswith("✗")
        # WCAG AA: text 4.5:1 on what is behind it, borders and the radio 3:1.
        for name, item in (("right", right), ("wrong", wrong)):
            assert item["textRatio"] >= 4.5, f"{name} verdict text {item['textRatio']:.2f}:1"
            assert item["labelTextRatio"] >= 4.5, f"{name} option text {item['labelTextRatio']:.2f}:1"
            assert item["borderRatio"] >= 3, f"{name} border {item['borderRatio']:.2f}:1"
        assert seen["messageRatio"] >= 4.5 and hue(seen["message"]) == "red"
        # The student's own (wrong) pick is filled; the right answer they missed is not.
        assert wrong["checked"] and not right["checked"]
        assert wrong["bg"] != right["bg"]
        assert wrong["inputRatio"] >= 3, f"the picked radio after Check {wrong['inputRatio']:.2f}:1"
        assert axe_violations(page) == []
        log.assert_clean()
    finally:
        context.close()


# --- The 404 page ----------------------------------------------------------------------------


class _Pages(http.server.SimpleHTTPRequestHandler):
    """A project site's host: the site under SUBPATH, its 404.html for any missing address."""

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0]
        if not clean.startswith(SUBPATH):
            return str(Path(self.directory) / "__outside__")
        return super().translate_path("/" + clean[len(SUBPATH) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.mark.parametrize("missing", ["nothing-here", "t01/01-events/typo/deeper/"])
def test_the_404_page_works_under_any_sub_path(browser: Any, course: Path, tmp_path: Path, missing: str) -> None:
    """Built without SITE_URL (site_url is the fixture's http://127.0.0.1:8000/), served under /course-site/."""
    site_dir = build_in_process(course, tmp_path / "site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Pages, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    try:
        for scheme in SCHEMES:
            context, page, _ = new_page(browser, Site(site_dir, base), width=360, scheme=scheme)
            try:
                response = page.goto(base + missing, wait_until="networkidle")
                assert response.status == 404
                assert page.locator("h1").inner_text() == "Page not found"
                assert page.title() == "Page not found - Fixture course"
                styled = page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")
                assert styled == "rgb(63, 81, 181)", "the page is styled without any file from the site"
                home = page.locator("a[data-site-home]").last
                page.wait_for_function("() => document.querySelector('a[data-site-home]').href.endsWith('/course-site/')")
                home.click()
                page.wait_for_load_state("networkidle")
                assert page.url == base and page.title() == "Fixture course"
                assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
                assert axe_violations(page) == []
            finally:
                context.close()
    finally:
        server.shutdown()
        server.server_close()
