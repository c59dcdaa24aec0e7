"""Render TeX to HTML with one long-lived KaTeX process and an on-disk cache.

markdown-katex spawns the KaTeX command line once per formula (about 76 ms each, and
about 0.7 s each when `npx` is on PATH without a local katex, because it re-probes
`npx` for every formula). This module keeps one Node process for the whole build
and caches each rendered formula on disk, keyed by the KaTeX version and the input,
so a warm build starts no Node process at all.

The disk cache is one SQLite file per KaTeX version (`<cache_dir>/<version>/formulas.sqlite`),
written in batches: a file per formula cost a cold 15-lesson build some 10,000 file opens,
3 s of its 15. SQLite's write-ahead log lets two builds (a test worker and `make serve`)
share it. In memory, the most recent formulas are kept (a page repeats its own), a bounded
number, so a 300-lesson build does not hold every formula of the course at once.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from coursemd.node_packages import find_package

SERVER_SCRIPT = Path(__file__).with_name("katex_server.mjs")
CACHE_FILE = "formulas.sqlite"
MEMORY_MAX = 8_192  # formulas kept in memory: several lessons' worth
WRITE_BATCH = 256  # new formulas written to disk together
#: KaTeX allocates many short-lived objects: a larger young generation collected on one thread
#: costs fewer CPU seconds (a cold 15-lesson build's Node: 1.61-1.66 s to 1.48-1.53 s). A larger
#: interrupt budget lets a function run longer before V8 optimizes it: a lesson's 457 formulas
#: cost 234-298 ms of Node CPU with the default, 133-145 ms with it; 18,000 formulas (60
#: lessons, cold) cost about the same either way (2.1-2.4 s against 2.2-2.8 s).
NODE_FLAGS = ("--single-threaded-gc", "--max-semi-space-size=32", "--interrupt-budget=1000000")
READ_BATCH = 500  # formulas read from disk in one query (SQLite allows 999 parameters at least)


class TexError(Exception):
    """KaTeX rejected a formula; `message` is KaTeX's own one-line explanation."""

    def __init__(self, tex: str, message: str) -> None:
        super().__init__(message)
        self.tex = tex
        self.message = message


class KatexUnavailable(Exception):
    """Node or the katex npm package is missing; the message says how to install them."""


@dataclass(frozen=True)
class Rendered:
    """The HTML of one formula and the non-fatal complaints KaTeX made about it."""

    html: str
    warnings: tuple[str, ...] = ()


def find_katex_dir(start: Path | None = None) -> Path:
    """Return the katex npm package: $KATEX_DIR if set, else node_modules/katex at or above `start`."""
    if os.environ.get("KATEX_DIR"):
        return Path(os.environ["KATEX_DIR"]).resolve()
    here = (start or Path.cwd()).resolve()
    found = find_package("katex", here)
    if found is not None:
        return found
    raise KatexUnavailable(
        f"katex: the npm package 'katex' was not found in node_modules above {here}. "
        "Run 'npm ci' in the project folder (the README's commands do it for you)."
    )


def katex_version(katex_dir: Path) -> str:
    """Return the version of the KaTeX package whose CSS and fonts the site serves."""
    return str(json.loads((katex_dir / "package.json").read_text("utf-8"))["version"])


