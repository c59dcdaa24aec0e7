"""The calculator and the fresh-sequence exercise in Chromium: the numbers the Python reference gives,
the messages bad input gets, the URL state, the exercise's verdicts, no JavaScript, axe, 360 px, dark."""

from __future__ import annotations

import math
import re
from typing import Any, cast

import pytest

from conftest import ROOT, PageLog, Site, new_page
from coursemd import nll_math as ref
from coursemd.nll_render import factor_tex, number_tex
from conftest import axe_violations as _axe_violations

pytestmark = pytest.mark.browser

LESSON = "t19/02-autoregressive-models/lesson/"
PRACTICE = "t19/02-autoregressive-models/practice/"
SCREENS = ROOT / "test-results" / "screens"
CALC = '[data-widget="calculator"]'
EXERCISE = '[data-widget="exercise"]'
EX = "#t19-02-fresh-sequence"


def open_page(browser: Any, site: Site, **kwargs: Any) -> tuple[Any, Any, PageLog]:
    """conftest.new_page, typed for Playwright's untyped objects."""
    return cast(tuple[Any, Any, PageLog], new_page(browser, site, **kwargs))


def open_widget(browser: Any, site: Site, path: str, selector: str, **kwargs: Any) -> tuple[Any, Any, PageLog]:
    """A fresh page at `path`, once the widget has mounted."""
    context, page, log = open_page(browser, site, **kwargs)
    page.goto(site.url + path, wait_until="networkidle")
    page.wait_for_selector(f"{selector} :is(.nll-calc__ui, .exercise__ui)")
    return context, page, log


def totals(page: Any) -> str:
    return page.locator(f"{CALC} .nll-calc__totals").inner_text()


def fmt(x: float, digits: int = 4) -> str:
    return "∞" if math.isinf(x) else ref.fixed(x, digits).replace("-", "−")


# --- One math: the vectors in Chromium -------------------------------------------------------------


def test_nll_math_passes_the_shared_vectors_in_chromium(browser: Any, site: Site) -> None:
    """The same vectors pytest checks the Python against, run through nll-math.js in the browser."""
    vectors = ref.load_vectors()
    context, page, log = open_page(browser, site)
    try:
        page.goto(site.url + PRACTICE, wait_until="networkidle")
        got = page.evaluate(
            """async ([url, v]) => {
                const m = await import(url);
                const num = (x) => (x === "Infinity" ? Infinity : x);
                return {
                  sequences: v.sequences.map((c) => m.summarize(m.expand(c.probabilities))),
                  probabilities: v.probabilities.map((c) => m.parseProbability(c.input)),
                  logits: v.logits.map((c) => m.parseLogit(c.input)),
                  softmax: v.softmax.map((c) => m.softmax(c.logits, c.target)),
                  scientific: v.scientific.map((c) => m.scientific(num(c.ln))),
                  fixed: v.fixed.map((c) => m.fixed(c.x, c.digits)),
                };
            }""",
            [site.url + "assets/javascripts/widgets/nll-math.js", vectors],
        )

        # Playwright returns Infinity as a float; the vectors spell it "Infinity".
        def same(a: object, b: object, where: str) -> None:
            if isinstance(b, str) and b in ("Infinity", "-Infinity"):
                assert a == float(b), where
            elif isinstance(b, float) and isinstance(a, int | float) and not isinstance(a, bool):
                assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300), f"{where}: {a} != {b}"
            elif isinstance(b, dict):
                assert isinstance(a, dict), where
                for key in b:
                    same(a.get(key), b[key], f"{where}.{key}")
            elif isinstance(b, list):
                assert isinstance(a, list), where
                for i, (x, y) in enumerate(zip(a, b)):
                    same(x, y, f"{where}[{i}]")
            else:
                assert a == b, f"{where}: {a!r} != {b!r}"

        for group in ("sequences", "probabilities", "logits", "softmax", "scientific", "fixed"):
            for i, (case, result) in enumerate(zip(vectors[group], got[group])):
                expected = case["expected"]
                if group == "sequences" and isinstance(case["probabilities"], dict):
                    result = {**result, "surprisal_nats": result["surprisal_nats"][:1]}
                    result["surprisal_bits"] = got[group][i]["surprisal_bits"][:1]
                same(result, expected, f"{group}[{i}]")
        log.assert_clean()
    finally:
        context.close()


