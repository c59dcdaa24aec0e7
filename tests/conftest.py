"""Shared fixtures: a strict build of the site, served under a sub-path, and Chromium.

The browser tests build the site once per session with `site_url` under `/course-site/`,
as GitHub Pages serves a project site, and serve it from 127.0.0.1 with a tiny HTTP server
that answers nothing outside that prefix. So every browser test also proves that pages,
assets, search and links work under a sub-path.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUBPATH = "/course-site/"
# Debian's Chromium here and in .ci/run; GitHub's runners point CHROMIUM_PATH at Google Chrome.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build_site(
    site_dir: Path,
    site_url: str = "http://127.0.0.1:8000/",
    config_file: Path | None = None,
    features: tuple[str, ...] = (),
) -> None:
    """Build the site strictly into `site_dir`, as `mkdocs build --strict` would, with Material
    `features` added to those mkdocs.yml turns on (to test one that is off by default)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(
        str(config_file or ROOT / "mkdocs.yml"), site_dir=str(site_dir), site_url=site_url, strict=True
    )
    config.theme["features"] = [*config.theme["features"], *features]
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under SUBPATH only, like a GitHub Pages project site."""

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(SUBPATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + clean[len(SUBPATH) :])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@dataclass
class Site:
    """A built site being served: its folder and its base URL (ending in SUBPATH)."""

    dir: Path
    url: str

    def pages(self) -> list[str]:
        """Every HTML page's path relative to the site root, e.g. 't19/02-autoregressive-models/'."""
        out = []
        for html in sorted(self.dir.rglob("index.html")):
            rel = html.parent.relative_to(self.dir).as_posix()
            out.append("" if rel == "." else rel + "/")
        return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(site_dir: Path, config_file: Path | None = None, features: tuple[str, ...] = ()) -> Iterator[Site]:
    """Build the site (from `config_file`, default mkdocs.yml) and serve it under SUBPATH."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}{SUBPATH}"
    build_site(site_dir, site_url=url, config_file=config_file, features=features)
    handler = functools.partial(_SubPathHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(site_dir, url)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The site built once, served at http://127.0.0.1:<port>/course-site/."""
    with served(tmp_path_factory.mktemp("site")) as built:
        yield built


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright. Under CI=true a missing browser is a failure."""
    if not CHROMIUM.exists() or shutil.which("node") is None:
        message = f"{CHROMIUM} is not installed (apt-get install chromium); `make test` installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageLog:
    """What a page did: console errors, failed requests and requests that left the site."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    off_origin: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page: object) -> None:
        """Record the page's console errors, page errors and network traffic."""
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))  # type: ignore[attr-defined]
        page.on("requestfailed", self._on_request_failed)  # type: ignore[attr-defined]
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} (HTTP {r.status})"))  # type: ignore[attr-defined]
        page.on("request", self._on_request)  # type: ignore[attr-defined]

    def _on_request_failed(self, request: object) -> None:
        # net::ERR_ABORTED is the browser cancelling its own request (a busy page's favicon
        # fetch, a navigation away), not the site failing; a missing file is a 404, caught
        # by the response handler, and a module that fails to load is a console error.
        if request.failure == "net::ERR_ABORTED":  # type: ignore[attr-defined]
            return
        self.failed.append(f"{request.url} ({request.failure})")  # type: ignore[attr-defined]

    def _on_request(self, request: object) -> None:
        url: str = request.url  # type: ignore[attr-defined]
        self.requests.append(url)
        if url.startswith(("data:", "blob:", "about:")):
            return
        if not url.startswith(self.origin):
            self.off_origin.append(url)

    def assert_clean(self) -> None:
        """Fail on any console error, failed request or request to another origin."""
        assert not self.off_origin, f"requests left the site: {self.off_origin}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


