"""The spot-the-causality-bug drill on the practice page in Chromium: readable without
JavaScript; a verdict (causal or leaks) and, for a leak, the line; feedback on each half;
remembered; the whole drill from the keyboard; axe clean in both schemes."""

from __future__ import annotations

import pytest
from conftest import Site, open_practice, tab_until
from test_quiz_in_browser import violations_inside

pytestmark = pytest.mark.browser

DRILL = "#t19-02-causality-bugs"
EVENTS = """() => { window.__events = [];
  for (const name of ['drill:answered', 'drill:completed'])
    document.addEventListener(name, (e) => window.__events.push({type: e.type, ...e.detail})); }"""
LINES = 5  # every model on the page has five lines
BUGS = {1: 2, 2: None, 3: 1, 4: 2}  # model -> the leaking line (0-based), None when causal


def model(page: object, n: int) -> object:
    return page.locator(f"{DRILL}-m{n}")  # type: ignore[attr-defined]


def line(m: object, i: int) -> object:
    return m.locator(".drill__lines input").nth(i)  # type: ignore[attr-defined]


def verdict(m: object, which: str) -> object:
    return m.locator(f'.drill__verdicts input[value="{which}"]')  # type: ignore[attr-defined]


def mounted(page: object) -> None:
    """Wait until the drill's script has built every model's choices: under load the module can
    arrive after the load event, and reading the page before then sees the static lists."""
    page.locator(f"{DRILL}-m{len(BUGS)} .drill__verdicts").wait_for()  # type: ignore[attr-defined]


def check(m: object) -> str:
    m.get_by_role("button", name="Check").click()  # type: ignore[attr-defined]
    return str(m.locator(".drill__message").inner_text())  # type: ignore[attr-defined]


