"""Runs the pure JavaScript unit tests (tests/js/*.test.mjs) with Node's own test runner."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT

JS_TESTS = sorted((ROOT / "tests" / "js").glob("*.test.mjs"))


@pytest.mark.parametrize("test_file", JS_TESTS, ids=[p.name for p in JS_TESTS])
def test_javascript_unit_tests_pass(test_file) -> None:
    node = shutil.which("node")
    assert node, "Node.js is required (it also renders the math)"
    result = subprocess.run([node, "--test", str(test_file)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
