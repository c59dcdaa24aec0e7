"""Render TeX to HTML with one long-lived KaTeX process and an on-disk cache.

markdown-katex spawns the KaTeX command line once per formula (about 76 ms each, and
about 0.7 s each when `npx` is on PATH without a local katex, because it re-probes
`npx` for every formula). This module keeps one Node process for the whole build
and caches each rendered formula on disk, keyed by the KaTeX version and the input,
so a warm build starts no Node process at all.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

SERVER_SCRIPT = Path(__file__).with_name("katex_server.mjs")


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
    for folder in (here, *here.parents):
        candidate = folder / "node_modules" / "katex"
        if (candidate / "package.json").is_file():
            return candidate
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
    _memory: dict[str, Rendered] = field(default_factory=dict, init=False, repr=False)
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
            if key in self._memory:
                return self._memory[key]
            rendered = self._read_cache(key)
            if rendered is None:
                rendered = self._ask_server(tex, display, macros or {})
                self._write_cache(key, rendered)
            self._memory[key] = rendered
            return rendered

    def prestart(self) -> None:
        """Start Node now, without waiting for it, when the disk cache is empty (a cold build).

        Node and KaTeX take about 0.12 s to load; started while MkDocs is still reading the
        configuration and the theme, that time overlaps with work the build does anyway.
        A warm build finds the cache and starts nothing.
        """
        if self._prestarted:  # once per renderer: MkDocs makes a new extension for every page
            return
        self._prestarted = True
        cold = self.cache_dir is None or not self.cache_dir.is_dir() or _is_empty(self.cache_dir)
        with self._lock:
            if cold and self._process is None:
                self._process = self._spawn()

    def close(self) -> None:
        """Stop the Node process, if one was started."""
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
        payload = json.dumps([tex, display, sorted(macros.items())], ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def _read_cache(self, key: str) -> Rendered | None:
        if self.cache_dir is None:
            return None
        try:
            data = json.loads((self.cache_dir / f"{key}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return Rendered(data["html"], tuple(data.get("warnings", ())))

    def _write_cache(self, key: str, rendered: Rendered) -> None:
        if self.cache_dir is None:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a build killed mid-write never leaves half a formula.
            tmp = self.cache_dir / f"{key}.{os.getpid()}.tmp"
            tmp.write_text(json.dumps({"html": rendered.html, "warnings": rendered.warnings}), "utf-8")
            tmp.replace(self.cache_dir / f"{key}.json")
        except OSError:
            pass  # A read-only or full disk costs speed, never correctness.

    def _spawn(self) -> subprocess.Popen[str]:
        node = shutil.which("node")
        if node is None:
            raise KatexUnavailable(
                "katex: Node.js was not found on PATH; math is rendered at build time with Node. "
                "Install Node.js 18 or newer, then run 'npm ci'."
            )
        entry = self.katex_dir / "dist" / "katex.mjs"
        process = subprocess.Popen(
            [node, str(SERVER_SCRIPT), str(entry)],
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
        if self._process is None or self._process.poll() is not None:
            self._process = self._spawn()
            self._ready = False
        process = self._process
        if not self._ready:
            self._handshake(process)
            self._ready = True
        assert process.stdin is not None and process.stdout is not None
        self._next_id += 1
        request = {"id": self._next_id, "tex": tex, "display": display, "macros": macros}
        process.stdin.write(json.dumps(request) + "\n")
        process.stdin.flush()
        reply = json.loads(process.stdout.readline())
        if "error" in reply:
            raise TexError(tex, reply["error"])
        return Rendered(reply["html"], tuple(reply.get("warnings", ())))


def _is_empty(folder: Path) -> bool:
    """True when `folder` holds no entry (reads one entry, not the whole listing)."""
    with os.scandir(folder) as entries:
        return next(entries, None) is None


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