# --- The calculator ------------------------------------------------------------------------------


def test_calculator_starts_from_the_worked_example(browser: Any, site: Site) -> None:
    context, page, log = open_widget(browser, site, LESSON, CALC)
    try:
        s = ref.summarize([0.4, 0.5, 0.6])
        text = totals(page)
        assert f"{fmt(s['nll_nats'])} nats = {fmt(s['nll_bits'])} bits" in text  # 2.1203 nats = 3.0589 bits
        assert fmt(s["perplexity"]) in text
        joint = page.locator(f"{CALC} .nll-calc__joint").inner_text()
        assert "Joint probability: 0.12" in joint
        assert page.locator(f"{CALC} svg rect.nll-calc__bar").count() == 3
        assert page.locator(f'{CALC} [aria-live="polite"]').count() >= 1
        log.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize(
    "typed",
    [["1/3", "0,25", "1e-5"], ["0.9", "0.9", "0.9"], ["1", "1/2", ".75"]],
    ids=["fraction-comma-scientific", "equal", "certain"],
)
def test_typed_inputs_give_the_python_values(browser: Any, site: Site, typed: list[str]) -> None:
    context, page, log = open_widget(browser, site, LESSON, CALC)
    try:
        fields = page.locator(f"{CALC} .nll-calc__p")
        for i, text in enumerate(typed):
            fields.nth(i).fill(text)
        ps = [ref.parse_probability(t).value for t in typed]
        s = ref.summarize(ps)
        text = totals(page)
        assert f"{fmt(s['nll_nats'])} nats = {fmt(s['nll_bits'])} bits" in text, text
        assert f"{fmt(s['mean_nats'])} nats = {fmt(s['mean_bits'])} bits" in text, text
        assert fmt(s["perplexity"]) in text
        table = page.locator(f"{CALC} [id$=-sequence] .nll-calc__table tbody").inner_text()
        for nats, bits in zip(s["surprisal_nats"], s["surprisal_bits"]):
            assert f"{fmt(nats)}\t{fmt(bits)}" in table, table
        joint = page.locator(f"{CALC} .nll-calc__joint").inner_text()
        assert (s["joint"]["decimal"] or s["joint"]["mantissa"]) in joint
        page.wait_for_function(
            "t => document.querySelector('[data-widget=calculator] .nll-calc__status').textContent.includes(t)",
            arg=f"NLL {fmt(s['nll_nats'])} nats",
        )
        log.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "empty"),
        ("abc", "not_a_number"),
        ("-0.2", "negative"),
        ("1.5", "above_one"),
        ("1/0", "divide_by_zero"),
        ("1e-400", "too_small"),
        ("0.1.2", "not_a_number"),
    ],
)
def test_bad_input_gets_its_message_and_keeps_the_last_result(browser: Any, site: Site, typed: str, error: str) -> None:
    context, page, log = open_widget(browser, site, LESSON, CALC)
    try:
        before = totals(page)
        field = page.locator(f"{CALC} .nll-calc__p").nth(1)
        field.fill(typed)
        assert field.get_attribute("aria-invalid") == "true"
        message = page.locator(f"#{field.get_attribute('aria-describedby')}")
        assert message.is_visible() and message.inner_text() == ref.MESSAGES[error]
        assert totals(page) == before  # the last good result stays
        assert page.locator(f"{CALC} [id$=-sequence] .nll-calc__stale").is_visible()
        body = page.locator(CALC).inner_text()
        assert "NaN" not in body and "undefined" not in body
        field.fill("0.5")
        assert field.get_attribute("aria-invalid") is None and not message.is_visible()
        log.assert_clean()
    finally:
        context.close()


