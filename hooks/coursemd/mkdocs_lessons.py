"""MkDocs hooks: lesson sources into the site, KaTeX's own CSS and fonts, page context.

Thin glue only. Everything that renders Markdown lives in the `coursemd` extensions,
which would run unchanged under any Python-Markdown host (MkDocs 2 and Zensical drop hooks).
"""

from __future__ import annotations

import difflib
import logging
import os
import posixpath
import re
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.nav import Navigation
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
import yaml

from coursemd.blocks_base import block_names_in
from coursemd.figure_size import sized_images
from coursemd.katex_math import KATEX_ROOT, math_as_tex
from coursemd.katex_renderer import KatexUnavailable, find_katex_dir, katex_version
from coursemd.messages import author_message, yaml_mistake
from coursemd.minify import MinifyError, MinifyUnavailable, minified
from coursemd.numbers import code_spans
from coursemd.source import generated_line, set_document, warned_about_generated
from coursemd.lesson_meta import ASSET_SUFFIXES, Lesson, Track, lesson_title, load_course, read_text

__all__ = ["on_startup", "on_config", "on_files", "on_page_read_source", "on_page_markdown", "on_page_content", "on_page_context", "on_post_page", "on_post_build"]

log = get_plugin_logger("lessons")

KATEX_ASSETS = "assets/katex"
#: The generator's own templates and the widgets' CSS and JS, shipped inside the package.
PACKAGE = Path(__file__).resolve().parent
THEME_DIR = PACKAGE / "theme"
ASSETS_DIR = PACKAGE / "assets"
#: Stylesheets every page links (the header, print layout); a block's own stylesheet is linked
#: only on pages that show that block (see on_post_page).
SITE_STYLESHEETS = ("course.css", "print.css")
SCRIPTS = ("a11y-fixes.js", "widgets/index.js")
TRACK_MARKER = "<!-- track-lessons -->"
TRACKS_MARKER = "<!-- course-tracks -->"
START_MARKER = "<!-- course-start-here -->"

# Module state survives `mkdocs serve` rebuilds (hooks are imported once), so on_config
# rebuilds all of it every time.
_tracks: dict[str, Track] = {}
_pages: dict[str, tuple[Lesson, str]] = {}  # site uri -> (lesson, page file name)


# --- Hooks -----------------------------------------------------------------------------------


# runs once when `mkdocs build` or `mkdocs serve` starts, before the first on_config
def on_startup(*, command: str, dirty: bool) -> None:
    """Let a mistake saved twice under `mkdocs serve` print twice.

    MkDocs' command line puts a DuplicateFilter on its build logger that remembers every
    message for the life of the process, so a repeated mistake showed only "Aborted with a
    BuildError!". `make serve` runs coursemd.preview, which never adds it.
    """
    for name in ("mkdocs", "mkdocs.commands.build"):
        logger = logging.getLogger(name)
        for item in list(logger.filters):
            if type(item).__name__ == "DuplicateFilter":
                logger.removeFilter(item)


# runs first, once per build: read lesson metadata, add lesson nav, own the math extension
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load lesson_src, add its pages to the nav, and serve KaTeX's stylesheet."""
    global _tracks
    root = Path(config.config_file_path).resolve().parent
    _tracks = dict(sorted(load_course(root / "lesson_src", root).items(), key=lambda item: _course_order(item[1])))
    _pages.clear()
    for track in _tracks.values():
        for lesson in track.lessons.values():
            for filename, _, _ in lesson.pages:
                _pages[lesson.page_uri(filename)] = (lesson, filename)
    config.nav = _course_nav(config)
    _install_source_names(root, Path(config.docs_dir))
    # A link the build cannot check (`../02-bayes-rule/`, `/t19/...`) is one nobody checks:
    # MkDocs only notes it (INFO), so a strict build passed with it broken. A warning at least.
    links = config.validation.links
    links.unrecognized_links = max(links.unrecognized_links, logging.WARNING)
    if links.absolute_links >= 0:  # not `relative_to_docs`, which MkDocs checks itself
        links.absolute_links = max(links.absolute_links, logging.WARNING)
    try:
        katex_dir = find_katex_dir(root)
    except KatexUnavailable as error:
        raise PluginError(str(error)) from None
    config.extra["katex_version"] = katex_version(katex_dir)
    _use_generator_theme_and_assets(config)
    config.watch.extend(str(p) for p in (root / "lesson_src",) if str(p) not in config.watch)
    return config


