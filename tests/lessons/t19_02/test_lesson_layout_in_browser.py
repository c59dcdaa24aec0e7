"""Lesson 2 as a student sees it (issue 13), in Chromium at 360 and 1280 px, light and dark:
every display formula fits its box or says that it scrolls and takes focus; the reading starts
in the top half of a phone screen; tab titles name the lesson; the header's "Lesson 2 of 15"
is what the track page counts; the drill's code breaks between tokens; the practice options
use the phone's width; the drill's right and wrong differ in colour."""

from __future__ import annotations

import contextlib
import re
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import Site, new_page

pytestmark = pytest.mark.browser

LESSON = "t19/02-autoregressive-models/"
TITLE = "Autoregressive models, factoring by the chain rule"
PAGES = {"": "Brief", "lesson/": "Lesson", "summary/": "Summary", "practice/": "Practice",
         "cheatsheet/": "Cheatsheet", "references/": "References"}
WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")


def open_at(browser: Any, site: Site, path: str, width: int, scheme: str) -> tuple[Any, Any, Any]:
    context, page, log = new_page(browser, site, width=width, height=740 if width < 600 else 800, scheme=scheme)
    page.goto(site.url + path, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(100)  # a11y-fixes.js checks the formulas on the next frame
    return context, page, log


CUES_GIVEN = """() => [...document.querySelectorAll('article .katex-display')]
  .every((m) => !m.offsetParent || m.scrollWidth <= m.clientWidth + 1 || m.hasAttribute('data-scrolls'))"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_display_formula_fits_or_says_it_scrolls(browser: Any, site: Site, width: int, scheme: str) -> None:
    problems = []
    for part in PAGES:
        context, page, log = open_at(browser, site, LESSON + part, width, scheme)
        try:
            # The widgets start one task each and a11y-fixes.js looks once a frame: on a loaded
            # machine the last widget's formulas get their cue some frames after the load.
            with contextlib.suppress(PlaywrightTimeoutError):
                page.wait_for_function(CUES_GIVEN, timeout=3000)
            formulas = page.evaluate(
                """() => [...document.querySelectorAll('article .katex-display')].filter((m) => m.offsetParent)
                     .map((m) => ({ over: m.scrollWidth - m.clientWidth, scrolls: m.hasAttribute('data-scrolls'),
                                    tabindex: m.getAttribute('tabindex'),
                                    cue: getComputedStyle(m, '::after').content,
                                    wider: m.getBoundingClientRect().width - m.parentElement.getBoundingClientRect().width,
                                    tex: (m.querySelector('annotation') || {}).textContent || '' }))"""
            )
            for f in formulas:
                if f["wider"] > 0.5:
                    problems.append(f"{part or 'brief'}: a formula box is wider than its column: {f['tex'][:60]}")
                if f["over"] > 1 and not (f["scrolls"] and f["tabindex"] == "0" and "scroll" in f["cue"]):
                    problems.append(f"{part or 'brief'}: {f['tex'][:60]} overflows by {f['over']}px with no cue")
            log.assert_clean()
        finally:
            context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_reading_starts_in_the_top_half_of_a_phone_screen(browser: Any, site: Site, scheme: str) -> None:
    starts = {}
    for part in PAGES:
        context, page, _ = open_at(browser, site, LESSON + part, 360, scheme)
        try:
            starts[part or "brief"] = page.evaluate(
                "document.querySelector('article .lesson-header').nextElementSibling.getBoundingClientRect().top"
            )
        finally:
            context.close()
    late = {name: round(top) for name, top in starts.items() if top >= 740 / 2}
    assert not late, f"the reading starts below y = 370 of 740 on {late}"


def test_tab_titles_name_the_page_and_the_lesson(site: Site) -> None:
    for part, page_title in PAGES.items():
        html = (site.dir / LESSON / part / "index.html").read_text("utf-8")
        title = re.search(r"<title>([^<]*)</title>", html).group(1)  # type: ignore[union-attr]
        assert title == f"{page_title} · {TITLE} - Generative Models Course", part


def test_the_header_counts_what_the_track_page_lists(site: Site) -> None:
    header = (site.dir / LESSON / "index.html").read_text("utf-8").split('<div class="lesson-header">', 1)[1]
    assert re.search(r"Lesson 2 of 15\b", re.sub(r"\s+", " ", header.split("</p>", 1)[0]))
    track = (site.dir / "tracks/t19/index.html").read_text("utf-8")
    table = track.split('<div class="course-track">', 1)[1].split("</table>", 1)[0]
    numbers = re.findall(r"<tr[^>]*><td>([^<]+)</td>", table)
    assert numbers[:4] == ["1", "2", "3", "4"] and numbers[-1] == "5–15"  # 15 lessons, as the header says
    assert "Track 19 has 15 lessons:" in table
    assert "Phase 1: Generative foundations" in table


@pytest.mark.parametrize("width", WIDTHS)
def test_drill_code_never_breaks_inside_a_name(browser: Any, site: Site, width: int) -> None:
    context, page, log = open_at(browser, site, LESSON + "practice/", width, "light")
    try:
        split = page.evaluate(
            """() => {
              const out = [];
              for (const code of document.querySelectorAll('[data-widget=drill] .drill__lines code')) {
                const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
                const texts = [];
                while (walker.nextNode()) texts.push(walker.currentNode);
                // The offset of a character of code.textContent in its text node.
                const at = (index, end) => { for (const t of texts) {
                  if (index < t.length || (end && index === t.length)) return [t, index]; index -= t.length; } };
                // A name: the line may break between tokens ("F." | "binary_cross_entropy(" | "logits,"),
                // never inside one.
                for (const m of code.textContent.matchAll(/\\w+/g)) {
                  const r = document.createRange();
                  r.setStart(...at(m.index, false));
                  r.setEnd(...at(m.index + m[0].length, true));
                  const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
                  if (tops.size > 1) out.push(m[0]);
                }
              }
              return out;
            }"""
        )
        assert split == [], f"code broken inside a name at {width}px: {split}"
        log.assert_clean()
    finally:
        context.close()


def test_practice_options_use_the_phone_width(browser: Any, site: Site) -> None:
    context, page, log = open_at(browser, site, LESSON + "practice/", 360, "light")
    try:
        widths = page.evaluate(
            """() => ({ column: document.querySelector('article').getBoundingClientRect().width,
                        quiz: Math.min(...[...document.querySelectorAll('[data-widget=quiz] .quiz__label')].map((l) => l.getBoundingClientRect().width)),
                        drill: Math.min(...[...document.querySelectorAll('[data-widget=drill] .drill__label')].map((l) => l.getBoundingClientRect().width)),
                        text: Math.min(...[...document.querySelectorAll('[data-widget=quiz] .quiz__text')].map((l) => l.getBoundingClientRect().width)) })"""
        )
        # The block's own border and padding are all that is left: 328 px of column, 300 px of option.
        assert widths["quiz"] >= widths["column"] - 26 and widths["drill"] >= widths["column"] - 26, widths
        assert widths["text"] >= 255, widths  # was about 230
        log.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_drill_right_and_wrong_differ_in_colour(browser: Any, site: Site, scheme: str) -> None:
    context, page, log = open_at(browser, site, LESSON + "practice/", 360, scheme)
    try:
        model = page.locator("[data-widget=drill] .drill__items > li").first
        model.locator(".drill__verdicts label").first.click()  # "Leaks the future"
        lines = model.locator(".drill__lines label")
        if lines.first.is_enabled():
            lines.first.click()
        model.locator("button", has_text="Check").click()
        page.mouse.move(0, 0)
        page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")
        colours = page.evaluate(
            """(root) => { const c = (sel) => [...root.querySelectorAll(sel)].map((el) => getComputedStyle(el).borderTopColor);
                 return { right: c('li.is-right > .drill__label'), wrong: c('li.is-wrong > .drill__label') }; }""",
            model.element_handle(),
        )
        assert colours["right"] and colours["wrong"], colours
        assert set(colours["right"]).isdisjoint(colours["wrong"]), colours

        def channel(colour: str) -> list[float]:
            return [float(v) for v in re.findall(r"[\d.]+", colour)[:3]]

        assert all(channel(c)[1] > channel(c)[0] for c in colours["right"]), colours  # green-ish
        assert all(channel(c)[0] > channel(c)[1] for c in colours["wrong"]), colours  # red-ish
        log.assert_clean()
    finally:
        context.close()