ODD_INPUTS = [
    "",
    " ",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "-0",
    "0/0",
    "１",
    "<b>x</b>",
    "1/3/",
    "e5",
    "1e",
    ",",
    ".",
    "99999999999999999999",
    "0.0000",
    "1e-323",
    "4.9e-324",
    "1/1e400",
    "0x10",
    "½",
    "1 000",
    "--1",
    "🙂",
]


def test_no_input_gives_nan_undefined_or_a_console_error(browser: Any, site: Site) -> None:
    """Every field, every odd input: a message or a number, never NaN, undefined or an exception."""
    for path, selector, fields in (
        (LESSON, CALC, ".nll-calc__p, .nll-calc__token, .nll-calc__logit input[type=text]"),
        (PRACTICE, EXERCISE, "input[type=text]"),
    ):
        context, page, log = open_widget(browser, site, path, selector)
        try:
            if selector == CALC:
                page.locator(f"{CALC} .nll-calc__mode label").nth(1).click()
                page.locator(f"{CALC} .nll-calc__mode label").nth(0).click()
            inputs = page.locator(f"{selector} :is({fields})")
            for i in range(inputs.count()):
                for text in ODD_INPUTS:
                    field = page.locator(f"{selector} :is({fields})").nth(i)
                    if not field.is_visible():
                        page.locator(f"{CALC} .nll-calc__mode label").nth(1).click()
                    field.fill(text)
                    if selector == EXERCISE:
                        page.locator(f"{EXERCISE} button[type=submit]").click()
                    if "nll-calc__token" in (field.get_attribute("class") or ""):
                        continue  # a token is free text: "NaN" is a fine token
                    body = page.locator(selector).inner_text()
                    assert "NaN" not in body and "undefined" not in body, (i, text)
            log.assert_clean()
        finally:
            context.close()


def test_exact_zero_gives_infinite_nll_with_a_reason(browser: Any, site: Site) -> None:
    context, page, log = open_widget(browser, site, LESSON, CALC)
    try:
        field = page.locator(f"{CALC} .nll-calc__p").nth(1)
        field.fill("0")
        # While the field has focus, "0" may be the start of 0.05: nothing is infinite yet.
        assert "∞" not in totals(page)
        field.press("Tab")  # leaving the field: exactly 0 it is
        assert "∞ nats = ∞ bits" in totals(page)
        note = page.locator(f"{CALC} .nll-calc__zero")
        assert note.is_visible() and "probability exactly 0" in note.inner_text() and "impossible" in note.inner_text()
        assert "0 exactly" in page.locator(f"{CALC} .nll-calc__joint").inner_text()
        body = page.locator(CALC).inner_text()
        assert "NaN" not in body and "undefined" not in body and "Infinity" not in body
        log.assert_clean()
    finally:
        context.close()


def test_400_factors_show_1e_minus_400_and_where_floats_underflow(browser: Any, site: Site) -> None:
    context, page, log = open_widget(browser, site, LESSON, CALC)
    try:
        # Start from one row of 0.1, then append 399 more with the keyboard-reachable tool.
        page.locator(f"{CALC} .nll-calc__p").first.fill("0.1")
        for _ in range(2):
            page.locator(f"{CALC} .nll-calc__remove").last.click()
        page.locator(f"{CALC} .nll-calc__repeat summary").click()
        page.locator(f"{CALC} .nll-calc__repeat-fields input").nth(0).fill("399")
        page.locator(f"{CALC} .nll-calc__repeat-fields input").nth(1).fill("0.1")
        page.locator(f"{CALC} .nll-calc__repeat-fields button").click()
        assert page.locator(f"{CALC} .nll-calc__p").count() == 400
        joint = page.locator(f"{CALC} .nll-calc__joint").inner_text()
        assert re.search(r"1\.00 × 10\s*−400", joint), joint
        s = ref.summarize([0.1] * 400)
        assert f"{fmt(s['nll_nats'])} nats" in totals(page)
        page.locator(f"{CALC} .nll-calc__toggle input").check()
        naive = page.locator(f"{CALC} .nll-calc__naive").inner_text()
        assert "exactly 0" in naive and "factor 324" in naive and "factor 308" in naive
        log.assert_clean()
    finally:
        context.close()


