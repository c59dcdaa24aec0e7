"""Every link and asset of every page resolves under /course-site/, as on a GitHub Pages project site."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

from conftest import SUBPATH, Site


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if (name == "href" and tag in ("a", "link")) or (name == "src" and tag in ("img", "script", "source")):
                self.refs.append(value)


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            body = response.read()
            kind = response.headers.get("Content-Type", "")
            return response.status, body.decode("utf-8", "replace") if "html" in kind else ""
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_every_link_and_asset_resolves_under_the_sub_path(site: Site) -> None:
    origin = site.url.split(SUBPATH)[0]
    seen: dict[str, tuple[int, str]] = {}
    problems: list[str] = []
    checked = 0
    for path in site.pages():
        page_url = site.url + path
        status, html = _fetch(page_url)
        assert status == 200, page_url
        parser = _Refs()
        parser.feed(html)
        for ref in parser.refs:
            if ref.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = urljoin(page_url, ref)
            if not target.startswith(origin):
                continue  # links to other sites are plain links; test_site_in_browser checks loads
            bare, fragment = urldefrag(target)
            if not bare.startswith(site.url):
                problems.append(f"{path}: {ref} points outside {SUBPATH}")
                continue
            if bare not in seen:
                seen[bare] = _fetch(bare)
            status, body = seen[bare]
            checked += 1
            if status != 200:
                problems.append(f"{path}: {ref} -> HTTP {status}")
            elif fragment and body:
                target_ids = _Refs()
                target_ids.feed(body)
                if fragment not in target_ids.ids:
                    problems.append(f"{path}: {ref} -> no element with id '{fragment}'")
    assert checked > 100, checked
    assert not problems, "\n".join(problems)


def test_sitemap_and_canonical_urls_use_the_sub_path(site: Site) -> None:
    status, _ = _fetch(site.url + "sitemap.xml")
    assert status == 200
    html = _fetch(site.url + "t19/02-autoregressive-models/lesson/")[1]
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    assert canonical and canonical.group(1) == site.url + "t19/02-autoregressive-models/lesson/"
