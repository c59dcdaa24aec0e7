"""Start a lesson or a track from the command line, instead of copying a lesson by hand.

    python -m coursemd.scaffold lesson t19/03 [--title "..."] [--root PATH]
    python -m coursemd.scaffold track t03 --title "Probability" [--total 10] [--phase NAME] [--root PATH]

`make lesson ID=t19/03 [TITLE="..."]` and `make track ID=t03 TITLE="..." [TOTAL=10] [PHASE=...]`
run these from the course root, the folder with mkdocs.yml (`--root` names another).

`lesson` reads `lesson_src/<track>/track.yml`, takes the title from its `lessons:` entry (or
from --title), and writes the folder `NN-slug` with a valid lesson.yml, the five pages as
short stubs that say what each page is for, an example of each practice block, and
numbers.py with one example value. `track` writes `lesson_src/<id>/track.yml`, every key
commented. Both print one line per file created and what to do next.

Neither ever overwrites: a mistake (a malformed id, an unknown track, a number beyond the
track's total, a folder that exists) is refused with one line on stderr and exit code 2,
before anything is written.
"""

from __future__ import annotations

import argparse
import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml

from coursemd.lesson_meta import DIFFICULTIES, FOLDER, PAGE_TYPES, default_code, slugify

# --- Data ------------------------------------------------------------------------------------

TRACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LESSON_ARG = re.compile(r"^(?P<track>[a-z0-9][a-z0-9-]*)/(?P<number>\d{1,2})$")
#: Where `make serve` serves the site (MkDocs' default dev_addr).
SERVE_URL = "http://127.0.0.1:8000/"
#: Inline math in the stubs. markdown-katex's form works in every course; switch to "${}$"
#: once `$...$` is supported everywhere.
INLINE_MATH = "$`{}`$"

#: The example checked number: numbers.py defines it, lesson.md shows it, the quiz asks it.
EXAMPLE_NAME = "example_sum"
EXAMPLE_VALUE = "4"

DEFAULT_READ_MINUTES = 10
DEFAULT_PRACTICE_MINUTES = 10
DEFAULT_DIFFICULTY = "standard"
assert DEFAULT_DIFFICULTY in DIFFICULTIES


class _Template(string.Template):
    """`@name` placeholders: `$` is math and `{}` is TeX in the stubs."""

    delimiter = "@"


LESSON_YML = _Template("""\
# Lesson @number of @track. The build checks every key and stops at a mistake with its line;
# the authoring guide ("Where a lesson lives") describes them all.
title: @title
track: @track
number: @number
phase: @phase  # a phase number from ../track.yml
# summary: One or two sentences on what the lesson does (optional).
objectives:  # what a student can do after the lesson, each starting with a verb
  - Replace this with the first thing a student can do after this lesson (State, Compute, Explain ...)
  - Replace this with a second objective, or delete it; most lessons have three to five
read_minutes: @read_minutes  # reading time of lesson.md at about 200 words a minute; update it once written
practice_minutes: @practice_minutes  # time to do practice.md
difficulty: @difficulty  # introductory, standard or advanced
@links""")

BRIEF = _Template("""\
# Brief

> **Scaffold: replace this page.** The brief is the lesson's front door: what it covers, why
> it matters, where it fits in the track and what a student needs first. Replace the text
> under each heading, then delete this note.

## What this lesson covers

One or two paragraphs: the question the lesson answers and the steps it takes.

## Why it matters

Where a student meets this idea again: in later lessons, in papers, in code.

## Where it fits

What the lesson before gave the student, and what the next one builds on this one.

## What you need

The lessons and the mathematics to know first, such as @prerequisite_math.

## The practice

A numbered list of the parts of the practice page, in order.

## How to use this lesson

1. Read the [lesson](lesson.md) in one sitting.
2. Do the [practice](practice.md), in order.
3. Keep the [cheatsheet](cheatsheet.md) open while you practise.
4. Use the [references](references.md) for the original sources.
""")

LESSON = _Template("""\
# @title

> **Scaffold: replace this page.** The lesson is the reading, done in one sitting of about
> `read_minutes` (lesson.yml): the ideas in order, one `##` section each, each with a worked
> example. Delete this note when you start.

## A first idea

State the idea in a sentence, then show it in math, inline as @inline_example or displayed:

```math
p(a, b) = p(a)\\, p(b \\mid a)
```

@checked_number
""")