def test_rows_round_trip_through_the_url_and_reset_restores_the_example(browser: Any, site: Site) -> None:
    context, page, log = open_widget(browser, site, LESSON, CALC)
    try:
        page.locator(f"{CALC} button", has_text="Add a row").click()
        tokens = page.locator(f"{CALC} .nll-calc__token")
        probs = page.locator(f"{CALC} .nll-calc__p")
        tokens.nth(3).fill("on a mat, too")
        probs.nth(3).fill("1/3")
        probs.nth(0).fill("0,25")
        # The address is written once the student pauses (replaceState): read it from the page.
        page.wait_for_function("() => location.hash.includes('calculator-1=') && location.hash.includes(':0%2C25')")
        url = page.evaluate("location.href")
        assert "#calculator-1=" in url
        shared = context.new_page()
        shared.goto(url, wait_until="networkidle")
        shared.wait_for_selector(f"{CALC} .nll-calc__ui")
        values = [shared.locator(f"{CALC} .nll-calc__p").nth(i).input_value() for i in range(4)]
        assert values == ["0,25", "0.5", "0.6", "1/3"]
        assert shared.locator(f"{CALC} .nll-calc__token").nth(3).input_value() == "on a mat, too"
        assert totals(shared) == totals(page)
        shared.locator(f"{CALC} button", has_text="Reset").click()
        assert shared.locator(f"{CALC} .nll-calc__p").count() == 3
        assert "calculator-1=" not in shared.evaluate("location.href")
        assert "2.1203 nats" in totals(shared)
        log.assert_clean()
    finally:
        context.close()


def test_the_calculator_does_not_move_under_the_pointer_as_it_scrolls_into_view(browser: Any, site: Site) -> None:
    """Its buttons stay where the student (or Playwright) aims: no row laid out late as it comes on
    screen (an estimated height replaced by the real one) shifts what is below it. A click that
    landed on a moved Reset once failed CI."""
    context, page, log = open_page(browser, site)
    try:
        page.add_init_script(
            """window.shifts = [];
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries())
                for (const source of entry.sources || [])
                  if (source.node && source.node.closest && source.node.closest('[data-widget="calculator"]'))
                    window.shifts.push(source.node.className || source.node.nodeName);
            }).observe({ type: "layout-shift", buffered: true });"""
        )
        page.goto(site.url + LESSON, wait_until="networkidle")
        page.wait_for_selector(f"{CALC} .nll-calc__ui")
        page.locator(f"{CALC} button", has_text="Reset").scroll_into_view_if_needed()
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300))))")
        assert page.evaluate("window.shifts") == []
        log.assert_clean()
    finally:
        context.close()