# runs after docs/ is scanned, before the nav is built
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add every lesson page from lesson_src, the package's CSS and JS (minified), KaTeX's stylesheet and fonts."""
    for uri, (lesson, filename) in _pages.items():
        files.append(File.generated(config, uri, abs_src_path=str(lesson.folder / filename)))
    root = Path(config.config_file_path).resolve().parent
    if files.get_file_from_path("index.md") is None:
        files.append(File.generated(config, "index.md", content=_home_page(config)))
    for track in _tracks.values():
        if files.get_file_from_path(track.page_uri) is None:
            # A docs/tracks/<id>.md page of the course's own replaces this one (or extends it
            # with the <!-- track-lessons --> marker).
            files.append(File.generated(config, track.page_uri, content=_track_page(track)))
        for number in sorted(set(track.titles) - set(track.lessons)):
            # A page for each announced lesson, so links to it (prerequisites, previous and
            # next, the track table) work now and keep working once the lesson is written.
            planned = File.generated(
                config,
                track.url(number) + "index.md",
                content=track.planned_page(number),
                inclusion=InclusionLevel.NOT_IN_NAV,  # reached from the track page, not the nav
            )
            files.append(planned)
        for lesson in track.lessons.values():
            for asset in lesson.assets():
                uri = lesson.url + asset.relative_to(lesson.folder).as_posix()
                files.append(File.generated(config, uri, abs_src_path=str(asset)))
    # A course's own docs/assets/... file wins over the package's, and is served as written.
    own = {
        uri: asset
        for asset in sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file())
        if files.get_file_from_path(uri := "assets/" + asset.relative_to(ASSETS_DIR).as_posix()) is None
    }
    try:
        small = minified(own.values(), root)
    except (MinifyUnavailable, MinifyError) as error:
        raise PluginError(str(error)) from None
    for uri, asset in own.items():
        files.append(File.generated(config, uri, abs_src_path=str(small.get(asset, asset))))
    dist = find_katex_dir(Path(config.config_file_path).resolve().parent) / "dist"
    # Served from the same npm package the build renders with: CSS, fonts and HTML always match.
    files.append(File.generated(config, f"{KATEX_ASSETS}/katex.min.css", abs_src_path=str(dist / "katex.min.css")))
    for font in sorted((dist / "fonts").iterdir()):
        files.append(File.generated(config, f"{KATEX_ASSETS}/fonts/{font.name}", abs_src_path=str(font)))
    return files


# runs for each page, when its file is read (a full build, or `make serve` re-rendering one page)
def on_page_read_source(*, page: Page, config: MkDocsConfig) -> str | None:
    """Refuse a page that is not UTF-8 with its file and line; MkDocs meets it with a traceback.

    Here rather than once in on_files, so that a page saved under `make serve` is read the same way.
    """
    if page.file.abs_src_path:
        root = Path(config.config_file_path).resolve().parent
        read_text(Path(page.file.abs_src_path), _source_name(page.file.src_uri, root, Path(config.docs_dir)), "lessons")
    return None  # MkDocs reads the page itself


# runs for each page, just before its Markdown is converted
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Tell the coursemd extensions which file they convert; give lesson pages their header data."""
    root = Path(config.config_file_path).resolve().parent
    source = page.file.abs_src_path or page.file.src_uri
    path = Path(source).resolve().relative_to(root.resolve()).as_posix() if Path(source).is_absolute() else source
    raw = page.file.content_string
    # MkDocs has stripped the front matter; count its lines so errors point into the file.
    _check_front_matter(raw, markdown, path)
    offset = raw[: len(raw) - len(markdown)].count("\n") if raw.endswith(markdown) else 0
    track_page = _track_of_page(page.file.src_uri)
    if page.file.generated_by and track_page in _tracks:
        path = _tracks[track_page].source  # a generated track page: its mistakes are track.yml's
    set_document(path, offset, abs_path=str(Path(source)) if Path(source).is_absolute() else "")
    for names in _source_names:
        names.page_rendering(path)
    entry = _pages.get(page.file.src_uri)
    if entry is not None:
        lesson, filename = entry
        page.meta["lesson"] = _header(lesson, filename)
    if found := _marker(TRACK_MARKER).search(markdown):
        track_id = page.meta.get("track") or _track_of_page(page.file.src_uri)
        if track_id not in _tracks:
            named = f", but there is no track '{track_id}' under lesson_src/" if page.meta.get("track") else ""
            raise PluginError(
                author_message(
                    "lessons",
                    path,
                    offset + markdown.count("\n", 0, found.start()) + 1,
                    f"the page lists a track's lessons ({TRACK_MARKER}) but is not a track page{named}",
                    "Put it at docs/tracks/<folder under lesson_src>.md, or add 'track: <folder>' to its front matter",
                )
            )
        markdown = _marker(TRACK_MARKER).sub(lambda _: _track_table(_tracks[track_id], page), markdown)
    markdown = _marker(TRACKS_MARKER).sub(lambda _: _track_list(page), markdown)
    markdown = _marker(START_MARKER).sub(lambda _: _start_here(page), markdown)
    return markdown


