"""Lesson and track metadata: read `track.yml` and `lesson.yml`, validate them, report lines.

A course lives in `lesson_src/`:

    lesson_src/<track>/track.yml               the track: title, total, phases, known lessons
    lesson_src/<track>/<NN-slug>/lesson.yml    one lesson's metadata
    lesson_src/<track>/<NN-slug>/<page>.md     its pages: brief, lesson, practice, cheatsheet, references

Every mistake is reported as `lessons: Doc file '<path>', line <n>: <problem>. <fix>.`
with the line of the offending key, because MkDocs' own front-matter reader swallows
YAML errors silently and authors deserve better.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coursemd.messages import author_message, yaml_mistake

try:
    from mkdocs.exceptions import PluginError as _ErrorBase
except ImportError:  # pragma: no cover
    _ErrorBase = Exception  # type: ignore[assignment,misc]


class MetadataError(_ErrorBase):  # type: ignore[misc,valid-type]
    """A mistake in track.yml or lesson.yml, located at a file and line."""


# --- Data ------------------------------------------------------------------------------------

#: Every page a lesson may have, in reading order: (file in the lesson folder, page title, URL
#: part, required). An optional page appears in the lesson's tabs and nav only when its file exists.
PAGE_TYPES: tuple[tuple[str, str, str, bool], ...] = (
    ("brief.md", "Brief", "", True),
    ("lesson.md", "Lesson", "lesson/", True),
    ("summary.md", "Summary", "summary/", False),
    ("practice.md", "Practice", "practice/", True),
    ("cheatsheet.md", "Cheatsheet", "cheatsheet/", True),
    ("references.md", "References", "references/", True),
)

#: The pages every lesson has: (file, page title, URL part).
PAGES: tuple[tuple[str, str, str], ...] = tuple((n, t, u) for n, t, u, required in PAGE_TYPES if required)

#: Files copied from a lesson folder into the site; sources such as .py or .yml stay out.
ASSET_SUFFIXES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".apkg", ".pdf", ".csv", ".json"})

DIFFICULTIES = ("introductory", "standard", "advanced")
MAX_SLUG_WORDS = 6
#: Words a shortened slug should not end on ("what-a-generative-model-is-and").
_DANGLING = frozenset({"a", "an", "and", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"})

LESSON_ID = re.compile(r"^[a-z0-9][a-z0-9-]*/\d{2}$")
FOLDER = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")


@dataclass(frozen=True)
class Field:
    """One allowed key: its type check, a description for messages, and an example fix.

    For a mapping or a list, `entry` checks one (key, value) or (index, item) of it, so a
    mistake names the entry's own line and says what each entry must be (`entry_expected`).
    """

    check: Callable[[Any], bool]
    expected: str
    example: str
    required: bool = True
    entry: Callable[[Any, Any], bool] | None = None
    entry_expected: str = ""
    #: what holds the entries `entry` checks: dict or list
    kind: type | None = None


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(_is_text(item) for item in value)


def _is_lesson_id(value: Any) -> bool:
    return isinstance(value, str) and bool(LESSON_ID.match(value))


LESSON_FIELDS: dict[str, Field] = {
    "title": Field(_is_text, "a non-empty title", "title: Autoregressive models"),
    "track": Field(_is_text, "the track's folder name", "track: t19"),
    "number": Field(_is_count, "a whole number from 1", "number: 2"),
    "phase": Field(_is_count, "a phase number from track.yml", "phase: 1"),
    "objectives": Field(
        lambda v: _is_text_list(v) and len(v) > 0,
        "a list of learning objectives",
        "objectives: [State the chain rule]",
        entry=lambda _, item: _is_text(item),
        entry_expected="an objective in words",
        kind=list,
    ),
    "read_minutes": Field(_is_count, "whole minutes of reading", "read_minutes: 13"),
    "practice_minutes": Field(_is_count, "whole minutes of practice", "practice_minutes: 15"),
    "difficulty": Field(lambda v: v in DIFFICULTIES, f"one of {', '.join(DIFFICULTIES)}", "difficulty: standard"),
    "prerequisites": Field(
        lambda v: isinstance(v, list) and all(_is_lesson_id(i) for i in v),
        "a list of lesson ids such as t19/01",
        "prerequisites: [t19/01]",
        required=False,
        entry=lambda _, item: _is_lesson_id(item),
        entry_expected="a lesson id such as t19/01 (the track's folder, '/', the lesson's two-digit number)",
        kind=list,
    ),
    "next": Field(_is_lesson_id, "a lesson id such as t19/03", "next: t19/03", required=False),
    "summary": Field(_is_text, "one or two sentences", "summary: How the chain rule ...", required=False),
}

def _is_lesson_entry(value: Any) -> bool:
    """A known lesson in track.yml: its title, or {title: ..., phase: N}."""
    if isinstance(value, dict):
        return set(value) <= {"title", "phase"} and _is_text(value.get("title")) and (
            "phase" not in value or _is_count(value["phase"])
        )
    return _is_text(value)


TRACK_FIELDS: dict[str, Field] = {
    "title": Field(_is_text, "the track's title", "title: Generative Models and Diffusion"),
    "code": Field(_is_text, "a short label", "code: Track 19", required=False),
    "description": Field(_is_text, "one paragraph about the track", "description: How machines ...", required=False),
    "total": Field(_is_count, "the number of lessons in the track", "total: 15"),
    "phases": Field(
        lambda v: isinstance(v, dict) and bool(v) and all(_is_count(k) and _is_text(t) for k, t in v.items()),
        "a mapping of phase number to name",
        "phases: {1: Generative foundations}",
        entry=lambda number, name: _is_count(number) and _is_text(name),
        entry_expected="'N: name', N a whole number from 1",
        kind=dict,
    ),
    "lessons": Field(
        lambda v: isinstance(v, dict) and all(_is_count(k) and _is_lesson_entry(t) for k, t in v.items()),
        "a mapping of lesson number to its known title (or to {title: ..., phase: N})",
        "lessons: {1: What a generative model is}",
        required=False,
        entry=lambda number, entry: _is_count(number) and _is_lesson_entry(entry),
        entry_expected="'N: title' or 'N: {title: ..., phase: N}', N a whole number from 1",
        kind=dict,
    ),
}


def default_code(track_id: str, title: str) -> str:
    """The short label of a track with no `code`: "Track 19" for a folder t19, else its title."""
    match = re.fullmatch(r"t(?:rack)?-?0*(\d+)", track_id)
    return f"Track {match.group(1)}" if match else title


@dataclass
class Track:
    """A track: its folder id, metadata and the lessons that have a folder."""

    id: str
    title: str
    code: str
    total: int
    phases: dict[int, str]
    titles: dict[int, str]
    source: str
    description: str = ""
    #: the phase of each announced lesson that has none of its own (the first phase by default)
    planned_phases: dict[int, int] = field(default_factory=dict)
    lessons: dict[int, Lesson] = field(default_factory=dict)

    @property
    def page_uri(self) -> str:
        """The track page's file in the site, generated unless docs/ has one: 'tracks/t19.md'."""
        return f"tracks/{self.id}.md"

    @property
    def page_url(self) -> str:
        """The track page's URL folder: 'tracks/t19/'."""
        return f"tracks/{self.id}/"

    def numbers(self) -> list[int]:
        """Every lesson number the track knows: written lessons and announced ones."""
        return sorted({*self.titles, *self.lessons})

    def phase_of(self, number: int) -> int:
        """The phase of lesson `number`: from its lesson.yml, or from track.yml."""
        lesson = self.lessons.get(number)
        return lesson.phase if lesson else self.planned_phases[number]

    def title_of(self, number: int) -> str:
        """The title of lesson `number`: from its lesson.yml, or from track.yml."""
        lesson = self.lessons.get(number)
        return lesson.title if lesson else self.titles[number]

    def url(self, number: int) -> str:
        """The URL folder of lesson `number`: its own folder, or a generated "planned" page."""
        lesson = self.lessons.get(number)
        if lesson is not None:
            return lesson.url
        # The folder `make lesson` will create for it, so the address stays once it is written.
        return f"{self.id}/{number:02d}-{slugify(self.titles[number])}/"

    def planned_page(self, number: int) -> str:
        """Markdown for a lesson that is announced but not written yet."""
        return (
            f"# Lesson {number}: {self.titles[number]}\n\n"
            f"This lesson of {self.code}, *{self.title}*, is planned and not published yet. "
            f"Its title is fixed; its pages will appear here.\n\n"
            f"See [{self.code}](../../tracks/{self.id}.md) for the lessons available now.\n"
        )

    def status(self, number: int) -> str:
        """Return 'available' when the lesson has a folder, else 'planned'."""
        return "available" if number in self.lessons else "planned"


