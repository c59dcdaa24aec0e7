"""Every odd input in every numeric field, and hostile storage, on a fixture course in Chromium.

The fixture is the Bayes' rule course (tests/bayes_course.py) with a numeric quiz question beside
its exercise and a calculator on its lesson page, so every kind of numeric field the generator
makes is here: the quiz's answer, the exercise's answers, the calculator's probabilities, logits
and its "append many rows" fields. Each text is typed into each field in the page itself (one
evaluate per page, so the whole corpus costs a second, not a thousand round trips); the message
the field shows is compared with the one nll_math.py, number-input.js's Python twin, gives for
that text, so one parser and one set of messages is what is tested. No test may log a page error
or a console error, freeze, show NaN or Infinity, or let typed markup become an element.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from bayes_course import FOLDER, PRACTICE, PRACTICE_PAGE, bayes_course
from conftest import FULL_STORAGE, REFUSED_STORAGE, Site, new_page, served
from fixture_course import write_course

from coursemd import nll_math as ref

pytestmark = pytest.mark.browser

LESSON_PAGE = PRACTICE_PAGE.replace("/practice/", "/lesson/")

QUIZ = """

/// quiz
    id: odd-quiz

What is a quarter as a decimal?

Answer: 0.25
Tolerance: 0.001

One divided by four.
///
"""

LESSON = """\
# Lesson

A sequence, worked out.

/// calculator
    vocabulary: [ill, healthy]
    logits: [0, 1]