def test_rows_are_added_and_removed_with_the_keyboard(browser: Any, site: Site) -> None:
    context, page, log = open_widget(browser, site, LESSON, CALC)
    try:
        add = page.locator(f"{CALC} button", has_text="Add a row")
        add.focus()
        page.keyboard.press("Enter")
        assert page.locator(f"{CALC} .nll-calc__p").count() == 4
        focused = page.evaluate("document.activeElement.id")
        assert focused == "calculator-1-p-4"  # focus goes to the new row's probability
        page.keyboard.type("0.2")
        page.locator(f"{CALC} .nll-calc__token").nth(1).fill("dog")
        page.locator(f"{CALC} .nll-calc__remove").nth(0).focus()
        page.keyboard.press("Enter")
        s = ref.summarize([0.5, 0.6, 0.2])
        assert page.locator(f"{CALC} .nll-calc__p").count() == 3
        assert f"{fmt(s['nll_nats'])} nats" in totals(page)
        # The tokens moved up a place: the first row now holds "dog", its label still says
        # token 1, focus is on its probability (the next token's), and a screen reader hears why.
        first = page.locator(f"{CALC} .nll-calc__row").first
        assert first.locator(".nll-calc__token").input_value() == "dog"
        assert first.locator("label").first.inner_text() == "Token 1"
        assert page.evaluate("document.activeElement.id") == "calculator-1-p-1"
        assert page.evaluate("document.activeElement.value") == "0.5"
        labels = page.locator(f"{CALC} .nll-calc__remove").evaluate_all("(bs) => bs.map((b) => b.getAttribute('aria-label'))")
        assert labels == ["Remove row 1", "Remove row 2", "Remove row 3"]
        table = page.locator(f"{CALC} .nll-calc__table").first.locator("tbody tr").all_inner_texts()
        assert [row.split("\t")[:2] for row in table] == [["1", "dog"], ["2", "sat"], ["3", "t4"]], table
        page.wait_for_function(
            "(calc) => document.querySelector(calc + ' .nll-calc__status').textContent.startsWith('Row 1 removed')", arg=CALC
        )
        log.assert_clean()
    finally:
        context.close()


def test_softmax_mode_gives_the_python_probabilities_and_loss(browser: Any, site: Site) -> None:
    context, page, log = open_widget(browser, site, LESSON, CALC)
    try:
        page.locator(f"{CALC} .nll-calc__mode label").nth(1).click()
        inputs = page.locator(f"{CALC} .nll-calc__logit input[type=text]")
        typed = ["3", "-1,5", "1/2", "1e3"][: inputs.count()]
        for i, text in enumerate(typed):
            inputs.nth(i).fill(text)
        page.locator(f"{CALC} .nll-calc__logit input[type=radio]").nth(1).check()
        logits = [ref.parse_logit(t).value for t in typed]
        r = ref.softmax(logits, 1)
        table = page.locator(f"{CALC} .nll-calc__panel:not([hidden]) table").inner_text()
        for p in r["probabilities"]:
            assert fmt(p) in table, table
        page.wait_for_function(
            "t => [...document.querySelectorAll('[data-widget=calculator] .nll-calc__status')]"
            ".some(e => e.textContent.includes(t))",
            arg=f"= {fmt(r['nll_nats'])} nats = {fmt(r['nll_bits'])} bits",
        )
        inputs.nth(0).fill("lots")
        assert inputs.nth(0).get_attribute("aria-invalid") == "true"
        log.assert_clean()
    finally:
        context.close()


# --- The exercise --------------------------------------------------------------------------------


def exercise_answer(page: Any, joint: str, nll: str) -> tuple[str, str]:
    """Type the joint and the NLL (an empty one is left empty), press Check; the two fields' messages."""
    page.locator(f"{EX}-answer-1").fill(joint)
    page.locator(f"{EX}-answer-2").fill(nll)
    page.locator(f"{EXERCISE} button[type=submit]").click()
    return (
        page.locator(f"{EX}-answer-1-message").inner_text(),
        page.locator(f"{EX}-answer-2-message").inner_text(),
    )


def question_tex(page: Any) -> list[str]:
    """The TeX of the question's math, as the build rendered it (KaTeX keeps it in an annotation)."""
    return page.locator(f"{EXERCISE} .exercise__question annotation").all_text_contents()


def sentence(message: str) -> str:
    """A mistake's message as the exercise shows it: the reference's text, as a sentence."""
    return message if message.endswith("…") else message + "."


