"""Minify the generator's own CSS and JS at build time, with esbuild, cached by content.

The files under `coursemd/assets/` stay readable in the repository; the site serves them
minified (issue 11: the practice page's own CSS and JS were 133 KB as written). esbuild runs in
one Node process per build for every file the cache does not hold, and each result is kept
in `.cache/minify/esbuild-<version>/<sha256 of options and source>.<ext>`, so a warm build or
a `make serve` rebuild starts no Node process and only hashes a few dozen small files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from coursemd.node_packages import find_package

SCRIPT = Path(__file__).with_name("minify.mjs")
LOADERS = {".js": "js", ".mjs": "js", ".css": "css"}
#: Part of every cache key: change it when minify.mjs's esbuild options change.
OPTIONS = "transform minify charset=utf8 js-format=esm v2"

#: Minified bytes by cache key, for the life of the process: the test suite builds many small
#: courses, each with its own empty cache folder, and only the first should start Node.
_MEMORY: dict[str, bytes] = {}
_FALLBACK_DIR: list[Path] = []
#: How many times this process started Node to minify (a warm build adds none).
started_processes = 0


class MinifyUnavailable(Exception):
    """Node or the esbuild npm package is missing; the message says how to install them."""


class MinifyError(Exception):
    """esbuild could not read one of the files; the message names the file, line and column."""


def find_esbuild_dir(start: Path) -> Path:
    """The esbuild npm package: node_modules/esbuild at or above `start`."""
    here = start.resolve()
    found = find_package("esbuild", here)
    if found is not None:
        return found
    raise MinifyUnavailable(
        f"minify: the npm package 'esbuild' was not found in node_modules above {here}; the site's CSS and JS "
        "are minified with it. Run 'npm ci' in the project folder (the README's commands do it for you)."
    )


def minified(sources: Iterable[Path], root: Path) -> dict[Path, Path]:
    """For each CSS or JS file in `sources`, a file holding it minified (other files are left out)."""
    global started_processes
    wanted = [path for path in sources if path.suffix in LOADERS]
    if not wanted:
        return {}
    esbuild = find_esbuild_dir(root)
    version = json.loads((esbuild / "package.json").read_text("utf-8"))["version"]
    cache = root / ".cache" / "minify" / f"esbuild-{version}"
    out: dict[Path, Path] = {}
    missing: dict[str, tuple[Path, str]] = {}  # key -> (source, its text)
    for path in wanted:
        data = path.read_bytes()
        key = hashlib.sha256(f"{OPTIONS}\0{LOADERS[path.suffix]}\0".encode() + data).hexdigest()
        target = cache / f"{key}{path.suffix}"
        if target.is_file():
            out[path] = target
        elif key in _MEMORY:
            out[path] = _store(cache, target.name, _MEMORY[key])
        else:
            missing[key] = (path, data.decode("utf-8"))
            out[path] = target
    if missing:
        started_processes += 1
        results = _run_esbuild(esbuild, [(_shown(path, root), LOADERS[path.suffix], text) for path, text in missing.values()])
        for (key, (path, _)), result in zip(missing.items(), results):
            if "error" in result:
                raise MinifyError(f"minify: {result['error']}. esbuild cannot read this file; fix it and build again.")
            _MEMORY[key] = result["code"].encode("utf-8")
            out[path] = _store(cache, f"{key}{path.suffix}", _MEMORY[key])
    return out


# --- Helpers ---------------------------------------------------------------------------------


def _run_esbuild(esbuild: Path, files: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    """Minify `files` (name, loader, text) in one Node process; one result per file, in order."""
    node = shutil.which("node")
    if node is None:
        raise MinifyUnavailable(
            "minify: Node.js was not found on PATH; the site's CSS and JS are minified at build time with Node. "
            "Install Node.js 18 or newer, then run 'npm ci'."
        )
    request = {"esbuild": str(esbuild), "files": [{"name": n, "loader": loader, "code": c} for n, loader, c in files]}
    process = subprocess.run(
        [node, str(SCRIPT)], input=json.dumps(request), capture_output=True, text=True, encoding="utf-8", timeout=300
    )
    try:
        results: list[dict[str, str]] = json.loads(process.stdout)
    except ValueError:
        detail = (process.stdout + process.stderr).strip().splitlines()
        raise MinifyUnavailable(
            f"minify: esbuild did not run ({detail[-1] if detail else 'no output'}). "
            "Run 'npm ci' and check 'node --version' (18 or newer)."
        ) from None
    return results


def _store(cache: Path, name: str, data: bytes) -> Path:
    """Write `data` to cache/name (write then rename, so a killed build leaves no half file)."""
    try:
        return _write(cache, name, data)
    except OSError:
        # A read-only project folder: the build still gets its files, from a temporary folder.
        if not _FALLBACK_DIR:
            _FALLBACK_DIR.append(Path(tempfile.mkdtemp(prefix="coursemd-minify-")))
        return _write(_FALLBACK_DIR[0], name, data)


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    tmp = folder / f"{name}.{os.getpid()}.tmp"
    tmp.write_bytes(data)
    tmp.replace(target)
    return target


def _shown(path: Path, root: Path) -> str:
    """`path` as an author reads it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