ill | 0.4
healthy | 0.5
///
"""

# Light and dark with a toggle, as the course's own mkdocs.yml has: Material stores the choice.
PALETTE = """\
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
"""

XSS = "<img src=x onerror=window.__pwned=1>"

#: Odd texts for a number, each a separate way to go wrong (or a valid form a field must take).
ODD = [
    "",
    "   ",
    "1e",
    "2.5E-",
    "1e999",
    "-1e999",
    "1e-999",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x10",
    "1/0",
    "0/0",
    "1/2/3",
    "1 000",
    "½",
    "１",
    "--1",
    "\u22121",
    "\u22120.5",
    "+0.5",
    " 0.25 ",
    "0,25",
    "1/4",
    "2.5e-1",
    "1e\u22121",
    "9" * 101,
    "x" * 5000,
    XSS,
    "<b>0.5</b>",
    "🙂",
    "4 bits",
    "4 bans",
]

# Types `texts` into each field matching `selector`, one after the other, as a keyboard would
# (focus, input events, then change and blur, as leaving the field does), pressing the field's
# form button when `check` names one. Returns, per field and text, the message shown beside the
# field (or "" when it took the number), and whether any text on the widget reads NaN/Infinity.
TYPE_ALL = """async ([selector, texts, check, messageOf]) => {
  const out = [];
  const fields = [...document.querySelectorAll(selector)];
  for (const field of fields) {
    const root = field.closest('[data-widget]');
    for (const text of texts) {
      field.focus();
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
      field.blur();
      if (check) root.querySelector(check)?.click();
      await new Promise((r) => setTimeout(r, 0));
      const id = (field.getAttribute('aria-describedby') || '').split(' ')[0];
      const message = document.getElementById(messageOf ? field.id + messageOf : id);
      const shown = message && !message.hidden ? message.textContent.trim() : '';
      const body = root.innerText;
      out.push({ field: field.id, text: text.slice(0, 30), shown, bad: /NaN|undefined|Infinity/.test(body) });
    }
  }
  return { out, injected: document.querySelectorAll('img[src="x"], b').length, pwned: window.__pwned === 1 };
}"""


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    files = bayes_course(practice=PRACTICE + QUIZ)
    files[f"{FOLDER}/lesson.md"] = LESSON
    course = write_course(tmp_path_factory.mktemp("odd-input"), files)
    config = course / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  font: false\n", "  font: false\n" + PALETTE, 1), "utf-8")
    with served(course / "site", config_file=course / "mkdocs.yml") as site:
        yield site


def open_at(browser: Any, site: Site, path: str, *, init_script: str | None = None) -> tuple[Any, Any, Any]:
    context, page, log = new_page(browser, site)
    if init_script:
        context.add_init_script(init_script)
    page.goto(site.url + path, wait_until="networkidle")
    return context, page, log


def number_message(text: str) -> str:
    """What any numeric field says of `text` when it is not a number at all ("" when it is one)."""
    return ref.parse_number(text).message or ""


def test_every_numeric_field_reads_odd_input_alike(browser: Any, odd: Site) -> None:
    problems: list[str] = []
    context, page, log = open_at(browser, odd, PRACTICE_PAGE)
    try:
        page.wait_for_selector("#screening .exercise__input")
        page.wait_for_selector("#odd-quiz .quiz__input")
        # The quiz's Check is its question's first button; its message is the field's "-error".
        for selector, check, message in (
            ("#odd-quiz .quiz__input", "button", "-error"),
            ("#screening .exercise__input", "button[type=submit]", None),
        ):
            result = page.evaluate(TYPE_ALL, [selector, ODD, check, message])
            for row in result["out"]:
                text = next(t for t in ODD if t.startswith(row["text"]) and len(t) >= len(row["text"]))
                expected = number_message(text)
                unit = text.endswith(("bits", "bans"))
                if "screening" in selector and not text.strip():
                    continue  # an empty answer of two is left unchecked; the status line says so
                if row["bad"]:
                    problems.append(f"{row['field']} {text[:30]!r}: the widget shows NaN, Infinity or undefined")
                if expected and not unit and row["shown"] != expected:
                    problems.append(f"{row['field']} {text[:30]!r}: {row['shown']!r}, expected {expected!r}")
                if not expected and row["shown"] in ref.MESSAGES.values():
                    problems.append(f"{row['field']} {text[:30]!r}: a number, refused with {row['shown']!r}")
            assert not result["injected"] and not result["pwned"], "typed markup became an element"
        log.assert_clean()
    finally:
        context.close()

    context, page, log = open_at(browser, odd, LESSON_PAGE)
    try:
        page.wait_for_selector("[data-widget=calculator] .nll-calc__ui")
        page.locator("[data-widget=calculator] .nll-calc__repeat summary").click()
        page.locator("[data-widget=calculator] .nll-calc__mode label").nth(1).click()  # logits shown
        page.locator("[data-widget=calculator] .nll-calc__mode label").nth(0).click()
        for selector, parse in (
            ("[data-widget=calculator] .nll-calc__p", ref.parse_probability),
            (".nll-calc__logit input[type=text]", ref.parse_logit),
        ):
            result = page.evaluate(TYPE_ALL, [selector, ODD, None, None])
            for row in result["out"]:
                text = next(t for t in ODD if t.startswith(row["text"]) and len(t) >= len(row["text"]))
                expected = parse(text).message or ""
                if row["shown"] != expected:
                    problems.append(f"{row['field']} {text[:30]!r}: {row['shown']!r}, expected {expected!r}")
                if row["bad"]:
                    problems.append(f"{row['field']} {text[:30]!r}: the widget shows NaN, Infinity or undefined")
            assert not result["injected"] and not result["pwned"], "typed markup became an element"
        # The append tool: its probability reads as the rows' do; its count is a whole number.
        calc = page.locator("[data-widget=calculator]")
        for text in ODD:
            calc.locator(".nll-calc__repeat-fields input").nth(1).fill(text)
            calc.locator(".nll-calc__repeat-fields button").click()
            expected = ref.parse_probability(text).message
            message = calc.locator(".nll-calc__repeat .nll-calc__message")
            if expected:
                assert message.inner_text() == expected, text[:30]
            else:
                calc.locator(".nll-calc__buttons button", has_text="Reset").click()
        for count in ("", "0", "-1", "1.5", "1e3", "99999999999"):  # a number field takes no letters
            calc.locator(".nll-calc__repeat-fields input").nth(0).fill(count)
            calc.locator(".nll-calc__repeat-fields input").nth(1).fill("0.5")
            calc.locator(".nll-calc__repeat-fields button").click()
            assert calc.locator(".nll-calc__p").count() <= 1000
        assert "NaN" not in calc.inner_text() and page.evaluate("window.__pwned") is None
        log.assert_clean()
    finally:
        context.close()
    assert not problems, "\n".join(problems)


PALETTE_KEY = "/course-site/.__palette"
GOOD_PALETTE = '{"index":1,"color":{"media":"(prefers-color-scheme: dark)","scheme":"slate","primary":"indigo","accent":"indigo"}}'

#: Values Material could find under its keys, left by an older version, an extension or a hand.
CORRUPT = {
    PALETTE_KEY: [
        '{"bad json',
        "42",
        json.dumps("x" * 5000),
        "[]",
        "true",
        '{"index":"x"}',
        '{"color":5}',
        '{"index":0,"color":{"media":7}}',
        '{"index":0,"color":{"media":"(prefers-color-scheme)"}}',
        '{"index":0,"color":{"not an attribute name":"x"}}',
    ],
    "/course-site/.__tabs": ["5", "{", '"tab"'],
    "/course-site/.__consent": ["{", "7"],
}


@pytest.mark.parametrize("state", ["refused", "full"])
def test_refused_or_full_storage_costs_only_persistence(browser: Any, odd: Site, state: str) -> None:
    """Reading storage throws (privacy modes), or every write does (a full quota): no error, twice."""
    context, page, log = open_at(browser, odd, PRACTICE_PAGE, init_script=REFUSED_STORAGE if state == "refused" else FULL_STORAGE)
    try:
        for path in (PRACTICE_PAGE, LESSON_PAGE):
            page.goto(odd.url + path, wait_until="networkidle")
            page.wait_for_selector("[data-widget-ready]")
            page.locator("form[data-course-palette] label:visible").first.click()  # the toggle writes
            page.reload(wait_until="networkidle")
            page.wait_for_selector("[data-widget-ready]")
        log.assert_clean()
    finally:
        context.close()


def test_corrupt_material_values_are_dropped_before_material_reads_them(browser: Any, odd: Site) -> None:
    context, page, log = open_at(browser, odd, PRACTICE_PAGE)
    try:
        for key, values in CORRUPT.items():
            for value in values:
                page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, value])
                page.reload(wait_until="networkidle")
                kept = page.evaluate("k => localStorage.getItem(k)", key)
                # Gone, or (the palette) written by the toggle.
                assert kept is None or (key == PALETTE_KEY and isinstance(json.loads(kept)["index"], int)), (key, value, kept)
                assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
                assert log.console_errors == [], (key, value, log.console_errors)
        # A palette Material wrote itself is kept and applied: the guard removes only what is wrong.
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [PALETTE_KEY, GOOD_PALETTE])
        page.reload(wait_until="networkidle")
        assert page.evaluate("k => localStorage.getItem(k)", PALETTE_KEY) == GOOD_PALETTE
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        log.assert_clean()
    finally:
        context.close()


def test_the_storage_guard_is_the_first_script(odd: Site) -> None:
    """Material's inline scripts read storage from the head on: the guard must come before them."""
    html = (odd.dir / PRACTICE_PAGE / "index.html").read_text("utf-8")
    first = html.index("<script")
    assert html.index('"storage-probe"') < html.index("<script", first + 1)
    assert html.index('"storage-probe"') < html.index("__md_get=")