# runs for each page, after its Markdown is converted to HTML, before its template
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Give each of the site's own images its width and height, read from the file.

    So the page keeps a figure's place before it arrives and nothing moves as it loads.
    """
    base = page.url if page.url.endswith("/") or not page.url else posixpath.dirname(page.url) + "/"

    def read(src: str) -> bytes | None:
        if re.match(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/)", src):
            return None  # another site, a data: URL or an absolute path: not ours to read
        uri = posixpath.normpath(posixpath.join(base, unquote(src.split("#", 1)[0].split("?", 1)[0])))
        file = files.get_file_from_path(uri)
        return file.content_bytes if file is not None else None  # a missing file: MkDocs says so

    html, unknown = sized_images(html, read)
    root = Path(config.config_file_path).resolve().parent
    source = _source_name(page.file.src_uri, root, Path(config.docs_dir))
    for src in unknown:
        # The page's HTML has the image's address from the page's URL; the author wrote it from the file.
        uri = posixpath.normpath(posixpath.join(base, unquote(src)))
        written = posixpath.relpath(uri, posixpath.dirname(page.file.src_uri) or ".")
        try:
            places = link_places((root / source).read_text("utf-8"), written)
        except (OSError, UnicodeDecodeError):
            places = []
        log.warning(
            author_message(
                "figures", source, places[0][0] if places else None,
                f"the image '{written}' has no width and height the build can read",
                'Write its size after it, as in ![...](figures/tree.svg){ width="400" height="250" }',
            )
        )
    return html


# runs for each page, just before the search plugin reads it (which runs at priority 0)
@event_priority(1)
def _math_as_tex_for_search(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
    """Let the search index read each formula as its TeX, not as KaTeX's markup.

    The search plugin parses every page's HTML, and KaTeX's is most of a lesson page: it was
    half of a warm build's time, against math left to the browser. The page keeps its math:
    _math_back_after_search puts the rendered content back once the index has it.
    """
    if page.content and _has_search(config):
        _held_content[page.file.src_uri] = page.content
        page.content = math_as_tex(page.content)


@event_priority(-1)
def _math_back_after_search(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
    full = _held_content.pop(page.file.src_uri, None)
    if full is not None:
        # Material's search plugin also drops data-search-* attributes from what it read; do
        # the same to the content given back.
        page.content = _without_search_attributes(full)


on_page_context = CombinedEvent(_math_as_tex_for_search, _math_back_after_search)
_held_content: dict[str, str] = {}
# An attribute always follows a space, so the pattern starts at one: a leading optional `\s?`
# made the regex engine try every position of the page (twice as slow on a 220 KB lesson page).
DATA_SEARCH_ATTR = re.compile(r'\sdata-search-\w+="[^"]+"')


def _without_search_attributes(html: str) -> str:
    """`html` without its data-search-* attributes (most pages have none)."""
    return DATA_SEARCH_ATTR.sub("", html) if "data-search-" in html else html


def _has_search(config: MkDocsConfig) -> bool:
    return any(name in config.plugins for name in ("search", "material/search"))


# runs for each page, after its template is rendered, before it is written
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str | None:
    """Link KaTeX's stylesheet and each block's only on the pages that use them.

    The links go at the top of the page's article, not in <head>: Material's instant
    navigation swaps the article, so the next page's stylesheets come with it.
    """
    # Read only what picks a stylesheet: the blocks' BEM prefixes (quiz__option: quiz) and
    # KaTeX's root class. Collecting every class of the page was the slowest part of this hook,
    # KaTeX's markup being thousands of them. `data-uses` lists what content loaded later (an
    # exercise's other variants) will show.
    blocks = block_names_in(output) | {token for value in USES_ATTR.findall(output) for token in value.split()}
    needed = [f"{KATEX_ASSETS}/katex.min.css"] if KATEX_ROOT in output or "katex" in blocks else []
    needed += [f"assets/stylesheets/{name}" for name, names in _block_stylesheets().items() if names & blocks]
    if not needed:
        return output
    article = ARTICLE.search(output)
    if article is None:
        return output
    base = "../" * len([part for part in page.url.split("/") if part]) if config.use_directory_urls else ""
    links = "".join(f'<link rel="stylesheet" href="{base}{uri}">' for uri in needed)
    return output[: article.end()] + links + output[article.end() :]


USES_ATTR = re.compile(r'data-uses="([^"]*)"')  # no leading \b: it made the engine try every position
ARTICLE = re.compile(r'<article\b[^>]*class="md-content__inner[^"]*"[^>]*>')
_STYLESHEET_BLOCKS: dict[str, frozenset[str]] = {}


def _block_stylesheets() -> dict[str, frozenset[str]]:
    """Each block stylesheet of the package with the BEM block names its rules style (read once)."""
    if not _STYLESHEET_BLOCKS:
        for css in sorted((ASSETS_DIR / "stylesheets").glob("*.css")):
            if css.name in SITE_STYLESHEETS:
                continue
            names = set(re.findall(r"\.([a-z][a-z0-9-]*?)(?:__|--)", css.read_text("utf-8"))) | {css.stem}
            _STYLESHEET_BLOCKS[css.name] = frozenset(names - {"md-typeset", "md-content", "md-main", "md-nav"})
    return _STYLESHEET_BLOCKS


# runs once at the end of a build (also after each `serve` rebuild)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Forget the last page, so nothing outside the build is blamed on it."""
    set_document("")


