"""coursemd.minify: the generator's CSS and JS minified by esbuild in one Node process per
build, cached by content, with one-line messages when Node or esbuild is missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coursemd import minify
from coursemd.minify import MinifyError, MinifyUnavailable, minified

ROOT = Path(__file__).resolve().parents[2]

WIDGET = """// A comment the site does not need.
import { el } from "./dom.js";

export function mount(root) {
  const message = "Saved ← here";  // kept as written: charset utf8
  root.append(el("p", {}, message));
}
"""
# A module without import or export (as a11y-fixes.js is): its top-level names are its own.
SCRIPT = """const FIXES_TO_APPLY = ["a", "b"];
const applyEveryFix = () => FIXES_TO_APPLY.forEach((fix) => document.body.append(fix));
applyEveryFix();
"""
STYLE = """/* The quiz. */
.quiz__option   {
  color: red;
}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder whose node_modules is this repository's; an empty in-process cache."""
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    monkeypatch.setattr(minify, "_MEMORY", {})
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def test_minifies_css_and_js_in_one_node_process_and_keeps_imports(project: Path) -> None:
    js, css, svg = write(project, "w.js", WIDGET), write(project, "q.css", STYLE), write(project, "f.svg", "<svg/>")
    before = minify.started_processes
    out = minified([js, css, svg], project)
    assert minify.started_processes == before + 1
    assert set(out) == {js, css}  # only CSS and JS
    code = out[js].read_text("utf-8")
    assert 'from"./dom.js"' in code and re.search(r"export\{\w+ as mount\}", code), code
    assert "comment" not in code and "Saved ← here" in code
    assert out[css].read_text("utf-8") == ".quiz__option{color:red}\n"
    assert out[js].parent == project / ".cache" / "minify" / out[js].parent.name


def test_a_module_without_imports_has_its_top_level_names_shortened(project: Path) -> None:
    js = write(project, "fixes.js", SCRIPT)
    code = minified([js], project)[js].read_text("utf-8")
    assert "FIXES_TO_APPLY" not in code and "applyEveryFix" not in code, code
    assert "export" not in code and code.endswith("();\n"), code


def test_a_warm_build_starts_no_node_process(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    js = write(project, "w.js", WIDGET)
    first = minified([js], project)[js]
    monkeypatch.setattr(minify, "_MEMORY", {})  # a new build process: only the disk cache is left
    before = minify.started_processes
    assert minified([js], project)[js] == first
    assert minify.started_processes == before
    write(project, "w.js", WIDGET + "\nexport const more = 1;\n")  # an edit is minified again
    assert minified([js], project)[js] != first
    assert minify.started_processes == before + 1


def test_a_file_esbuild_cannot_read_is_named_with_its_line(project: Path) -> None:
    bad = write(project, "bad.js", "const ok = 1;\nconst = 2;\n")
    with pytest.raises(MinifyError) as error:
        minified([bad], project)
    message = str(error.value)
    assert message.startswith("minify: bad.js:2:") and "\n" not in message


def test_missing_esbuild_or_node_is_one_line_that_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    js = write(tmp_path, "w.js", WIDGET)
    with pytest.raises(MinifyUnavailable, match=r"^minify: the npm package 'esbuild' was not found .* Run 'npm ci'"):
        minified([js], tmp_path)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    monkeypatch.setattr(minify, "_MEMORY", {})
    monkeypatch.setattr(minify.shutil, "which", lambda name: None)
    with pytest.raises(MinifyUnavailable, match=r"^minify: Node\.js was not found on PATH.*Install Node\.js 18"):
        minified([js], tmp_path)