@dataclass
class Lesson:
    """One lesson folder: its metadata and where its pages live."""

    id: str
    folder: Path
    slug: str
    source: str
    title: str
    track: str
    number: int
    phase: int
    objectives: list[str]
    read_minutes: int
    practice_minutes: int
    difficulty: str
    prerequisites: list[str] = field(default_factory=list)
    next: str | None = None
    summary: str = ""
    #: the lesson's pages in reading order, optional ones only when present: (file, title, URL part)
    pages: tuple[tuple[str, str, str], ...] = PAGES

    @property
    def url(self) -> str:
        """The URL folder of the lesson's brief, e.g. 't19/02-autoregressive-models/'."""
        return f"{self.track}/{self.number:02d}-{self.slug}/"

    def page_uri(self, filename: str) -> str:
        """The site path of one of the lesson's files.

        Pages keep their names beside each other (only the brief becomes index.md), so a
        relative link or image written in the author's editor, such as `figures/mask.svg`
        or `practice.md`, resolves the same way in the site.
        """
        return f"{self.url}index.md" if filename == "brief.md" else f"{self.url}{filename}"

    def assets(self) -> list[Path]:
        """Files in the lesson folder that the site serves as they are (figures, downloads)."""
        return sorted(p for p in self.folder.rglob("*") if p.is_file() and p.suffix.lower() in ASSET_SUFFIXES)


