"""Build many small fixture courses in one process and report what each build said.

    python tests/mistakes_driver.py cases.json results.json

`cases.json` maps a case id to a course folder. For each, this runs what `mkdocs build
--strict` runs (load_config, on_startup, build) with MkDocs' own log format, and records:
the lines logged at WARNING or above, whether the build failed, and any traceback (an
exception that was not a BuildError/Abort is what the command line would print as one).
One process for the whole corpus, because starting MkDocs and Material costs seconds.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from pathlib import Path


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
    except Exception:  # noqa: BLE001 - what the command line would print as a traceback
        result["failed"] = True
        result["traceback"] = traceback.format_exc()
    finally:
        os.chdir(cwd)
        logger.removeHandler(handler)
    result["lines"] = handler.lines
    return result


def main() -> None:
    cases = json.loads(Path(sys.argv[1]).read_text("utf-8"))
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    results = {case: build(Path(folder)) for case, folder in cases.items()}
    Path(sys.argv[2]).write_text(json.dumps(results, indent=1), "utf-8")


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    main()