CHECKED_NUMBER = (
    "A number the lesson states as a result is computed in `numbers.py`, beside this page, and"
    " the build checks the page against it: @one_plus_three is {{ @name = @value }}."
    " (An example: replace it, or delete it here, in numbers.py and in the quiz.)"
)
UNCHECKED_NUMBER = (
    "A number the lesson states as a result should be computed, not typed: `numbers.py`, beside"
    " this page, holds an example, `@name`, which is @one_plus_three, so @value. (Delete it when unused.)"
)

PRACTICE = _Template("""\
# Practice

> **Scaffold: edit or delete the examples.** The practice page is where students check
> themselves: a short quiz on the main ideas, exercises, and flashcards to review over the
> coming days. Each block below is a small working example of its syntax (the authoring guide
> has the rest). Keep the ids, which are unique on the whole site, and replace the content.

## Self-check

/// quiz | Self-check
    id: @id_prefix-self-check

Example question with options: which factorization of @p_ab holds for every distribution?

- [x] @chain_rule
- [ ] @product_of_marginals

    That holds only when @a and @b are independent.

The chain rule follows from the definition of a conditional; the product of the marginals needs independence.

---

Example numeric question: what is @one_plus_three?

Answer: @answer
Tolerance: 0

Tolerance 0 is for exact counts; give a computed result a tolerance such as 0.01 or 1%.
///

## Spot the bug

/// drill
    id: @id_prefix-drill

Example model with a bug: a decoder-only language model's training step.

1. `h = embed(x)`
2. [bug] `h = attention(h, mask=None)  # every position reads every position`
3. `loss = cross_entropy(head(h)[:, :-1], x[:, 1:])`

With no causal mask, position @t reads the tokens after it, including the one it predicts.

---

Example causal model: the same step with a mask.

1. `h = embed(x)`
2. `h = attention(h, mask=causal_mask(T))`
3. `loss = cross_entropy(head(h)[:, :-1], x[:, 1:])`

The causal mask lets position @t read only positions up to @t, and the shift by one makes it predict token @t_plus_one.
///

## Flashcards

/// flashcards | @title: review deck
    id: @id_prefix-deck

Q: Example card: what does the chain rule say about @p_ab?
A: @chain_rule_equation, for every distribution.

Q: Example card: when does @p_ab equal @product_of_marginals?
A: When @a and @b are independent.
///
""")

SUMMARY = _Template("""\
# Summary

> **Scaffold: replace this page, or delete it.** The summary is optional: the lesson in a
> five-minute scan, between the reading and the practice. Keep to the core ideas, the worked
> example and the one rule a student must not forget; every number on it is checked like the
> lesson's. Delete this file and the lesson simply has no Summary tab.

## Core ideas

- Example: the chain rule writes any joint as a product of conditionals, @chain_rule_equation.
""")


CHEATSHEET = _Template("""\
# Cheatsheet

> **Scaffold: replace this page.** The cheatsheet is the lesson on one printed page: its
> identities in a table, a recipe for the main computation with a worked example, and the
> common mistakes. Students keep it open during the practice.

## Identities

| Idea | Formula |
|---|---|
| Example: the chain rule for two variables | @chain_rule_equation |

## Recipe

1. The first step of the lesson's main computation.
2. The next one.
""")

REFERENCES = _Template("""\
# References

> **Scaffold: replace this page.** The references list the sources the lesson draws on, each
> with a full citation, a link, and a sentence on why and when to read it.

## Papers, in the order the lesson uses them

1. Authors. *Title.* Venue, year. <https://example.org/>
   Read for the one thing this source does best.
""")

NUMBERS = _Template('''\
"""The numbers lesson @lesson_id states as results, computed here so that the build can check them.

A page of this lesson writes a checked number as `{{ name = value }}`, for example
`{{ @name = @value }}`: the page shows the value, and the build stops if `name` here
disagrees with it at the precision written (`{{ name = 2.12 }}` is checked to two decimals).
A name is a module-level number or a function that takes no arguments. Compute each result
from the lesson's inputs instead of typing it, so that no page keeps a stale number.
"""

# An example, shown on lesson.md and asked in practice.md: replace it, or delete all three.
@name = 1 + 3
''')