# course.css lays a block of the text out only once it comes near the screen, and until then
# Chromium's innerText (Playwright's inner_text) of anything in it is "". A student reads a
# block on screen, so the widget tests read every block laid out (the rule below is added to
# course.css as it is served, which works with JavaScript off too); what laying out late does
# is tested on its own (test_page_design_in_browser.py), and the whole-site sweep keeps it.
LAY_OUT_EVERYTHING = "\n.md-content__inner > * { content-visibility: visible !important; }\n"


def _lay_out_everything(route: object) -> None:
    response = route.fetch()  # type: ignore[attr-defined]
    route.fulfill(response=response, body=response.text() + LAY_OUT_EVERYTHING)  # type: ignore[attr-defined]


def new_page(
    browser: object,
    site: Site,
    *,
    width: int = 1280,
    height: int = 800,
    scheme: str = "light",
    javascript: bool = True,
    lay_out_everything: bool = True,
) -> tuple[object, object, PageLog]:
    """Open a fresh context (no stored state) and page; return (context, page, log).

    `lay_out_everything=False` keeps the site's own layout of far blocks (LAY_OUT_EVERYTHING)."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": height},
        color_scheme=scheme,
        java_script_enabled=javascript,
        service_workers="block",
    )
    if lay_out_everything:
        context.route("**/assets/stylesheets/course.css*", _lay_out_everything)  # type: ignore[attr-defined]
    page = context.new_page()
    log = PageLog(origin=site.url.split(SUBPATH)[0] + "/")
    log.attach(page)
    return context, page, log


# Violations in Material's own markup that this project cannot fix, by axe rule id and a
# CSS selector fragment of the node. Every entry says why; widgets never go here.
AXE_BASELINE: dict[str, list[str]] = json.loads((Path(__file__).with_name("axe_baseline.json")).read_text("utf-8"))[
    "ignore"
]


def axe_violations(page: object) -> list[str]:
    """axe-core's violations on the page, less the baseline's (Material's own markup)."""
    from axe_playwright_python.sync_playwright import Axe

    # Lay the whole text out first. course.css lays a block out only near the screen, so the page
    # below moves while axe scrolls from element to element, and axe then reads a colour from
    # whatever is at that point by then (the footer's white text "on" the page's grey). The
    # colours it checks do not depend on when a block is laid out.
    page.add_style_tag(content=LAY_OUT_EVERYTHING)  # type: ignore[attr-defined]
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if any(fragment in target for fragment in AXE_BASELINE.get(violation["id"], [])):
                continue
            found.append(f"{violation['id']} at {target}: {violation['help']}")
    return found


# --- The practice page, shared by the widget tests --------------------------------------------

PRACTICE = "t19/02-autoregressive-models/practice/"

# Storage as a browser refuses it when the student disabled it (or some private modes do):
# merely reading `window.localStorage` throws a SecurityError.
REFUSED_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The user denied access to storage", "SecurityError"); },
});
"""

# Storage that reads but cannot write: a full quota. Every write throws, for every key.
FULL_STORAGE = """
Storage.prototype.setItem = function () { throw new DOMException("quota exceeded", "QuotaExceededError"); };
"""


def open_practice(
    browser: object, site: Site, *, init_script: str | None = None, **kwargs: object
) -> tuple[object, object, PageLog]:
    """A fresh context on the practice page (after `init_script`, if any, in every document)."""
    context, page, log = new_page(browser, site, **kwargs)  # type: ignore[arg-type]
    if init_script:
        context.add_init_script(init_script)  # type: ignore[attr-defined]
    page.goto(site.url + PRACTICE, wait_until="networkidle")  # type: ignore[attr-defined]
    return context, page, log


def tab_until(page: object, selector: str, limit: int = 12) -> None:
    """Press Tab until focus is on an element matching `selector` (fails after `limit`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):  # type: ignore[attr-defined]
            return
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")  # type: ignore[attr-defined]
    raise AssertionError(f"Tab never reached {selector}; focus is on {focused}")