# --- Helpers ---------------------------------------------------------------------------------


def slugify(title: str, max_words: int = MAX_SLUG_WORDS) -> str:
    """A folder slug: lowercase ASCII, non-alphanumerics to single hyphens, at most `max_words` words."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_title.lower()).split()
    if len(words) > max_words:
        words = words[:max_words]
        while len(words) > 1 and words[-1] in _DANGLING:
            words.pop()
    return "-".join(words) or "lesson"



def _load_mapping(path: Path, source: str) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a YAML mapping and return it with the line of each top-level key."""
    text = read_text(path, source, "lessons")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        _refuse_repeated_keys(node, source)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        index, problem = yaml_mistake(error)
        line = index + 1 if index is not None else None
        raise MetadataError(
            author_message(
                "lessons", source, line, f"this is not valid YAML ({problem})", "Check the indentation and quoting"
            )
        ) from None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise MetadataError(
            author_message("lessons", source, 1, "expected a mapping of keys", "Write one 'key: value' per line")
        )
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    for key, value in node.value:  # "lessons.3": entry 3 under `lessons:`; "objectives.0": its first item
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.MappingNode):
            for sub, _ in value.value:
                if isinstance(sub, yaml.ScalarNode):
                    lines.setdefault(f"{key.value}.{sub.value}", sub.start_mark.line + 1)
        elif isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                lines.setdefault(f"{key.value}.{index}", item.start_mark.line + 1)
    return data, lines


def read_text(path: Path, source: str, prefix: str) -> str:
    """The file's text as UTF-8, or a one-line error naming the line of the first bad byte."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise MetadataError(
            author_message(
                prefix,
                source,
                line,
                f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be read)",
                "Save the file as UTF-8 in your editor",
            )
        ) from None


def _refuse_repeated_keys(node: yaml.Node | None, source: str) -> None:
    """YAML keeps the last of two equal keys silently; an author meant one of them."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise MetadataError(
                        author_message(
                            "lessons",
                            source,
                            key.start_mark.line + 1,
                            f"the key '{key.value}' appears twice (first on line {seen[key.value]})",
                            "Keep one of them; YAML would silently use the last",
                        )
                    )
                seen[key.value] = key.start_mark.line + 1
            _refuse_repeated_keys(value, source)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_repeated_keys(item, source)