TRACK_YML = _Template("""\
# Track @id. Each lesson is a folder beside this file, NN-slug; start one with
#   make lesson ID=@id/01 TITLE="..."
# A lesson listed under `lessons:` but without a folder appears on the site as planned.
title: @title  # required: shown on the track page and the home page
code: @code  # optional: a short label; without it "Track N" for a folder tN, else the title
# description: One paragraph shown on the track page and the home page (optional)
total: @total  # required: the lessons planned in the track; lesson numbers go up to it
phases:  # required: phase number -> name; a lesson names its phase by number
  1: @phase
lessons: {}  # optional: the titles decided so far, by number; a lesson.yml title must match
#   1: What a generative model is
#   3: {title: Maximum likelihood and the KL view, phase: 2}
""")


# --- Helpers ---------------------------------------------------------------------------------


class Refusal(Exception):
    """A request the scaffold turns down; its text is the one line the author sees."""


def refuse(problem: str, fix: str, where: str = "") -> NoReturn:
    """Raise a Refusal worded "scaffold: <where>: <problem>. <fix>."."""
    place = f"{where}: " if where else ""
    raise Refusal(f"scaffold: {place}{problem.rstrip('.')}. {fix.rstrip('.')}.")


def yaml_scalar(value: str) -> str:
    """`value` as one YAML scalar, quoted only when YAML needs it ("Bayes' rule: a view")."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9).strip()
    return text.removesuffix("\n...").strip()


def numbers_enabled(root: Path) -> bool:
    """Whether the course's mkdocs.yml lists the `coursemd.numbers` extension ({{ name = 4 }})."""
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8") if config.is_file() else ""
    return re.search(r"^\s*-\s*['\"]?coursemd\.numbers\b", text, flags=re.MULTILINE) is not None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class TrackInfo:
    """What the scaffold needs from track.yml and the track's folder."""

    id: str
    total: int
    phases: dict[int, str]
    titles: dict[int, str]
    entry_phases: dict[int, int]
    folders: dict[int, Path]


def read_track(root: Path, track_id: str) -> TrackInfo:
    """Read `lesson_src/<track_id>/track.yml` and list its lesson folders, or refuse in one line."""
    track_dir = root / "lesson_src" / track_id
    track_file = track_dir / "track.yml"
    where = _relative(track_file, root)
    if not track_file.is_file():
        known = sorted(p.parent.name for p in (root / "lesson_src").glob("*/track.yml"))
        refuse(
            f"there is no track '{track_id}' ({where} does not exist)",
            f"Use one of: {', '.join(known)}" if known else f'Create it first: make track ID={track_id} TITLE="..."',
        )
    try:
        data = yaml.safe_load(track_file.read_text("utf-8"))
    except yaml.YAMLError as error:
        refuse(f"this is not valid YAML ({getattr(error, 'problem', None) or error})", "Fix it, then run again", where)
    if not isinstance(data, dict):
        refuse("expected a mapping of keys", "Write one 'key: value' per line", where)
    total, phases, entries = data.get("total"), data.get("phases"), data.get("lessons") or {}
    if not isinstance(total, int) or isinstance(total, bool) or total < 1:
        refuse(f"'total' must be a whole number from 1, not {total!r}", "Write it like 'total: 15'", where)
    if not isinstance(phases, dict) or not phases or not all(isinstance(k, int) for k in phases):
        refuse(
            f"'phases' must map phase numbers to names, not {phases!r}", "Write it like 'phases: {1: Basics}'", where
        )
    if not isinstance(entries, dict):
        refuse(
            f"'lessons' must map lesson numbers to titles, not {entries!r}", "Write it like 'lessons: {1: ...}'", where
        )
    titles: dict[int, str] = {}
    entry_phases: dict[int, int] = {}
    for number, entry in entries.items():
        title: Any = entry.get("title") if isinstance(entry, dict) else entry
        if isinstance(number, int) and isinstance(title, str) and title.strip():
            titles[number] = title
            if isinstance(entry, dict) and isinstance(entry.get("phase"), int):
                entry_phases[number] = entry["phase"]
    folders: dict[int, Path] = {}
    for folder in sorted(p for p in track_dir.iterdir() if p.is_dir()):
        match = re.match(r"^(\d+)-", folder.name)
        if match:
            folders.setdefault(int(match.group(1)), folder)
    return TrackInfo(track_id, total, phases, titles, entry_phases, folders)


def _links_to(root: Path, folder_name: str) -> list[str]:
    """Pages of the course that link to `folder_name`/ (a planned lesson's generated page)."""
    found = []
    for base in (root / "lesson_src", root / "docs"):
        for page in sorted(base.rglob("*.md")) if base.is_dir() else []:
            if f"{folder_name}/" in page.read_text("utf-8", errors="replace"):
                found.append(_relative(page, root))
    return found