def test_without_javascript_models_lines_and_answers_are_readable(browser: object, site: Site) -> None:
    context, page, log = open_practice(browser, site, javascript=False)
    try:
        assert page.locator(f"{DRILL} .drill__item").count() == 4  # type: ignore[attr-defined]
        first = model(page, 1)
        assert first.locator(".drill__step").count() == LINES
        # Numbered 1, 2, 3 as the key says ("line 3"), not Material's a, b, c for nested lists.
        assert first.locator(".drill__steps").evaluate("el => getComputedStyle(el).listStyleType") == "decimal"
        prompt = "Is this model causal? If it leaks the future, which line leaks?"
        assert first.locator(".drill__prompt").inner_text() == prompt
        for n, bug in BUGS.items():
            model(page, n).locator("summary").click()
            key = model(page, n).locator(".drill__key").inner_text()
            assert key == (
                "Causal: no line sees the future."
                if bug is None
                else f"It leaks the future: the bug is in line {bug + 1}."
            )
            assert model(page, n).locator(".drill__explanation").is_visible()
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_verdict_then_line_and_feedback_on_each_half(browser: object, site: Site) -> None:
    context, page, log = open_practice(browser, site, width=360, height=740)
    try:
        mounted(page)
        page.evaluate(EVENTS)  # type: ignore[attr-defined]
        m1 = model(page, 1)
        assert m1.locator("fieldset > legend").all_inner_texts() == [
            "Which line leaks the future? Pick it if one does.",
            "Your verdict on this model",
        ]
        labels = m1.locator(".drill__lines label").all_inner_texts()
        # On a phone "Line 1" sits on a line of its own above the code: split at any white space.
        assert [t.split(None, 2)[:2] for t in labels] == [["Line", str(i)] for i in range(1, LINES + 1)]
        assert m1.locator(".drill__verdicts label").all_inner_texts() == [
            "Leaks the future",
            "Causal: no line sees the future",
        ]
        assert not m1.locator(".drill__answer").is_visible()

        # Nothing chosen, then a leak without its line: each says what is missing.
        assert check(m1) == "Decide first: is this model causal, or does it leak the future?"
        verdict(m1, "leaks").check()
        assert check(m1) == "Now pick the line that leaks."
        # Picking a line is a verdict too; "causal" takes the line back.
        line(m1, 1).check()
        verdict(m1, "causal").check()
        assert not line(m1, 1).is_checked()

        # A wrong verdict: the model leaks.
        assert check(m1) == "✗ It does leak the future: the bug is in line 3."
        assert m1.locator(".drill__verdicts .drill__verdict").all_inner_texts() == ["✓ Right verdict", "✗ Your verdict"]
        assert m1.locator(".drill__lines .drill__verdict").all_inner_texts() == [
            "",
            "",
            "✓ The line that leaks",
            "",
            "",
        ]
        assert "diagonal=1" in m1.locator(".drill__explanation").inner_text()
        # The right verdict at the wrong line.
        m1.get_by_role("button", name="Try again").click()
        line(m1, 1).check()
        assert verdict(m1, "leaks").is_checked()
        assert check(m1) == "✗ Right that it leaks, but not at line 2: the bug is in line 3."
        assert m1.locator(".drill__lines .drill__verdict").all_inner_texts()[:3] == [
            "",
            "✗ Your pick: this line is causal",
            "✓ The line that leaks",
        ]
        m1.get_by_role("button", name="Try again").click()
        line(m1, 2).check()
        assert check(m1) == "✓ Right: line 3 leaks the future."

        # The causal model: "causal" is the right verdict, and a suspicious line is not a leak.
        m2 = model(page, 2)
        line(m2, 3).check()
        assert check(m2) == "✗ This model is causal: line 4 does not leak, and no other line does."
        m2.get_by_role("button", name="Try again").click()
        verdict(m2, "causal").check()
        assert check(m2) == "✓ Right: this model is causal, no line sees the future."

        for n in (3, 4):
            line(model(page, n), BUGS[n]).check()  # type: ignore[arg-type]
            assert check(model(page, n)) == f"✓ Right: line {BUGS[n] + 1} leaks the future."  # type: ignore[operator]
        assert page.locator(".drill__score").inner_text() == "4 of 4 models right."  # type: ignore[attr-defined]
        events = page.evaluate("window.__events")  # type: ignore[attr-defined]
        assert [(e["type"], e.get("item"), e.get("correct"), e.get("chosen")) for e in events] == [
            ("drill:answered", 1, False, [LINES]),
            ("drill:answered", 1, False, [1]),
            ("drill:answered", 1, True, [2]),
            ("drill:answered", 2, False, [3]),
            ("drill:answered", 2, True, [LINES]),
            ("drill:answered", 3, True, [1]),
            ("drill:answered", 4, True, [2]),
            ("drill:completed", None, None, None),
        ]
        assert events[-1] == {
            "type": "drill:completed",
            "id": "t19-02-causality-bugs",
            "checked": 4,
            "right": 4,
            "total": 4,
            "done": True,
        }

        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        assert page.locator(".drill__score").inner_text() == "4 of 4 models right."  # type: ignore[attr-defined]
        assert verdict(model(page, 2), "causal").is_checked()
        assert line(model(page, 1), 2).is_checked() and verdict(model(page, 1), "leaks").is_checked()
        page.get_by_role("button", name="Start over").last.click()  # type: ignore[attr-defined]
        assert page.locator(".drill__score").inner_text().endswith("4 models, none checked yet.")  # type: ignore[attr-defined]
        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        assert not verdict(model(page, 2), "causal").is_checked()
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_the_whole_drill_from_the_keyboard_alone(browser: object, site: Site) -> None:
    """Tab into each model's lines, arrow to the leak and Space, or Tab on to the verdict."""
    context, page, log = open_practice(browser, site)
    try:
        mounted(page)
        page.evaluate("document.querySelector('#spot-the-causality-bug').tabIndex = -1")  # type: ignore[attr-defined]
        page.focus("#spot-the-causality-bug")  # type: ignore[attr-defined]
        for n, bug in BUGS.items():
            m = f"{DRILL}-m{n}"
            if bug is None:
                tab_until(page, f"{m} .drill__verdicts input")
                page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]  # "leaks", then "causal"
                assert verdict(model(page, n), "causal").is_checked()
            else:
                tab_until(page, f"{m} .drill__lines input")
                outline = page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineStyle")  # type: ignore[attr-defined]
                assert outline == "solid"
                for _ in range(bug):
                    page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
                page.keyboard.press("Space")  # type: ignore[attr-defined]
                assert line(model(page, n), bug).is_checked() and verdict(model(page, n), "leaks").is_checked()
            tab_until(page, f"{m} .drill__check")
            page.keyboard.press("Enter")  # type: ignore[attr-defined]
            assert model(page, n).locator(".drill__message").inner_text().startswith("✓ Right")
            assert page.evaluate("document.activeElement.textContent") == "Try again"  # type: ignore[attr-defined]
        assert page.locator(".drill__score").inner_text() == "4 of 4 models right."  # type: ignore[attr-defined]
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_checked_drill_is_axe_clean_and_fits(browser: object, site: Site, width: int, scheme: str) -> None:
    context, page, log = open_practice(browser, site, width=width, scheme=scheme)
    try:
        mounted(page)
        line(model(page, 1), 0).check()
        check(model(page, 1))
        verdict(model(page, 2), "causal").check()
        check(model(page, 2))
        verdict(model(page, 3), "leaks").check()
        check(model(page, 3))  # asks for the line
        line(model(page, 4), 1).focus()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0  # type: ignore[attr-defined]
        box = page.locator(DRILL).bounding_box()  # type: ignore[attr-defined]
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        violations = violations_inside(page, DRILL)
        assert not violations, "\n".join(violations)
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]
