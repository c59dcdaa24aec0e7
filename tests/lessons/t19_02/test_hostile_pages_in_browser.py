"""Lesson 2's pages against hostile addresses and storage, and its calculator's work at 1,000 rows.

An address is anyone's to write and share: the fragment may name no variant, a negative one, a
huge one, markup, or be very long, and the calculator's may hold any rows at all. Storage may
refuse to be read. None of it may raise a page error, log a console error, freeze the page or put
markup on it. And each add, remove and edit of the calculator's rows, up to its limit of 1,000,
changes only the part of the page it must (its timing is benchmarks/calculator_steps.py's).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from conftest import REFUSED_STORAGE, Site, new_page

pytestmark = pytest.mark.browser

LESSON = "t19/02-autoregressive-models/lesson/"
PRACTICE = "t19/02-autoregressive-models/practice/"
CALC = '[data-widget="calculator"]'
XSS = "<img src=x onerror=window.__pwned=1>"

FRAGMENTS = [
    f"#{XSS}",
    "#t19-02-fresh-sequence=-1",
    "#t19-02-fresh-sequence=99999999999",
    "#t19-02-fresh-sequence=abc",
    f"#t19-02-fresh-sequence={XSS}",
    "#t19-02-fresh-sequence=",
    "#t19-02-fresh-sequence=7&t19-02-fresh-sequence=8",
    "#" + "a" * 100_000,
    "#t19-02-fresh-sequence=" + "9" * 50_000,
    f"#calculator-1=the:{XSS}",
    f"#calculator-1={XSS}:0.5",
    "#calculator-1=a:%E0%A4%A",
    "#calculator-1=" + ",".join(["t:0.5"] * 1001),  # over the limit: the worked example
    "#calculator-1=" + ",".join(["t:abc"] * 1000),  # 1,000 bad rows: one short message
    "#calculator-1=" + ",".join(["t:0"] * 1000),  # 1,000 impossible tokens
    "#calculator-1=" + "x" * 5000 + ":" + "9" * 5000,
    "#calculator-1=the:NaN,cat:Infinity,sat:1e999",
    "#calculator-1=%3Cb%3Ebold%3C%2Fb%3E:0.5",
]


def check_page(page: Any, where: str) -> list[str]:
    """What is wrong with the page now: markup from the address, NaN or Infinity shown."""
    problems = []
    found = page.evaluate(
        "() => ({ injected: document.querySelectorAll('article img[src=\"x\"], article b').length,"
        " pwned: window.__pwned === 1,"
        # The widgets' text: the lesson's own prose discusses NaN and infinity on purpose.
        # The exercise's class link repeats the address (as text) and is left out.
        " text: [...document.querySelectorAll('[data-widget]')].map((w) => {"
        "   const copy = w.cloneNode(true); copy.querySelector('.exercise__link')?.remove();"
        "   return w.innerText.includes('Link to this variant') ? copy.textContent : w.innerText; }).join(' ') })"
    )
    if found["injected"] or found["pwned"]:
        problems.append(f"{where}: markup from the address became an element")
    for bad in ("NaN", "undefined", "Infinity"):
        if bad in found["text"]:
            problems.append(f"{where}: the page shows {bad}")
    return problems


@pytest.mark.parametrize("path", [LESSON, PRACTICE])
def test_hostile_fragments_neither_break_nor_inject(browser: Any, site: Site, path: str) -> None:
    context, page, log = new_page(browser, site)
    problems: list[str] = []
    try:
        for fragment in FRAGMENTS:
            start = time.monotonic()
            page.goto("about:blank")
            page.goto(site.url + path + fragment, wait_until="networkidle")
            page.wait_for_selector("[data-widget-ready] :is(.nll-calc__ui, .exercise__ui)")
            if time.monotonic() - start > 10:
                problems.append(f"{fragment[:40]}: the page took {time.monotonic() - start:.1f} s")
            problems += check_page(page, fragment[:40])
        # The same addresses followed on the page itself: only the fragment changes.
        for fragment in FRAGMENTS:
            page.evaluate("f => { location.hash = f; }", fragment)
            page.evaluate("() => new Promise((r) => setTimeout(r, 50))")
            problems += check_page(page, f"hashchange {fragment[:40]}")
        log.assert_clean()
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_variant_beyond_the_exercise_is_named_shortly_as_text(browser: Any, site: Site) -> None:
    context, page, log = new_page(browser, site)
    try:
        page.goto(f"{site.url}{PRACTICE}#t19-02-fresh-sequence={'9' * 500}", wait_until="networkidle")
        status = page.locator("#t19-02-fresh-sequence .exercise__status")
        status.wait_for()
        page.wait_for_function("() => document.querySelector('#t19-02-fresh-sequence .exercise__status').textContent")
        assert status.inner_text().startswith(f"The address asks for variant {'9' * 20}…, but")
        assert page.locator("#t19-02-fresh-sequence .exercise__where").inner_text() == "Variant 0"
        log.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize("path", [LESSON, PRACTICE])
def test_refused_storage_raises_nothing_also_after_reload(browser: Any, site: Site, path: str) -> None:
    """Reading window.localStorage throws ("The operation is insecure"): no error, on either load."""
    script = REFUSED_STORAGE.replace("The user denied access to storage", "The operation is insecure")
    context, page, log = new_page(browser, site)
    context.add_init_script(script)
    try:
        page.goto(site.url + path, wait_until="networkidle")
        page.wait_for_selector("[data-widget-ready]")
        page.locator("form[data-course-palette] label:visible").first.click()
        page.reload(wait_until="networkidle")
        page.wait_for_selector("[data-widget-ready]")
        log.assert_clean()
    finally:
        context.close()


# One kind of step, `times` times, as a student takes it, counting the changes it makes to the
# calculator's DOM (a MutationObserver, for the step and the frame after it). Timings belong
# in benchmarks/calculator_steps.py; what a test can hold is the work each step does, which is
# what made a step slow before (every row rebuilt on each change).
STEPS = """async ([what, times]) => {
  const root = document.querySelector('[data-widget="calculator"]');
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const out = [];
  for (let k = 0; k < times; k++) {
    const fields = root.querySelectorAll('.nll-calc__p');
    const at = what.endsWith('last') ? fields.length - 1 : what.endsWith('first') ? 0 : Math.floor(fields.length / 2);
    const target = what === 'add' ? root.querySelector('.nll-calc__buttons button')
      : what.startsWith('remove') ? root.querySelectorAll('.nll-calc__remove')[at] : fields[at];
    await frame();
    const records = [];
    const watch = new MutationObserver((found) => records.push(...found));
    watch.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    if (what.startsWith('edit')) {
      target.value = k % 2 ? '0.3' : '0.25';
      target.dispatchEvent(new Event('input', { bubbles: true }));
    } else {
      target.click();
    }
    await frame();
    records.push(...watch.takeRecords());
    watch.disconnect();
    out.push(records.reduce((n, r) => n + (r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1), 0));
  }
  return out;
}"""


def changes_per_step(page: Any, rows: int) -> dict[str, int]:
    """The most DOM changes one step of each kind made, with `rows` rows in the calculator."""
    # Leave the page first: the calculator writes its rows to the URL a moment after the last
    # step, and that write could otherwise land after the reset and bring the old rows back.
    url = page.url.split("#")[0]
    page.goto("about:blank")
    page.goto(url + "#", wait_until="networkidle")
    page.wait_for_selector(f"{CALC} .nll-calc__ui")
    calc = page.locator(CALC)
    calc.locator(".nll-calc__repeat summary").click()
    calc.locator(".nll-calc__repeat-fields input").nth(0).fill(str(rows - 3))  # after the example's 3
    calc.locator(".nll-calc__repeat-fields input").nth(1).fill("0.1")
    calc.locator(".nll-calc__repeat-fields button").click()
    assert calc.locator(".nll-calc__p").count() == rows
    kinds = ("add", "edit", "edit-last", "edit-first", "remove-last", "remove", "remove-first")
    return {what: max(page.evaluate(STEPS, [what, 3])) for what in kinds}


def test_each_step_changes_only_what_it_must_up_to_1000_rows(browser: Any, site: Site) -> None:
    """Adding, editing and removing the last row change a few nodes, whatever the length.
    Removing another row moves the tokens after it up a place (field values, which are not DOM
    changes) and renumbers the table's rows after it: one text node each, and no row's label."""
    context, page, log = new_page(browser, site)
    try:
        page.goto(site.url + LESSON, wait_until="networkidle")
        small, large = changes_per_step(page, 90), changes_per_step(page, 990)
        assert "nats" in page.locator(CALC).locator(".nll-calc__totals").inner_text()
        log.assert_clean()
    finally:
        context.close()
    for what in ("add", "edit", "edit-last", "edit-first", "remove-last"):
        assert large[what] <= small[what] + 8 and large[what] < 80, (what, small[what], large[what])
    for what, later_rows in (("remove", 990 // 2), ("remove-first", 990)):
        assert large[what] <= later_rows + small["remove-last"] + 8, (what, large[what], later_rows)