# --- Helpers ---------------------------------------------------------------------------------


def _use_generator_theme_and_assets(config: MkDocsConfig) -> None:
    """Put the package's templates after the course's own `custom_dir`, and link its CSS and JS.

    The course's mkdocs.yml then names neither: a second course gets the same pages by
    installing the package and listing the hooks.
    """
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        custom = config.theme.custom_dir
        dirs.insert(1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0, str(THEME_DIR))
    for name in SITE_STYLESHEETS:
        uri = f"assets/stylesheets/{name}"
        if uri not in config.extra_css:
            config.extra_css.append(uri)
    present = {str(script) for script in config.extra_javascript}
    for name in SCRIPTS:
        uri = f"assets/javascripts/{name}"
        if uri not in present:
            script = ExtraScriptValue(uri)
            script.type = "module"
            config.extra_javascript.append(script)


FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)  # MkDocs' own pattern


def _check_front_matter(raw: str, markdown: str, path: str) -> None:
    """MkDocs drops front matter it cannot read and shows it as text: say so, at its line."""
    match = FRONT_MATTER.match(raw)
    if match is None or markdown != raw:
        return
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        index, reason = yaml_mistake(error)
        line = index + 2 if index is not None else 1  # the front matter starts on line 2
        raise PluginError(
            author_message("lessons", path, line, f"the front matter is not valid YAML ({reason})", "Fix it, or remove the '---' lines")
        ) from None
    if not isinstance(data, dict):
        raise PluginError(
            author_message("lessons", path, 1, "the front matter between the '---' lines is not 'key: value' lines", "Write one 'key: value' per line")
        )