def pick_unit(page: Any, unit: str) -> None:
    page.locator(f"{EXERCISE} .exercise__unit-choice", has_text=unit).click()


@pytest.mark.parametrize("seed", [0, 7, 42])
def test_exercise_from_the_url_seed_matches_python_and_accepts_right_answers(
    browser: Any, site: Site, seed: int
) -> None:
    instance = ref.make_instance(seed)
    context, page, log = open_page(browser, site)
    try:
        page.goto(f"{site.url}{PRACTICE}#t19-02-fresh-sequence={seed}", wait_until="networkidle")
        page.wait_for_selector(f"{EXERCISE} .exercise__ui")
        assert page.locator(f"{EXERCISE} .exercise__where").inner_text() == f"Variant {seed}"
        prompt = page.locator(f"{EXERCISE} .exercise__question").inner_text()
        assert f"“{' '.join(instance['tokens'])}”" in prompt
        rows = [f"{factor_tex(i)} = {number_tex(p)}" for i, p in enumerate(instance["probabilities"], 1)]
        assert set(rows) <= set(question_tex(page)), (rows, question_tex(page))
        solution = page.locator(f"{EXERCISE} .exercise__toggle")
        assert not solution.is_visible()  # not before an attempt
        joint, nll = exercise_answer(page, f"{instance['joint']:.3g}", f"{instance['nll_nats']:.2f}")
        assert joint.startswith("✓ Correct") and nll.startswith("✓ Correct"), (joint, nll)
        pick_unit(page, "bits")
        _, nll = exercise_answer(page, f"{instance['joint']:.3g}", f"{instance['nll_bits']:.2f}".replace(".", ","))
        assert nll.startswith("✓ Correct")
        assert solution.is_visible()
        solution.click()
        steps = page.locator(f"{EXERCISE} .exercise__solution").inner_text()
        assert f"{fmt(instance['nll_nats'])}" in steps and f"{fmt(instance['nll_bits'])}" in steps
        assert "Chain rule." in steps and "In bits." in steps and "Not asked, for comparison." in steps
        log.assert_clean()
    finally:
        context.close()


def test_exercise_names_each_mistake(browser: Any, site: Site) -> None:
    seed = 13
    instance = ref.make_instance(seed)
    ps = instance["probabilities"]
    context, page, log = open_page(browser, site)
    try:
        page.goto(f"{site.url}{PRACTICE}#t19-02-fresh-sequence={seed}", wait_until="networkidle")
        page.wait_for_selector(f"{EXERCISE} .exercise__ui")
        joint, _ = exercise_answer(page, f"{sum(ps):.4g}", "")
        assert joint == f"✗ Not quite. {sentence(ref.MISTAKES['sum_of_probabilities'])}"
        for mistake, value in ref.mistake_values(ps, "nats").items():
            _, nll = exercise_answer(page, "", f"{value:.3f}")
            assert nll == f"✗ Not quite. {sentence(ref.MISTAKES[mistake])}", (mistake, nll)
        pick_unit(page, "bits")
        for mistake, value in ref.mistake_values(ps, "bits").items():
            _, nll = exercise_answer(page, "", f"{value:.3f}")
            assert nll == f"✗ Not quite. {sentence(ref.MISTAKES[mistake])}", (mistake, nll)
        _, nll = exercise_answer(page, "", f"{instance['nll_nats']:.3f}")
        assert ref.MISTAKES["nats_for_bits"] in nll
        _, nll = exercise_answer(page, "", "seven")
        assert nll == ref.MESSAGES["not_a_number"]  # the calculator's words: one message for every field
        log.assert_clean()
    finally:
        context.close()