def _write(path: Path, text: str, root: Path, created: list[str]) -> None:
    path.write_text(text, "utf-8")
    created.append(_relative(path, root))


def _math(tex: str) -> str:
    return INLINE_MATH.format(tex)


# --- Commands --------------------------------------------------------------------------------


def new_lesson(root: Path, lesson_arg: str, title: str | None = None) -> list[str]:
    """Write a lesson folder for `lesson_arg` (e.g. 't19/03'); return the lines to print."""
    if not lesson_arg:
        refuse("no lesson id given", "Name the lesson as <track>/<number>, e.g. make lesson ID=t19/03")
    match = LESSON_ARG.match(lesson_arg)
    if match is None:
        refuse(
            f"'{lesson_arg}' is not a lesson id",
            "Write it as <track>/<number>, the track's folder name and the lesson's number, e.g. ID=t19/03",
        )
    track_id, number = match["track"], int(match["number"])
    if number < 1:
        refuse(f"'{lesson_arg}' has the number 0", "Lesson numbers start at 1, e.g. ID=t19/01")
    track = read_track(root, track_id)
    track_source = f"lesson_src/{track_id}/track.yml"
    if number > track.total:
        refuse(
            f"lesson {number} is beyond the track's total of {track.total}",
            f"Pick a number up to {track.total}, or raise 'total' in track.yml",
            track_source,
        )
    if number in track.folders:
        refuse(
            f"lesson {number} already exists, in {_relative(track.folders[number], root)}",
            "Pick another number; the scaffold never overwrites a lesson",
        )
    listed = track.titles.get(number)
    if title is not None and not title.strip():
        refuse("the title is empty", 'Pass TITLE="..." with the lesson\'s title, or leave it out')
    if title is not None and listed is not None and title.strip() != listed:
        refuse(
            f"lesson {number} is listed as {listed!r}, not {title.strip()!r}",
            "Leave out TITLE= to use the listed title, or change it in track.yml first",
            track_source,
        )
    if title is None and listed is None:
        refuse(
            f"lesson {number} has no title in {track_source}",
            "Pass one with TITLE=\"...\" (--title), or list it under 'lessons:' in track.yml",
        )
    title = (title or listed or "").strip()
    phase = track.entry_phases.get(number, min(track.phases))

    lesson_id = f"{track_id}/{number:02d}"
    known = set(track.folders) | set(track.titles)
    links = []
    if number - 1 in known:
        links.append(f"prerequisites: [{track_id}/{number - 1:02d}]  # lessons to do first")
    if number + 1 in known and number + 1 <= track.total:
        links.append(f"next: {track_id}/{number + 1:02d}")
    folder = root / "lesson_src" / track_id / f"{number:02d}-{slugify(title)}"
    assert FOLDER.match(folder.name), folder.name

    math = {
        "p_ab": _math("p(a, b)"),
        "a": _math("a"),
        "b": _math("b"),
        "t": _math("t"),
        "t_plus_one": _math("t + 1"),
        "chain_rule": _math(r"p(a)\, p(b \mid a)"),
        "chain_rule_equation": _math(r"p(a, b) = p(a)\, p(b \mid a)"),
        "product_of_marginals": _math(r"p(a)\, p(b)"),
        "one_plus_three": _math("1 + 3"),
        "prerequisite_math": _math(r"p(A, B) = p(A)\, p(B \mid A)"),
        "inline_example": _math("p(x)"),
    }
    checked = numbers_enabled(root)
    number_text = _Template(CHECKED_NUMBER if checked else UNCHECKED_NUMBER).substitute(
        name=EXAMPLE_NAME, value=EXAMPLE_VALUE, one_plus_three=math["one_plus_three"]
    )
    answer = f"{{{{ {EXAMPLE_NAME} = {EXAMPLE_VALUE} }}}}" if checked else EXAMPLE_VALUE
    pages = {
        "brief.md": BRIEF.substitute(math),
        "lesson.md": LESSON.substitute(math, title=title, checked_number=number_text),
        "practice.md": PRACTICE.substitute(math, title=title, answer=answer, id_prefix=lesson_id.replace("/", "-")),
        "summary.md": SUMMARY.substitute(math),
        "cheatsheet.md": CHEATSHEET.substitute(math),
        "references.md": REFERENCES.substitute(math),
    }
    assert set(pages) == {name for name, _, _, _ in PAGE_TYPES}

    created: list[str] = []
    folder.mkdir(parents=False, exist_ok=False)
    meta = LESSON_YML.substitute(
        number=number,
        track=track_id,
        title=yaml_scalar(title),
        phase=phase,
        read_minutes=DEFAULT_READ_MINUTES,
        practice_minutes=DEFAULT_PRACTICE_MINUTES,
        difficulty=DEFAULT_DIFFICULTY,
        links="".join(f"{line}\n" for line in links),
    )
    _write(folder / "lesson.yml", meta, root, created)
    for name, _, _, _ in PAGE_TYPES:
        _write(folder / name, pages[name], root, created)
    _write(
        folder / "numbers.py",
        NUMBERS.substitute(lesson_id=lesson_id, name=EXAMPLE_NAME, value=EXAMPLE_VALUE),
        root,
        created,
    )

    lines = [f"created {path}" for path in created]
    planned = f"{number:02d}-{re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')}"
    if listed is not None and planned != folder.name:
        # Pages may link to the planned page's address, which the new folder replaces.
        for page in _links_to(root, planned):
            lines.append(f"note: {page} links to {planned}/, the planned page; point it at {folder.name}/")
    lines.append(f"Next: run `make serve` and open {SERVE_URL}{track_id}/{folder.name}/")
    return lines