def _source_name(src_uri: str, root: Path, docs_dir: Path) -> str:
    """The file an author edits for a page of the site: lesson_src/... or docs/..."""
    entry = _pages.get(src_uri)
    if entry is not None:
        lesson, filename = entry
        path = lesson.folder / filename
    else:
        path = docs_dir / src_uri
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class _SourceNames(logging.Filter):
    """Rewrite MkDocs' own messages about a page to name the author's file and line.

    MkDocs names pages by their place in the site ("t19/02-.../index.md" for brief.md) and
    gives no line; an author needs `lesson_src/t19/02-.../brief.md`, line 14. A link written
    twice to the same missing page gets a message per place (MkDocs warns once per link, in
    the page's order), each naming its own line.
    """

    LINK = re.compile(r"^Doc file '(?P<uri>[^']+)' (?P<rest>contains (?:a|an absolute|an unrecognized relative) link '(?P<link>[^']+)'.*)$", re.S)
    READING = re.compile(r"^(?P<head>Error (?:reading|building) page) '(?P<uri>[^']+)'(?P<rest>.*)$", re.S)

    def __init__(self, root: Path, docs_dir: Path) -> None:
        super().__init__()
        self.root, self.docs_dir = root, docs_dir
        #: (source, link) -> how many warnings about it this page's rendering has had
        self.told: dict[tuple[str, str], int] = {}

    def page_rendering(self, source: str) -> None:
        """A page is about to be rendered (again): count its links from the first."""
        for key in [key for key in self.told if key[0] == source]:
            del self.told[key]

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        link = self.LINK.match(text)
        reading = self.READING.match(text)
        if link:
            source = _source_name(link["uri"], self.root, self.docs_dir)
            url, rest = link["link"], link["rest"]
            anchor = "but there is no such anchor" in rest or "does not contain an anchor" in rest
            # Anchors are checked once per link after all pages are rendered; the rest as the page renders, in order.
            nth = 0 if anchor else self.told.get((source, url), 0)
            if not anchor:
                self.told[(source, url)] = nth + 1
            line, image, generated = self._line_of(source, url, nth)
            if generated:
                warned_about_generated()
                if nth:
                    return False  # the same link in another variant a generator wrote: said once
            kind = "image" if image else "link"
            written = f"the {kind} '{url}'" + (" (in the text this block's generator writes)" if generated else "")
            target = (self.root / source).parent / unquote(url.split("#", 1)[0].split("?", 1)[0])
            shown = _relative_to(target, self.root)
            served = _site_uri_of(target)
            if "there is no such anchor on this page" in rest:
                problem = f"{written} points to a heading '#{url.split('#', 1)[1]}' that this page does not have"
                fix = "Use the id of a heading on this page (its title in lowercase, with hyphens)"
            elif anchor:
                problem = f"{written} points to a heading '#{url.split('#', 1)[1]}' that {shown} does not have"
                fix = "Use the id of a heading on that page (its title in lowercase, with hyphens)"
            elif rest.startswith("contains an absolute link"):
                problem = f"{written} starts with '/', so it breaks when the site is served under a sub-path"
                fix = "Write a path relative to this file, to the page's Markdown file"
            elif rest.startswith("contains an unrecognized relative link"):
                problem = f"{written} does not name a file, so the build cannot check that it leads anywhere"
                guess = url.split("#", 1)[0].rstrip("/") + ("/index.md" if url.split("#", 1)[0].endswith("/") else ".md")
                fix = f"Link to the page's Markdown file, e.g. '{guess}'"
            elif served is not None and "not found" in rest:
                page_folder = posixpath.dirname(link["uri"])
                suggestion = posixpath.relpath(served, page_folder or ".") + (
                    "#" + url.split("#", 1)[1] if "#" in url else ""
                )
                problem = f"{written} points to {shown}, which the site serves as '{served}'"
                fix = f"Write '{suggestion}': a link names a page by its place in the site, where a lesson's brief.md is its index.md"
            elif "not found" in rest:
                problem = f"{written} points to {shown}, which does not exist"
                fix = "Check the path; it is relative to this file" + _nearby(target, (self.root / source).parent)
            else:
                problem, fix = f"the page {rest.rstrip('.')}", "Write a path relative to this file"
            record.msg, record.args = author_message("links", source, line, problem, fix), ()
        elif reading:
            if reading["rest"].strip() == ":":
                return False  # MkDocs' preface to our own one-line message, which names the file
            source = _source_name(reading["uri"], self.root, self.docs_dir)
            record.msg, record.args = f"{reading['head']} '{source}'{reading['rest']}", ()
        return True

    def _line_of(self, source: str, link: str, nth: int = 0) -> tuple[int | None, bool, bool]:
        """The line where `source` writes `link` the `nth` time (counting round: MkDocs may warn
        on every render), whether it is an image there, and whether generated text holds it."""
        try:
            text = (self.root / source).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None, False, False
        places = link_places(text, link)
        if places:
            line, image = places[nth % len(places)]
            return line, image, False
        block = generated_line()
        return block, False, block is not None


_source_names: list[_SourceNames] = []  # the filter of the current build, to tell it a page renders