@dataclass
class KatexRenderer:
    """Renders formulas through one Node process, started on the first cache miss."""

    katex_dir: Path
    cache_dir: Path | None = None
    version: str = field(init=False)
    _process: subprocess.Popen[str] | None = field(default=None, init=False, repr=False)
    _memory: OrderedDict[str, Rendered] = field(default_factory=OrderedDict, init=False, repr=False)
    _keys: dict[tuple[str, bool, tuple[tuple[str, str], ...]], str] = field(default_factory=dict, init=False, repr=False)
    _unsaved: list[tuple[str, str, str]] = field(default_factory=list, init=False, repr=False)
    _db: sqlite3.Connection | None = field(default=None, init=False, repr=False)
    _db_failed: bool = field(default=False, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _next_id: int = field(default=0, init=False, repr=False)
    _ready: bool = field(default=False, init=False, repr=False)
    _prestarted: bool = field(default=False, init=False, repr=False)
    started_processes: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.version = katex_version(self.katex_dir)
        if self.cache_dir is not None:
            self.cache_dir = self.cache_dir / self.version

    def render(self, tex: str, *, display: bool, macros: dict[str, str] | None = None) -> Rendered:
        """Return KaTeX's HTML for `tex`, or raise TexError with KaTeX's message."""
        key = self._key(tex, display, macros or {})
        with self._lock:
            rendered = self._memory.get(key)
            if rendered is not None:
                self._memory.move_to_end(key)
                return rendered
            rendered = self._read_cache(key)
            if rendered is None:
                rendered = self._ask_server(tex, display, macros or {})
                self._write_cache(key, rendered)
            self._remember(key, rendered)
            return rendered

    def prefetch(self, formulas: list[tuple[str, bool, dict[str, str]]]) -> None:
        """Render the `(tex, display, macros)` not yet cached in one round trip to Node.

        A document's formulas asked for one by one cost Node more in messages than in
        KaTeX (0.9 ms a formula against 0.34 ms of rendering). A formula KaTeX rejects is
        left out: render() asks for it again and raises its error where it is written.
        """
        with self._lock:
            wanted: dict[str, tuple[str, bool, dict[str, str]]] = {}
            for tex, display, macros in formulas:
                key = self._key(tex, display, macros)
                if key not in self._memory:
                    wanted[key] = (tex, display, macros)
            # One query for the document's formulas instead of one each (a warm build reads
            # every formula from disk once).
            for key, rendered in self._read_cache_many(list(wanted)):
                self._remember(key, rendered)
                del wanted[key]
            missing = wanted
            if len(missing) < 2:
                return  # nothing to gain over render()
            requests = [{"tex": tex, "display": display, "macros": macros} for tex, display, macros in missing.values()]
            for key, reply in zip(missing, self._exchange({"batch": requests})["batch"]):
                if "error" not in reply:
                    rendered = Rendered(reply["html"], tuple(reply.get("warnings", ())))
                    self._write_cache(key, rendered)
                    self._remember(key, rendered)

    def _remember(self, key: str, rendered: Rendered) -> None:
        self._memory[key] = rendered
        if len(self._memory) > MEMORY_MAX:
            self._memory.popitem(last=False)

    def prestart(self) -> None:
        """Start Node now, without waiting for it, when the disk cache is empty (a cold build).

        Node and KaTeX take about 0.12 s to load; started while MkDocs is still reading the
        configuration and the theme, that time overlaps with work the build does anyway.
        A warm build finds the cache and starts nothing.
        """
        if self._prestarted:  # once per renderer: MkDocs makes a new extension for every page
            return
        self._prestarted = True
        cold = self.cache_dir is None or not (self.cache_dir / CACHE_FILE).is_file()
        with self._lock:
            if cold and self._process is None:
                self._process = self._spawn()

    def flush(self) -> None:
        """Write the formulas not yet on disk (after each document: a later build, or another
        process, finds them even if this one is stopped without a word)."""
        with self._lock:
            self._flush()
            self._keys.clear()

    def close(self) -> None:
        """Write the formulas not yet on disk; stop the Node process, if one was started."""
        with self._lock:
            self._flush()
            if self._db is not None:
                self._db.close()
                self._db = None
        process, self._process = self._process, None
        self._ready = False
        if process is not None and process.poll() is None:
            assert process.stdin is not None
            process.stdin.close()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process is not None:
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None and not stream.closed:
                    stream.close()

    # --- Helpers -------------------------------------------------------------------------

    def _key(self, tex: str, display: bool, macros: dict[str, str]) -> str:
        # prefetch() and render() both ask for each formula's key: the last document's are kept.
        memo = (tex, display, tuple(sorted(macros.items())) if macros else ())
        key = self._keys.get(memo)
        if key is None:
            if len(self._keys) >= MEMORY_MAX:
                self._keys.clear()
            # Length-prefixed, so no two inputs give one payload; cheaper than JSON-encoding the
            # formula (a fifth of the math's own time in a warm 15-lesson build).
            given = json.dumps(sorted(macros.items()), ensure_ascii=False) if macros else ""
            payload = f"{display:d}{len(tex)}:{tex}{given}"
            key = self._keys[memo] = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        return key

    def _database(self) -> sqlite3.Connection | None:
        """The cache file, opened on first use; None without a cache or when it cannot be used."""
        if self._db is None and self.cache_dir is not None and not self._db_failed:
            path = self.cache_dir / CACHE_FILE
            for attempt in (1, 2):
                try:
                    self.cache_dir.mkdir(parents=True, exist_ok=True)
                    db = sqlite3.connect(path, timeout=30, check_same_thread=False)
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("PRAGMA synchronous=NORMAL")  # a lost write costs a re-render: no fsync per batch
                    db.execute("CREATE TABLE IF NOT EXISTS formulas (key TEXT PRIMARY KEY, html TEXT, warnings TEXT)")
                    self._db = db
                    break
                except sqlite3.DatabaseError:
                    if attempt == 1:  # not a database (a cut-off copy, say): start the cache afresh
                        path.unlink(missing_ok=True)
                        continue
                    self._db_failed = True
                except (OSError, sqlite3.Error):
                    self._db_failed = True  # a read-only or full disk costs speed, never correctness
                    break
        return self._db

    def _read_cache(self, key: str) -> Rendered | None:
        db = self._database()
        if db is None:
            return None
        try:
            row = db.execute("SELECT html, warnings FROM formulas WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return Rendered(row[0], tuple(json.loads(row[1]))) if row else None

    def _read_cache_many(self, keys: list[str]) -> Iterator[tuple[str, Rendered]]:
        db = self._database()
        if db is None:
            return
        for start in range(0, len(keys), READ_BATCH):
            chunk = keys[start : start + READ_BATCH]
            marks = ",".join("?" * len(chunk))
            try:
                rows = db.execute(f"SELECT key, html, warnings FROM formulas WHERE key IN ({marks})", chunk).fetchall()  # noqa: S608 - only ? marks
            except sqlite3.Error:
                return
            for key, html, warnings in rows:
                yield key, Rendered(html, tuple(json.loads(warnings)))

    def _write_cache(self, key: str, rendered: Rendered) -> None:
        if self.cache_dir is None:
            return
        self._unsaved.append((key, rendered.html, json.dumps(rendered.warnings)))
        if len(self._unsaved) >= WRITE_BATCH:
            self._flush()

    def _flush(self) -> None:
        """Write the new formulas in one transaction (a build killed before loses only those)."""
        if not self._unsaved:
            return
        rows, self._unsaved = self._unsaved, []
        db = self._database()
        if db is None:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO formulas VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            pass  # as above: speed, never correctness

    def _spawn(self) -> subprocess.Popen[str]:
        node = shutil.which("node")
        if node is None:
            raise KatexUnavailable(
                "katex: Node.js was not found on PATH; math is rendered at build time with Node. "
                "Install Node.js 18 or newer, then run 'npm ci'."
            )
        entry = self.katex_dir / "dist" / "katex.mjs"
        process = subprocess.Popen(
            [node, *NODE_FLAGS, str(SERVER_SCRIPT), str(entry)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self.started_processes += 1
        atexit.register(self.close)
        return process

    def _handshake(self, process: subprocess.Popen[str]) -> None:
        """Read the server's first line; fail with an install hint if KaTeX did not load."""
        assert process.stdout is not None
        hello = process.stdout.readline()
        try:
            ready = json.loads(hello)
        except ValueError:
            assert process.stderr is not None
            detail = (hello + process.stderr.read()).strip().splitlines()
            raise KatexUnavailable(
                f"katex: the KaTeX process did not start ({detail[-1] if detail else 'no output'}). "
                "Run 'npm ci' and check 'node --version' (18 or newer)."
            ) from None
        if ready.get("version") != self.version:
            raise KatexUnavailable(
                f"katex: Node loaded KaTeX {ready.get('version')} but node_modules says {self.version}. "
                "Run 'npm ci' to reinstall the pinned version."
            )

    def _ask_server(self, tex: str, display: bool, macros: dict[str, str]) -> Rendered:
        reply = self._exchange({"tex": tex, "display": display, "macros": macros})
        if "error" in reply:
            raise TexError(tex, reply["error"])
        return Rendered(reply["html"], tuple(reply.get("warnings", ())))

    def _exchange(self, request: dict[str, object]) -> dict[str, Any]:
        """Send one request line to the Node process (started if need be); return its reply."""
        if self._process is None or self._process.poll() is not None:
            self._process = self._spawn()
            self._ready = False
        process = self._process
        if not self._ready:
            self._handshake(process)
            self._ready = True
        assert process.stdin is not None and process.stdout is not None
        self._next_id += 1
        process.stdin.write(json.dumps({"id": self._next_id, **request}) + "\n")
        process.stdin.flush()
        reply: dict[str, Any] = json.loads(process.stdout.readline())
        return reply


_RENDERERS: dict[tuple[Path, Path | None], KatexRenderer] = {}
#: (katex_dir or working folder, cache_dir) as asked -> the renderer: looking the package up
#: and resolving paths for every formula cost most of the math's time on a large course.
_LOOKUP: dict[tuple[str, str, str, str], KatexRenderer] = {}


def shared_renderer(katex_dir: Path | None = None, cache_dir: Path | None = None) -> KatexRenderer:
    """Return the process-wide renderer for this KaTeX package and cache folder.

    Python-Markdown makes new extension instances for every page MkDocs renders;
    sharing the renderer keeps one Node process and one memory cache per build.
    """
    asked = (str(katex_dir), str(cache_dir), os.getcwd(), os.environ.get("KATEX_DIR", ""))
    found = _LOOKUP.get(asked)
    if found is not None:
        return found
    katex_dir = (katex_dir or find_katex_dir()).resolve()
    key = (katex_dir, cache_dir.resolve() if cache_dir else None)
    if key not in _RENDERERS:
        _RENDERERS[key] = KatexRenderer(katex_dir, key[1])
    _LOOKUP[asked] = _RENDERERS[key]
    return _RENDERERS[key]
