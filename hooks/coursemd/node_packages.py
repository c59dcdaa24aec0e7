"""Finding the npm packages the build runs in Node (KaTeX, esbuild)."""

from __future__ import annotations

from pathlib import Path


def find_package(name: str, start: Path) -> Path | None:
    """node_modules/<name> in `start` or the nearest folder above it that has one, as Node
    looks a bare import up; None when there is none."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / "node_modules" / name
        if (candidate / "package.json").is_file():
            return candidate
    return None
