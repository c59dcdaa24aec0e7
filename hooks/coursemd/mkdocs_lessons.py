"""MkDocs hooks: lesson sources into the site, KaTeX's own CSS and fonts, page context.

Thin glue only. Everything that renders Markdown lives in the `coursemd` extensions,
which would run unchanged under any Python-Markdown host (MkDocs 2 and Zensical drop hooks).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from coursemd.katex_renderer import KatexUnavailable, find_katex_dir, katex_version
from coursemd.source import set_document
from coursemd.lesson_meta import PAGES, Lesson, Track, lesson_title, load_course

__all__ = ["on_config", "on_files", "on_page_markdown", "on_post_build"]

log = get_plugin_logger("lessons")

KATEX_ASSETS = "assets/katex"
#: The generator's own templates and the widgets' CSS and JS, shipped inside the package.
PACKAGE = Path(__file__).resolve().parent
THEME_DIR = PACKAGE / "theme"
ASSETS_DIR = PACKAGE / "assets"
STYLESHEETS = ("course.css", "print.css", "quiz.css", "drill.css", "calculator.css", "flashcards.css")
SCRIPTS = ("a11y-fixes.js", "widgets/index.js")
TRACK_MARKER = "<!-- track-lessons -->"

# Module state survives `mkdocs serve` rebuilds (hooks are imported once), so on_config
# rebuilds all of it every time.
_tracks: dict[str, Track] = {}
_pages: dict[str, tuple[Lesson, str]] = {}  # site uri -> (lesson, page file name)


# --- Hooks -----------------------------------------------------------------------------------


# runs first, once per build: read lesson metadata, add lesson nav, own the math extension
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load lesson_src, add its pages to the nav, and serve KaTeX's stylesheet."""
    global _tracks
    root = Path(config.config_file_path).parent
    _tracks = load_course(root / "lesson_src", root)
    _pages.clear()
    for track in _tracks.values():
        for lesson in track.lessons.values():
            for filename, _, _ in PAGES:
                _pages[lesson.page_uri(filename)] = (lesson, filename)
    config.nav = _with_lessons(config.nav or [])
    try:
        katex_dir = find_katex_dir(root)
    except KatexUnavailable as error:
        raise PluginError(str(error)) from None
    config.extra["katex_version"] = katex_version(katex_dir)
    config.extra_css.insert(0, f"{KATEX_ASSETS}/katex.min.css")
    _use_generator_theme_and_assets(config)
    config.watch.extend(str(p) for p in (root / "lesson_src",) if str(p) not in config.watch)
    return config


# runs after docs/ is scanned, before the nav is built
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add every lesson page from lesson_src and KaTeX's stylesheet and fonts."""
    for uri, (lesson, filename) in _pages.items():
        files.append(File.generated(config, uri, abs_src_path=str(lesson.folder / filename)))
    for track in _tracks.values():
        for number in sorted(set(track.titles) - set(track.lessons)):
            # A page for each announced lesson, so links to it (prerequisites, previous and
            # next, the track table) work now and keep working once the lesson is written.
            planned = File.generated(config, track.url(number) + "index.md", content=track.planned_page(number))
            files.append(planned)
        for lesson in track.lessons.values():
            for asset in lesson.assets():
                uri = lesson.url + asset.relative_to(lesson.folder).as_posix()
                files.append(File.generated(config, uri, abs_src_path=str(asset)))
    for asset in sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file()):
        uri = "assets/" + asset.relative_to(ASSETS_DIR).as_posix()
        if files.get_file_from_path(uri) is None:  # a course's own docs/assets/... file wins
            files.append(File.generated(config, uri, abs_src_path=str(asset)))
    dist = find_katex_dir(Path(config.config_file_path).parent) / "dist"
    # Served from the same npm package the build renders with: CSS, fonts and HTML always match.
    files.append(File.generated(config, f"{KATEX_ASSETS}/katex.min.css", abs_src_path=str(dist / "katex.min.css")))
    for font in sorted((dist / "fonts").iterdir()):
        files.append(File.generated(config, f"{KATEX_ASSETS}/fonts/{font.name}", abs_src_path=str(font)))
    return files