def new_track(root: Path, track_id: str, title: str | None, total: int = 10, phase: str = "Foundations") -> list[str]:
    """Write `lesson_src/<track_id>/track.yml`; return the lines to print."""
    if not track_id:
        refuse("no track id given", 'Name the track\'s folder, e.g. make track ID=t03 TITLE="..."')
    if not TRACK_ID.match(track_id):
        refuse(
            f"'{track_id}' is not a track id",
            "Use lowercase letters, digits and hyphens, starting with a letter or digit, e.g. ID=t03",
        )
    if title is None or not title.strip():
        refuse(f"track '{track_id}' needs a title", f'Pass one: make track ID={track_id} TITLE="..."')
    if total < 1:
        refuse(f"the total must be a whole number from 1, not {total}", "Pass the lessons planned, e.g. TOTAL=10")
    if not phase.strip():
        refuse("the phase name is empty", "Pass a name, e.g. PHASE=Foundations, or leave it out")
    folder = root / "lesson_src" / track_id
    if folder.exists():
        refuse(f"{_relative(folder, root)} already exists", "Pick another id; the scaffold never overwrites a track")
    title = title.strip()
    text = TRACK_YML.substitute(
        id=track_id,
        title=yaml_scalar(title),
        code=yaml_scalar(default_code(track_id, title)),
        total=total,
        phase=yaml_scalar(phase.strip()),
    )
    folder.mkdir(parents=True)
    created: list[str] = []
    _write(folder / "track.yml", text, root, created)
    return [
        *(f"created {path}" for path in created),
        (
            f"Next: list the lessons' titles under 'lessons:' in {created[0]}, run "
            f'`make lesson ID={track_id}/01 TITLE="..."`, then `make serve` and open {SERVE_URL}tracks/{track_id}/'
        ),
    ]


# --- Command line ----------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, with its mistakes said in one line like every other refusal."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"scaffold: {message}. Run with --help for the usage.\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m coursemd.scaffold", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    lesson = commands.add_parser("lesson", help="start a lesson folder from track.yml")
    lesson.add_argument("id", nargs="?", default="", help="the lesson's id, <track>/<number>, e.g. t19/03")
    lesson.add_argument("--title", help="the lesson's title (default: its entry in track.yml)")
    track = commands.add_parser("track", help="start a track: lesson_src/<id>/track.yml")
    track.add_argument("id", nargs="?", default="", help="the track's folder name, e.g. t03")
    track.add_argument("--title", help="the track's title")
    track.add_argument("--total", type=int, default=10, help="lessons planned in the track (default 10)")
    track.add_argument("--phase", default="Foundations", help='the name of phase 1 (default "Foundations")')
    for command in (lesson, track):
        command.add_argument("--root", type=Path, default=Path("."), help="the course root (default: here)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (2 when the request is refused)."""
    args = _parser().parse_args(argv)
    root: Path = args.root.resolve()
    try:
        if not (root / "mkdocs.yml").is_file():
            refuse(
                f"{root} has no mkdocs.yml",
                "Run this in the course root (the folder with mkdocs.yml), or pass --root PATH",
            )
        if args.command == "lesson":
            lines = new_lesson(root, args.id, args.title)
        else:
            lines = new_track(root, args.id, args.title, args.total, args.phase)
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