def link_places(text: str, link: str) -> list[tuple[int, bool]]:
    """(1-based line, is an image) of each place Markdown `text` writes `link`, outside code.

    Inline links and images `[..](link "title")`, reference definitions `[id]: link` and HTML
    `href="link"` / `src="link"`; a link shown inside a code span or a fenced block is not one.
    """
    url = re.escape(link)
    pattern = re.compile(
        rf"\]\(\s*<?{url}>?(?:\s+[\"'(][^)]*)?\)"  # [text](link) and ![alt](link "title")
        rf"|^[ ]{{0,3}}\[[^\]]+\]:[ \t]*<?{url}>?(?=\s|$)"  # [id]: link
        rf"|\b(?P<attr>href|src)=[\"']{url}[\"']",
        re.M,
    )
    spans = code_spans(text)
    places = []
    for match in pattern.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        image = match.group("attr") == "src" or bool(re.search(r"!\[[^\]]*$", text[max(0, match.start() - 300) : match.start()]))
        places.append((text.count("\n", 0, match.start()) + 1, image))
    return places


def _site_uri_of(path: Path) -> str | None:
    """The site file a lesson folder's file becomes ('t19/02-x/index.md' for its brief.md), else None."""
    for track in _tracks.values():
        for lesson in track.lessons.values():
            try:
                relative = path.resolve().relative_to(lesson.folder.resolve())
            except ValueError:
                continue
            if relative.as_posix() in {name for name, _, _ in lesson.pages}:
                return lesson.page_uri(relative.as_posix())
            return lesson.url + relative.as_posix() if path.is_file() and path.suffix.lower() in ASSET_SUFFIXES else None
    return None


def _relative_to(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, root).replace(os.sep, "/")
    except ValueError:
        return path.as_posix()


def _nearby(target: Path, folder: Path) -> str:
    """"; did you mean 'figures/tree.svg'?" when a file of that name is in the page's folder."""
    found = sorted(p for p in folder.rglob(target.name) if p.is_file())[:1] if folder.is_dir() else []
    if not found and target.parent.is_dir():
        close = difflib.get_close_matches(target.name, [p.name for p in target.parent.iterdir()], n=1)
        found = [target.parent / close[0]] if close else []
    return f"; did you mean '{_relative_to(found[0], folder)}'?" if found else ""


def _install_source_names(root: Path, docs_dir: Path) -> None:
    """Put one _SourceNames filter on the loggers MkDocs reports pages with (again each build)."""
    names = _SourceNames(root, docs_dir)
    _source_names[:] = [names]
    for name in ("mkdocs.structure.pages", "mkdocs.commands.build"):
        logger = logging.getLogger(name)
        for item in list(logger.filters):
            if isinstance(item, _SourceNames) or type(item).__name__ == "_SourceNames":
                logger.removeFilter(item)
        logger.addFilter(names)


def _marker(marker: str) -> re.Pattern[str]:
    """A marker on a line of its own (so one quoted in a sentence or in code stays text)."""
    return re.compile(rf"^{re.escape(marker)}[ \t]*$", re.M)


def _course_nav(config: MkDocsConfig) -> list[Any]:
    """The site's navigation: the course's own nav with every track's lessons filled in.

    With no `nav:` in mkdocs.yml: the home page, the tracks in course order, then the other
    pages under docs/. With one: a `tracks/<id>.md` entry becomes that track's section, and
    tracks it does not name come right after its first entry, so a new track needs no edit.
    """
    nav = list(config.nav or [])
    if not nav:
        docs = Path(config.docs_dir)
        others = sorted(
            p.relative_to(docs).as_posix()
            for p in docs.rglob("*.md")
            if p.relative_to(docs).as_posix() != "index.md" and p.relative_to(docs).parts[0] != "tracks"
        )
        nav = [{"Home": "index.md"}, *others]
    named: set[str] = set()
    out = _with_lessons(nav, named)
    missing = [_track_section(track, track.page_uri) for track in _tracks.values() if track.id not in named]
    return [*out[:1], *missing, *out[1:]]


def _track_section(track: Track, overview: str, title: str | None = None) -> dict[str, Any]:
    lessons = [
        {f"{lesson.number}. {lesson.title}": [{page_title: lesson.page_uri(name)} for name, page_title, _ in lesson.pages]}
        for _, lesson in sorted(track.lessons.items())
    ]
    return {title or f"{track.code}: {track.title}": [{"Overview": overview}, *lessons]}