def _validate(data: dict[str, Any], lines: dict[str, int], fields: dict[str, Field], source: str) -> None:
    for key in data:
        if key not in fields:
            known = ", ".join(fields)
            close = difflib.get_close_matches(str(key), list(fields), n=1)
            fix = f"Did you mean '{close[0]}'? The keys are: {known}" if close else f"Use one of: {known}"
            raise MetadataError(author_message("lessons", source, lines.get(str(key)), f"unknown key '{key}'", fix))
    for key, spec in fields.items():
        if key not in data:
            if spec.required:
                raise MetadataError(
                    author_message(
                        "lessons",
                        source,
                        1,
                        f"the required key '{key}' is missing",
                        f"Add a line like '{spec.example}'",
                    )
                )
            continue
        if not spec.check(data[key]):
            value = data[key]
            entries: Any = ()
            if spec.kind is not None and isinstance(value, spec.kind) and value:
                entries = value.items() if isinstance(value, dict) else enumerate(value)
            bad = next(((k, v) for k, v in entries if spec.entry and not spec.entry(k, v)), None)
            if bad is not None:  # one entry is wrong: name its line, and it as written
                at, entry = bad
                shown = yaml.safe_dump(
                    {at: entry} if isinstance(value, dict) else entry, default_flow_style=True, sort_keys=False
                )
                shown = shown.removesuffix("\n...\n").strip()
                if isinstance(value, dict):
                    shown = shown[1:-1]
                quote = '"' if "'" in shown else "'"
                what = (
                    f"the entry {quote}{shown}{quote} under '{key}'"
                    if isinstance(value, dict)
                    else f"item {at + 1} of '{key}', {quote}{shown}{quote},"
                )
                raise MetadataError(
                    author_message(
                        "lessons",
                        source,
                        lines.get(f"{key}.{at}", lines.get(key)),
                        f"{what} is not {spec.entry_expected}",
                        f"Write it like '{spec.example}'",
                    )
                )
            raise MetadataError(
                author_message(
                    "lessons",
                    source,
                    lines.get(key),
                    f"'{key}' must be {spec.expected}, not {value!r}",
                    f"Write it like '{spec.example}'",
                )
            )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# --- Loading ---------------------------------------------------------------------------------


def load_course(lesson_src: Path, root: Path | None = None) -> dict[str, Track]:
    """Read every track and lesson under `lesson_src`, or raise MetadataError at the first mistake."""
    root = root or lesson_src.parent
    tracks: dict[str, Track] = {}
    for track_dir in sorted(p for p in lesson_src.iterdir() if p.is_dir()):
        track_file = track_dir / "track.yml"
        source = _relative(track_file, root)
        if not track_file.is_file():
            raise MetadataError(
                author_message(
                    "lessons",
                    _relative(track_dir, root),
                    None,
                    "this track folder has no track.yml",
                    "Add one with title, code, total, phases and lessons",
                )
            )
        data, lines = _load_mapping(track_file, source)
        _validate(data, lines, TRACK_FIELDS, source)
        entries: dict[int, Any] = data.get("lessons") or {}
        first_phase = min(data["phases"])
        track = Track(
            id=track_dir.name,
            title=data["title"],
            code=data.get("code") or default_code(track_dir.name, data["title"]),
            total=data["total"],
            phases=data["phases"],
            titles={n: e["title"] if isinstance(e, dict) else e for n, e in entries.items()},
            source=source,
            description=data.get("description", ""),
            planned_phases={n: e.get("phase", first_phase) if isinstance(e, dict) else first_phase for n, e in entries.items()},
        )
        for number, phase in track.planned_phases.items():
            if phase not in track.phases:
                raise MetadataError(
                    author_message(
                        "lessons",
                        source,
                        lines.get(f"lessons.{number}", lines.get("lessons")),
                        f"lesson {number} is in phase {phase}, which is not under 'phases'",
                        f"Use one of {sorted(track.phases)}",
                    )
                )
        for number in track.titles:
            if number > track.total:
                raise MetadataError(
                    author_message(
                        "lessons",
                        source,
                        lines.get(f"lessons.{number}", lines["lessons"]),
                        f"lesson {number} is beyond the track's total of {track.total}",
                        "Fix the number or raise 'total'",
                    )
                )
        tracks[track.id] = track
        for lesson_dir in sorted(p for p in track_dir.iterdir() if p.is_dir()):
            lesson = _load_lesson(lesson_dir, track, root)
            if lesson.number in track.lessons:
                other = _relative(track.lessons[lesson.number].folder, root)
                raise MetadataError(
                    author_message(
                        "lessons",
                        lesson.source,
                        lesson._lines.get("number"),  # type: ignore[attr-defined]
                        f"lesson number {lesson.number} is used twice in {track.id}: also by {other}",
                        "Give each lesson folder its own NN- prefix",
                    )
                )
            known = track.titles.get(lesson.number)
            if known is not None and known != lesson.title:
                at = lines.get(f"lessons.{lesson.number}")
                raise MetadataError(
                    author_message(
                        "lessons",
                        lesson.source,
                        lesson._lines.get("title"),  # type: ignore[attr-defined]
                        f"the title {lesson.title!r} differs from {known!r} in {track.source}"
                        + (f" (line {at})" if at else ""),
                        "Write the same title in both files",
                    )
                )
            track.lessons[lesson.number] = lesson
    _check_links(tracks, root)
    return tracks


