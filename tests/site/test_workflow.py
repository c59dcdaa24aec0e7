"""The GitHub Pages workflow is valid against GitHub's schema (offline) and does what it claims."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def test_workflow_validates_against_the_github_schema() -> None:
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_tests_builds_strictly_and_deploys_with_the_official_actions() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert flow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as True
    build = flow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in build]
    uses = [step.get("uses", "") for step in build]
    assert "make test" in runs and "make build" in runs
    assert runs.index("make test") < runs.index("make build")
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    site_url = next(step["env"]["SITE_URL"] for step in build if step.get("run") == "make build")
    assert "steps.pages.outputs.base_url" in site_url
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    # `make build` is strict: mkdocs.yml sets strict and the Makefile passes --strict.
    assert "mkdocs build --strict" in (ROOT / "Makefile").read_text("utf-8")