def _with_lessons(nav: list[Any], named: set[str]) -> list[Any]:
    """Put each track's lessons under the nav entry of its track page (tracks/<id>.md)."""
    out: list[Any] = []
    for item in nav:
        value, title = (item, None) if isinstance(item, str) else (None, None)
        if isinstance(item, dict):
            ((title, value),) = item.items()
        track_id = _track_of_page(value) if isinstance(value, str) else None
        if track_id in _tracks:
            named.add(track_id)
            out.append(_track_section(_tracks[track_id], value, title))
        elif isinstance(value, list):
            out.append({title: _with_lessons(value, named)})
        else:
            out.append(item)
    return out


def _track_of_page(src_uri: str) -> str | None:
    """The track id of a page at tracks/<id>.md, else None."""
    parts = src_uri.split("/")
    return parts[1][: -len(".md")] if len(parts) == 2 and parts[0] == "tracks" and parts[1].endswith(".md") else None


def _course_order(track: Track) -> tuple[Any, ...]:
    """Sort tracks as people count: t3 before t19."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", track.id))


def _header(lesson: Lesson, filename: str) -> dict[str, Any]:
    """The data theme/partials/lesson-header.html and lesson-neighbours.html show on a lesson page.

    URLs are relative to the site root; the templates pass them through MkDocs' `url`
    filter, which makes them relative to the page, so the site works under a sub-path.
    The header is short on purpose (issue 13): on a phone the reading starts in the top half
    of the first screen. So it names the lesson only where the page's own h1 does not, keeps
    the objectives and prerequisites to the brief, and leaves the neighbours to the bottom.
    """
    track = _tracks[lesson.track]
    needed = {_lesson_key(p) for p in lesson.prerequisites}

    def neighbour(number: int) -> dict[str, Any] | None:
        if not 1 <= number <= track.total or number not in (*track.titles, *track.lessons):
            return None
        other = track.lessons.get(number)
        return {
            "number": number,
            "title": other.title if other else track.titles[number],
            "url": track.url(number),
            "planned": other is None,
            "prerequisite": (track.id, number) in needed,
        }

    previous = neighbour(lesson.number - 1)
    # The previous lesson is linked at the bottom of every page; as a prerequisite it says so
    # there, rather than appearing twice.
    before = [p for p in lesson.prerequisites if not (previous and _lesson_key(p) == (track.id, previous["number"]))]
    return {
        "track_code": track.code,
        "track_title": track.title,
        "track_url": track.page_url,
        "number": lesson.number,
        "total": track.total,
        "phase": lesson.phase,
        "phase_name": track.phases[lesson.phase],
        "title": lesson.title,
        "page_title": next((title for name, title, _ in lesson.pages if name == filename), ""),
        "show_title": not _same_words(_first_heading(lesson.folder / filename), lesson.title),
        "read_minutes": lesson.read_minutes,
        "practice_minutes": lesson.practice_minutes,
        "difficulty": lesson.difficulty,
        "objectives": lesson.objectives if filename == "brief.md" else [],
        "prerequisites": [
            {"id": p, "title": lesson_title(_tracks, p), "url": _lesson_url(p), "planned": _is_planned(p)}
            for p in before
        ]
        if filename == "brief.md"
        else [],
        "previous": previous,
        "next": neighbour(lesson.number + 1),
        "pages": [
            {"title": title, "url": lesson.url + part, "current": name == filename} for name, title, part in lesson.pages
        ],
    }


def _lesson_key(lesson_id: str) -> tuple[str, int]:
    """('t19', 1) for the lesson id 't19/01'."""
    track_id, _, number = lesson_id.partition("/")
    return track_id, int(number)


def _first_heading(path: Path) -> str:
    """The text of a Markdown file's first `# ` heading, or "" (a missing file has none)."""
    try:
        text = path.read_text("utf-8")
    except OSError:
        return ""
    match = re.search(r"^#[ \t]+(.+?)[ \t#]*$", text, re.M)
    return match.group(1) if match else ""


def _same_words(a: str, b: str) -> bool:
    """Whether two titles have the same words, whatever their case and punctuation."""
    words = lambda text: re.findall(r"\w+", text.casefold())  # noqa: E731
    return bool(a) and words(a) == words(b)


def _lesson_url(lesson_id: str) -> str:
    track_id, _, number = lesson_id.partition("/")
    return _tracks[track_id].url(int(number))


def _is_planned(lesson_id: str) -> bool:
    track_id, _, number = lesson_id.partition("/")
    return int(number) not in _tracks[track_id].lessons


