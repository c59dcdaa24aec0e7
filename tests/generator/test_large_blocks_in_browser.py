"""A block the size a later lesson may have mounts whole, in Chromium, on a fixture course.

A quiz is made a few questions per task (choices.js) so that a long one never holds the page
for a tap or a key; this checks that every question of a 40-question quiz still ends up
interactive, in order, with its saved answer. How long each task takes is measured by
benchmarks/page_weight.py, not here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import Site, new_page
from fixture_course import basic_course, served_course, write_course

pytestmark = pytest.mark.browser

QUESTIONS = 40
PRACTICE = "t01/01-events/practice/"


def long_quiz() -> str:
    items = [f"Which number is {n}?\n\n- [ ] {n + 1}\n- [x] {n}\n- [ ] {n + 2}\n\nIt is {n}." for n in range(1, QUESTIONS + 1)]
    return "# Practice\n\n/// quiz | A long quiz\n    id: t01-long\n\n" + "\n\n---\n\n".join(items) + "\n///\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    files = basic_course()
    files["lesson_src/t01/01-events/practice.md"] = long_quiz()
    with served_course(write_course(tmp_path_factory.mktemp("large"), files)) as built:
        yield built


def test_a_forty_question_quiz_mounts_every_question_in_order(browser: Any, site: Site) -> None:
    context, page, log = new_page(browser, site, width=412, height=823)
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})  # as a phone: the mount takes several tasks
        page.goto(site.url + PRACTICE, wait_until="load")
        page.wait_for_selector(".quiz__footer")
        assert page.locator(".quiz__check").count() == QUESTIONS
        assert page.locator(".quiz__score").inner_text() == f"{QUESTIONS} questions, none checked yet."
        # The last question, made in the last task, answers like the first.
        last = page.locator(".quiz__question").nth(QUESTIONS - 1)
        last.get_by_role("radio", name=f"B. {QUESTIONS}").check()
        last.locator(".quiz__check").click()
        assert "1 of 40 questions right" in page.locator(".quiz__score").inner_text()
        # Its answer is kept and restored with the rest on the next visit.
        page.reload(wait_until="load")
        page.wait_for_selector(".quiz__footer")
        assert "1 of 40 questions right" in page.locator(".quiz__score").inner_text()
        log.assert_clean()
    finally:
        context.close()


def test_a_second_mount_all_waits_for_the_mount_under_way(browser: Any, site: Site) -> None:
    """mountAll resolves when every block in scope is mounted, also one another call started."""
    context, page, log = new_page(browser, site, width=412, height=823)
    try:
        page.goto(site.url + PRACTICE, wait_until="load")
        page.wait_for_selector(".quiz__footer")
        mounted = page.evaluate(
            """async (index) => {
                // The same quiz as the server sent it, under another id.
                const html = (await (await fetch(location.href)).text()).replace(/t01-long/g, "t01-extra");
                const holder = document.createElement("div");
                holder.append(new DOMParser().parseFromString(html, "text/html").querySelector("[data-widget=quiz]"));
                document.querySelector("article").append(holder);
                const { mountAll } = await import(index);
                mountAll();  // the first call claims the new block...
                await mountAll();  // ...and the second must wait for it, not return at once
                return holder.querySelectorAll(".quiz__footer").length;
            }""",
            site.url + "assets/javascripts/widgets/index.js",
        )
        assert mounted == 1
    finally:
        context.close()