# runs for each page, just before its Markdown is converted
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Tell the coursemd extensions which file they convert; give lesson pages their header data."""
    root = Path(config.config_file_path).parent
    source = page.file.abs_src_path or page.file.src_uri
    path = Path(source).resolve().relative_to(root.resolve()).as_posix() if Path(source).is_absolute() else source
    raw = page.file.content_string
    # MkDocs has stripped the front matter; count its lines so errors point into the file.
    set_document(path, raw[: len(raw) - len(markdown)].count("\n") if raw.endswith(markdown) else 0)
    entry = _pages.get(page.file.src_uri)
    if entry is not None:
        lesson, filename = entry
        page.meta["lesson"] = _header(lesson, filename)
    if TRACK_MARKER in markdown:
        track_id = page.meta.get("track")
        if track_id not in _tracks:
            raise PluginError(
                f"lessons: Doc file '{page.file.src_uri}': the page lists a track's lessons but its front matter "
                f"names no known track. Add 'track: <folder under lesson_src>' to the front matter."
            )
        markdown = markdown.replace(TRACK_MARKER, _track_table(_tracks[track_id], page))
    return markdown


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
    for name in STYLESHEETS:
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


def _with_lessons(nav: list[Any]) -> list[Any]:
    """Put each track's lessons under the nav entry of its track page (docs/tracks/<id>.md)."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            track_id = Path(value).stem if isinstance(value, str) and value.startswith("tracks/") else None
            if track_id in _tracks:
                track = _tracks[track_id]
                lessons = [
                    {
                        f"{lesson.number}. {lesson.title}": [
                            {page_title: lesson.page_uri(name)} for name, page_title, _ in PAGES
                        ]
                    }
                    for _, lesson in sorted(track.lessons.items())
                ]
                out.append({title: [{"Overview": value}, *lessons]})
                continue
            if isinstance(value, list):
                out.append({title: _with_lessons(value)})
                continue
        out.append(item)
    return out


def _header(lesson: Lesson, filename: str) -> dict[str, Any]:
    """The data overrides/partials/lesson-header.html shows above a lesson page.

    URLs are relative to the site root; the template passes them through MkDocs' `url`
    filter, which makes them relative to the page, so the site works under a sub-path.
    """
    track = _tracks[lesson.track]

    def neighbour(number: int) -> dict[str, Any] | None:
        if not 1 <= number <= track.total or number not in (*track.titles, *track.lessons):
            return None
        other = track.lessons.get(number)
        return {
            "number": number,
            "title": other.title if other else track.titles[number],
            "url": track.url(number),
            "planned": other is None,
        }

    return {
        "track_code": track.code,
        "track_title": track.title,
        "track_url": f"tracks/{track.id}/",
        "number": lesson.number,
        "total": track.total,
        "phase": lesson.phase,
        "phase_name": track.phases[lesson.phase],
        "title": lesson.title,
        "read_minutes": lesson.read_minutes,
        "practice_minutes": lesson.practice_minutes,
        "difficulty": lesson.difficulty,
        "objectives": lesson.objectives if filename == "brief.md" else [],
        "prerequisites": [
            {"id": p, "title": lesson_title(_tracks, p), "url": _lesson_url(p), "planned": _is_planned(p)}
            for p in lesson.prerequisites
        ],
        "previous": neighbour(lesson.number - 1),
        "next": neighbour(lesson.number + 1),
        "pages": [
            {"title": title, "url": lesson.url + part, "current": name == filename} for name, title, part in PAGES
        ],
    }


def _lesson_url(lesson_id: str) -> str:
    track_id, _, number = lesson_id.partition("/")
    return _tracks[track_id].url(int(number))


def _is_planned(lesson_id: str) -> bool:
    track_id, _, number = lesson_id.partition("/")
    return int(number) not in _tracks[track_id].lessons


def _track_table(track: Track, page: Page) -> str:
    """An HTML table of the track's lessons with their status, on one line.

    One line, so the math extension's line numbers for the rest of the page stay the file's.
    """
    depth = len([part for part in page.url.split("/") if part])
    rows = []
    for number in sorted({*track.titles, *track.lessons}):
        lesson = track.lessons.get(number)
        if lesson:
            title = f'<a href="{"../" * depth}{lesson.url}">{escape(lesson.title)}</a>'
            rows.append(f"<tr><td>{number}</td><td>{title}</td><td>{lesson.phase}</td><td>Available</td></tr>")
        else:
            title = f'<a href="{"../" * depth}{track.url(number)}">{escape(track.titles[number])}</a>'
            rows.append(f"<tr><td>{number}</td><td>{title}</td><td></td><td>Planned</td></tr>")
    head = "<tr><th>Lesson</th><th>Title</th><th>Phase</th><th>Status</th></tr>"
    note = f"The track has {track.total} lessons; the titles of the others are not fixed yet."
    return f'<table class="track-lessons"><caption>{note}</caption><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