def _href(page: Page, url: str) -> str:
    """A link from `page` to the site-root-relative folder URL `url` that works under any sub-path."""
    base = page.url if page.url.endswith("/") or not page.url else posixpath.dirname(page.url) + "/"
    rel = posixpath.relpath(url or ".", base or ".")
    return escape(rel if rel.endswith("/") or rel == "." else rel + "/", quote=True) if rel != "." else "./"


def _track_table(track: Track, page: Page) -> str:
    """An HTML table of the track's lessons, grouped by phase, with their status, on one line.

    One line, so the math extension's line numbers for the rest of the page stay the file's.
    No class on the table: Material styles only tables without one (the wrapper carries ours).
    Each phase is a row group headed by its name. Lessons without a title yet get one row at
    the end, so the table accounts for all `total` lessons, as "Lesson 2 of 15" does.
    """
    head = '<tr><th scope="col">Lesson</th><th scope="col">Title</th><th scope="col">Status</th></tr>'
    groups = []
    for phase, name in sorted(track.phases.items()):
        rows = []
        for number in (n for n in track.numbers() if track.phase_of(n) == phase):
            status = "Available" if number in track.lessons else "Planned"
            title = f'<a href="{_href(page, track.url(number))}">{escape(track.title_of(number))}</a>'
            rows.append(
                f'<tr class="course-track__{status.lower()}"><td>{number}</td><td>{title}</td><td>{status}</td></tr>'
            )
        if rows:
            label = f"Phase {phase}: {escape(name)}"
            groups.append(f'<tbody><tr><th colspan="3" scope="rowgroup">{label}</th></tr>{"".join(rows)}</tbody>')
    known = track.numbers()
    untitled = [n for n in range(1, track.total + 1) if n not in known]
    if untitled:
        span = _number_ranges(untitled)
        groups.append(
            f'<tbody><tr><th colspan="3" scope="rowgroup">Later lessons</th></tr>'
            f'<tr class="course-track__untitled"><td>{span}</td><td>Titles not fixed yet</td><td>Planned</td></tr></tbody>'
        )
    available = len(track.lessons)
    parts = [f"{available} available"]
    if len(known) > available:
        parts.append(f"{len(known) - available} more planned")
    if untitled:
        parts.append(f"{len(untitled)} not yet titled")
    lessons = "lesson" if track.total == 1 else "lessons"
    note = f"{escape(track.code)} has {track.total} {lessons}: " + ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] + "."
    return (
        f'<div class="course-track"><table><caption>{note}</caption>'
        f"<thead>{head}</thead>{''.join(groups)}</table></div>"
    )


def _number_ranges(numbers: list[int]) -> str:
    """'5–15' for 5, 6, ..., 15; '3, 5–7' for 3, 5, 6, 7."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def _track_page(track: Track) -> str:
    """The Markdown of a track page the course did not write itself."""
    intro = f"\n{track.description}\n" if track.description else ""
    return f"# {track.code}: {track.title}\n{intro}\n{TRACK_MARKER}\n"


def _track_list(page: Page) -> str:
    """The course's tracks as one line of HTML: a link to each, its description and progress."""
    items = []
    for track in _tracks.values():
        link = f'<a href="{_href(page, track.page_url)}">{escape(track.code)}: {escape(track.title)}</a>'
        about = f" {escape(track.description)}" if track.description else ""
        count = f" ({len(track.lessons)} of {track.total} lessons available)"
        items.append(f"<li>{link}{count}.{about}</li>")
    return f'<ul class="course-tracks">{"".join(items)}</ul>' if items else "<p>No track has lessons yet.</p>"


def _start_here(page: Page) -> str:
    """The first available lesson in course order, with its summary, as one line of HTML."""
    for track in _tracks.values():
        for _, lesson in sorted(track.lessons.items()):
            link = f'<a href="{_href(page, lesson.url)}">{escape(lesson.title)}</a>'
            summary = f" {escape(lesson.summary)}" if lesson.summary else ""
            return (
                f'<p class="course-start">Start with {escape(track.code)}, lesson {lesson.number}: {link}.{summary}</p>'
            )
    return "<p>No lesson is published yet.</p>"


def _home_page(config: MkDocsConfig) -> str:
    """The home page of a course with no docs/index.md of its own."""
    about = f"\n{config.site_description}\n" if config.site_description else ""
    return f"# {config.site_name}\n{about}\n## Tracks\n\n{TRACKS_MARKER}\n\n## Start here\n\n{START_MARKER}\n"
