"""Debian's Chromium as the benchmarks drive it (Playwright cannot download its own here).

The same browser and flags as the browser tests (tests/conftest.py); kept beside the
benchmarks so they need nothing from the test suite.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
