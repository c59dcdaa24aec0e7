"""Build many small fixture courses in one process and report what each build said.

    python tests/mistakes_driver.py strict cases.json results.json
    python tests/mistakes_driver.py serve cases.json results.json

`cases.json` holds `serve_course`, a good fixture course, and `cases`, which maps a case id to
`{"course": <folder of the broken course>, "changes": {<path>: <file> or null}}`: how that
course differs from the good one (a file is `{"text": ..., "latin1": bool}`; null deletes it).

For each case this runs what `mkdocs build --strict` runs (load_config, on_startup, build) on
the broken course, with MkDocs' own log format, and records: the lines logged at WARNING or
above, whether the build failed, and any traceback (an exception that was not a
BuildError/Abort is what the command line would print as one, and SystemExit is a build that
ends with no word). Then what `make serve` says (coursemd.preview, as the server runs it):

* `serve_start`: a preview server started on the broken course (its first, full build);
* `serve_save`: the mistake saved into the good course while one preview server runs, as an
  author saves it, and `serve_fixed`: what it says once the good files are saved back.

`strict` records the first three, `serve` the saves; the two can run side by side. One process
for each, and one preview server for every save, because starting MkDocs and Material costs
seconds. (The saves need a process of their own: the hooks keep the course they last built in
module state, so another course's build in between would stand under the server's feet.)
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


def build(course: Path) -> dict[str, object]:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    handler = _Lines()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    cwd = os.getcwd()
    os.chdir(course)
    result: dict[str, object] = {"failed": False, "traceback": ""}
    try:
        config = load_config(str(course / "mkdocs.yml"), site_dir=str(course / "site"), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as error:
        result["failed"] = True
        if isinstance(error, ConfigurationError):
            handler.lines.append(f"ERROR   -  {error}")
    except (Exception, SystemExit):  # noqa: BLE001 - what the command line would print as a traceback
        result["failed"] = True
        result["traceback"] = traceback.format_exc()
    finally:
        os.chdir(cwd)
        logger.removeHandler(handler)
    result["lines"] = handler.lines
    return result


def _preview(course: Path) -> Any:
    from coursemd.preview import Preview

    site = tempfile.mkdtemp(prefix="preview-", dir=course.parent)
    return Preview(str(course / "mkdocs.yml"), site, "http://127.0.0.1:8000/")


def _in(course: Path, work: Any) -> Any:
    cwd = os.getcwd()
    os.chdir(course)  # the KaTeX package is found from the working folder, as under `make serve`
    try:
        return work()
    except (Exception, SystemExit):  # noqa: BLE001 - a preview that breaks is reported, not fatal
        return [f"TRACEBACK {traceback.format_exc()}"]
    finally:
        os.chdir(cwd)


def serve_start(course: Path) -> list[str]:
    """What a preview server started on `course` reports after its first build."""
    return _in(course, lambda: _preview(course).build())


class Server:
    """One preview server on the good course; each case is saved into it, then undone."""

    def __init__(self, course: Path) -> None:
        self.course = course
        self.good = {p.relative_to(course).as_posix(): p.read_bytes() for p in course.rglob("*") if p.is_file()}
        self.preview = _preview(course)
        first = _in(course, self.preview.build)
        assert first == [], first

    def _prune(self, folder: Path) -> None:
        """Remove `folder` and the folders above it that a deletion left empty (as a rename does)."""
        while folder != self.course and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def save(self, changes: dict[str, Any]) -> tuple[list[str], list[str]]:
        """(what saving `changes` reports, what saving the good files back reports)."""
        touched = []
        for path, file in changes.items():
            target = self.course / path
            touched.append(str(target))
            if file is None:
                target.unlink(missing_ok=True)
                self._prune(target.parent)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(file["text"].encode("latin-1" if file["latin1"] else "utf-8"))
        said = _in(self.course, lambda: self.preview.build(touched))
        for path in changes:
            target = self.course / path
            if path in self.good:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(self.good[path])
            else:
                target.unlink(missing_ok=True)
                self._prune(target.parent)
        fixed = _in(self.course, lambda: self.preview.build(touched))
        if fixed:  # start again from a clean server, so the next case is not blamed for this one
            self.preview = _preview(self.course)
            _in(self.course, self.preview.build)
        return said, fixed


def main() -> None:
    mode, cases_file, results_file = sys.argv[1:4]
    cases = json.loads(Path(cases_file).read_text("utf-8"))
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    results: dict[str, dict[str, object]] = {}
    if mode == "strict":
        for case, spec in cases["cases"].items():
            course = Path(spec["course"])
            results[case] = build(course)
            results[case]["serve_start"] = serve_start(course)
    else:
        server = Server(Path(cases["serve_course"]))
        for case, spec in cases["cases"].items():
            said, fixed = server.save(spec["changes"])
            results[case] = {"serve_save": said, "serve_fixed": fixed}
    Path(results_file).write_text(json.dumps(results, indent=1), "utf-8")


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    main()