def test_new_sequence_changes_the_seed_in_the_url(browser: Any, site: Site) -> None:
    context, page, log = open_widget(browser, site, PRACTICE, EXERCISE)
    try:
        exercise_answer(page, "0.5", "1")
        page.locator(f"{EXERCISE} button", has_text="New variant").click()
        page.wait_for_function("() => location.hash.includes('t19-02-fresh-sequence=')")
        url = page.evaluate("location.href")
        match = re.search(r"t19-02-fresh-sequence=(\d+)", url)
        assert match, url
        instance = ref.make_instance(int(match.group(1)))
        page.wait_for_function(
            "t => document.querySelector('#t19-02-fresh-sequence .exercise__where').textContent === t",
            arg=f"Variant {match.group(1)}",
        )
        assert " ".join(instance["tokens"]) in page.locator(f"{EXERCISE} .exercise__question").inner_text()
        assert not page.locator(f"{EXERCISE} .exercise__toggle").is_visible()
        assert page.locator(f"{EX}-answer-1").input_value() == ""
        # Following a class link on the same page changes only the fragment.
        target = 7 if match.group(1) != "7" else 8
        page.evaluate(f"location.hash = '#t19-02-fresh-sequence={target}'")
        tokens = " ".join(ref.make_instance(target)["tokens"])
        page.wait_for_function(
            "t => document.querySelector('#t19-02-fresh-sequence .exercise__question').textContent.includes(t)",
            arg=f"the sequence “{tokens}” these",
        )
        assert page.locator(f"{EXERCISE} .exercise__where").inner_text() == f"Variant {target}"
        log.assert_clean()
    finally:
        context.close()


# --- No JavaScript, accessibility, layout --------------------------------------------------------


def test_without_javascript_both_blocks_are_readable(browser: Any, site: Site) -> None:
    context, page, log = open_page(browser, site, javascript=False)
    try:
        page.goto(site.url + LESSON)
        static = page.locator(f"{CALC} .nll-calc__static")
        assert static.is_visible()
        text = static.inner_text()
        assert "2.1203 nats" in text and "3.0589 bits" in text and "2.0274" in text
        assert static.locator(".katex").count() >= 3
        page.goto(site.url + PRACTICE)
        instance = ref.make_instance(0)  # variant 0 is the one the page holds
        static = page.locator(f"{EXERCISE} .exercise__static")
        assert " ".join(instance["tokens"]) in static.inner_text()
        answer = static.locator("details")
        assert not answer.locator(".exercise__solution").is_visible()
        answer.locator("summary").click()
        assert f"{fmt(instance['nll_nats'])} nats" in answer.inner_text()
        assert answer.locator(".exercise__solution .katex-display").count() >= 2
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_axe_clean_after_interacting_fits_and_both_schemes(browser: Any, site: Site, width: int, scheme: str) -> None:
    """Each widget after use (an error showing, the solution open): axe clean, no sideways scroll."""
    problems = []
    for path, selector in ((LESSON, CALC), (PRACTICE, EXERCISE)):
        context, page, log = open_widget(browser, site, path, selector, width=width, height=800, scheme=scheme)
        try:
            if selector == CALC:
                page.locator(f"{CALC} .nll-calc__p").nth(1).fill("1.5")  # an error is showing
                page.locator(f"{CALC} .nll-calc__toggle input").check()
                page.locator(f"{CALC} .nll-calc__repeat summary").click()
            else:
                exercise_answer(page, "0.5", "-2")
                page.locator(f"{EXERCISE} button", has_text="Show solution").click()
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                problems.append(f"{path}: scrolls sideways by {overflow}px at {width}px")
            box = page.locator(selector).bounding_box()
            if box and box["x"] + box["width"] > width:
                problems.append(f"{path}: the widget is wider than {width}px")
            problems += [f"{path}: {v}" for v in _axe_violations(page)]
            SCREENS.mkdir(parents=True, exist_ok=True)
            name = f"{selector[14:-2]}-{width}-{scheme}.png"
            page.locator(selector).screenshot(path=str(SCREENS / name))
            log.assert_clean()
        finally:
            context.close()
    assert not problems, "\n".join(problems)