def _load_lesson(lesson_dir: Path, track: Track, root: Path) -> Lesson:
    meta_file = lesson_dir / "lesson.yml"
    source = _relative(meta_file, root)
    folder = FOLDER.match(lesson_dir.name)
    if folder is None:
        raise MetadataError(
            author_message(
                "lessons",
                _relative(lesson_dir, root),
                None,
                "a lesson folder must be named NN-slug",
                "Rename it like '02-autoregressive-models'",
            )
        )
    if not meta_file.is_file():
        raise MetadataError(
            author_message(
                "lessons",
                _relative(lesson_dir, root),
                None,
                "this lesson folder has no lesson.yml",
                "Add one; see the authoring guide",
            )
        )
    data, lines = _load_mapping(meta_file, source)
    _validate(data, lines, LESSON_FIELDS, source)
    checks = [
        (
            data["track"] == track.id,
            "track",
            f"'track' is {data['track']!r} but the folder is in {track.id}",
            f"Write 'track: {track.id}'",
        ),
        (
            data["number"] == int(folder["number"]),
            "number",
            f"'number' is {data['number']} but the folder says {folder['number']}",
            "Make the folder prefix and the number agree",
        ),
        (
            data["number"] <= track.total,
            "number",
            f"lesson {data['number']} is beyond the track's total of {track.total}",
            "Fix the number or the track's total",
        ),
        (
            data["phase"] in track.phases,
            "phase",
            f"phase {data['phase']} is not in {track.source}",
            f"Use one of {sorted(track.phases)}",
        ),
    ]
    for ok, key, problem, fix in checks:
        if not ok:
            raise MetadataError(author_message("lessons", source, lines.get(key), problem, fix))
    for name, _, _ in PAGES:
        if not (lesson_dir / name).is_file():
            raise MetadataError(
                author_message(
                    "lessons",
                    _relative(lesson_dir / name, root),
                    None,
                    "this lesson page is missing",
                    f"Create {name}; every lesson has {', '.join(n for n, _, _ in PAGES)}",
                )
            )
    lesson = Lesson(
        pages=tuple((n, t, u) for n, t, u, required in PAGE_TYPES if required or (lesson_dir / n).is_file()),
        id=f"{track.id}/{folder['number']}",
        folder=lesson_dir,
        slug=folder["slug"],
        source=source,
        **{key: data[key] for key in LESSON_FIELDS if key in data},
    )
    lesson._lines = lines  # type: ignore[attr-defined]
    return lesson


def _check_links(tracks: dict[str, Track], root: Path) -> None:
    known = {f"{t.id}/{n:02d}" for t in tracks.values() for n in (*t.titles, *t.lessons)}
    for track in tracks.values():
        for lesson in track.lessons.values():
            lines: dict[str, int] = lesson._lines  # type: ignore[attr-defined]
            for key, ids in (("prerequisites", lesson.prerequisites), ("next", [lesson.next] if lesson.next else [])):
                for index, lesson_id in enumerate(ids):
                    if lesson_id in ids[:index]:
                        raise MetadataError(
                            author_message(
                                "lessons",
                                lesson.source,
                                lines.get(f"{key}.{index}", lines.get(key)),
                                f"'{key}' names {lesson_id} twice",
                                "Name each lesson once",
                            )
                        )
                    if lesson_id == lesson.id:
                        raise MetadataError(
                            author_message(
                                "lessons",
                                lesson.source,
                                lines.get(key),
                                f"'{key}' names {lesson_id}, the lesson itself",
                                "Name another lesson, or remove the key",
                            )
                        )
                    if lesson_id not in known:
                        raise MetadataError(
                            author_message(
                                "lessons",
                                lesson.source,
                                lines.get(key),
                                f"'{key}' names {lesson_id}, which is no lesson of any track",
                                "Use the id of a lesson folder or of a lesson listed in track.yml, e.g. t19/01",
                            )
                        )


def lesson_title(tracks: dict[str, Track], lesson_id: str) -> str:
    """Return the known title of a lesson id, from its folder or from track.yml."""
    track_id, _, number = lesson_id.partition("/")
    track = tracks[track_id]
    lesson = track.lessons.get(int(number))
    return lesson.title if lesson else track.titles[int(number)]
