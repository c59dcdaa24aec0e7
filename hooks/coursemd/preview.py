"""`make serve`: the instructor's preview server, with fast rebuilds and mistakes shown on the page.

    python -m coursemd.preview [-f mkdocs.yml] [-a 127.0.0.1:8000]

What it adds to `mkdocs serve` (whose file watcher and live-reload protocol it reuses):

* **A save rebuilds only what it changed.** The first build is a full strict build, and its
  files, navigation and rendered pages stay in memory. Saving a page's Markdown re-renders
  that page alone (or every page of the folder when its `numbers.py` or another Python file
  beside it changes); copying a figure copies that file. Anything that can change other
  pages (`lesson.yml`, `track.yml`, `mkdocs.yml`, the generator's code or templates, a file
  added, removed or renamed) rebuilds the whole site, as `mkdocs serve` does for every save.
  The page written is the one a full strict build writes; what a preview skips until the next
  full rebuild is the search index and the sitemap.
* **Every mistake, every time.** Each rebuild that leaves a mistake prints its one-line message
  again (MkDocs' command line filters out a message it has printed once), and a warning stops
  a preview rebuild as it stops a strict build.
* **No request waits.** While the site is broken, any page is served at once (the last good
  version, or a placeholder) with the mistakes at the top; it reloads by itself when fixed.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import watchdog.events
import watchdog.observers
from mkdocs.commands.build import _build_extra_template, _build_page, _build_theme_template, _populate_page
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, ConfigurationError
from mkdocs.livereload import LiveReloadServer, _serve_url
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation

log = logging.getLogger("mkdocs.coursemd.preview")

#: Suffixes whose change only needs the folder's pages re-rendered (a lesson's numbers.py,
#: an exercise generator): they feed the Markdown of the pages beside them.
PAGE_INPUTS = frozenset({".py"})
#: Files whose change can alter other pages (metadata, configuration): a full rebuild.
SITE_INPUTS = frozenset({".yml", ".yaml", ".html", ".toml"})


class _Collect(logging.Handler):
    """Keep the one-line text of every warning and error logged during a build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("mkdocs.livereload") or record.name == log.name:
            return  # the server's access log (a 404 while building) is not a mistake in the course
        text = record.getMessage()
        if text.startswith(("Error reading page", "Error building page")) and text.rstrip().endswith(":"):
            return  # MkDocs' preface to the real message, which follows on its own line
        if text not in self.messages:
            self.messages.append(text)


@dataclass
class _State:
    """What a full build leaves behind for the next incremental one."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any
    titles: dict[str, str | None] = field(default_factory=dict)


class Preview:
    """Builds the site for the preview server: fully, or only the pages a change touches."""

    def __init__(self, config_file: str | None, site_dir: str, serve_url: str) -> None:
        self.config_file = config_file
        #: the folder the server serves; a full build writes a fresh one beside it, then swaps
        self.site_dir = site_dir
        self._base = site_dir
        self.serve_url = serve_url
        self.state: _State | None = None
        self.errors: list[str] = []
        self.last_kind = ""

    # --- building ---------------------------------------------------------------------------

    def load_config(self, site_dir: str | None = None) -> MkDocsConfig:
        """The course's configuration, as `mkdocs serve` loads it (strict, served locally)."""
        config = load_config(config_file=self.config_file, site_dir=site_dir or self.site_dir)
        config.site_url = self.serve_url
        return config

    def build(self, changed: Iterable[str] = ()) -> list[str]:
        """Rebuild after `changed` (absolute paths; none means everything); return the mistakes."""
        collect = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        pages: list[File] | None = None
        try:
            pages = None if self.state is None else self._pages_to_render(set(changed))
            if pages is None:
                self.last_kind = "full"
                self._full_build()
            else:
                self.last_kind = f"{len(pages)} page{'s' if len(pages) != 1 else ''}"
                self._render(pages)
        except (BuildError, Abort, ConfigurationError) as error:
            if str(error) and not str(error).startswith("Aborted with"):
                collect.messages.append(str(error))
            if self.state is not None and pages is None:
                self.state = None  # a half-done full build: rebuild fully next time
        except Exception as error:  # noqa: BLE001 - a bug must not stop the server; say what broke
            collect.messages.append(f"preview: the build failed unexpectedly ({type(error).__name__}: {error})")
            self.state = None
        finally:
            logger.removeHandler(collect)
        self.errors = collect.messages
        return self.errors

    def _full_build(self) -> None:
        """A full strict build whose files, nav and pages are kept for the next change."""
        # A fresh folder: the pages served meanwhile stay whole (the last good site) until it is done.
        os.makedirs(self._base, exist_ok=True)
        fresh = tempfile.mkdtemp(prefix="site-", dir=self._base)
        try:
            self._full_build_into(fresh)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        old, self.site_dir = self.site_dir, fresh
        if old != self._base:
            shutil.rmtree(old, ignore_errors=True)

    def _full_build_into(self, site_dir: str) -> None:
        config = self.load_config(site_dir)
        config.plugins.on_startup(command="serve", dirty=False)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        inclusion = InclusionLevel.is_in_serve
        from mkdocs.structure.pages import Page

        for file in files.documentation_pages(inclusion=inclusion):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            assert file.page is not None
            _populate_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(inclusion=inclusion)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        state = _State(config, files, nav, env)
        self.state = state
        self._write_pages(files.documentation_pages(inclusion=inclusion))
        self._validate_anchors()
        config.plugins.on_post_build(config=config)

    def _pages_to_render(self, changed: set[str]) -> list[File] | None:
        """The documentation pages a change needs re-rendered, or None for a full rebuild."""
        assert self.state is not None
        files = self.state.files
        by_source = {os.path.abspath(f.abs_src_path): f for f in files if f.abs_src_path}
        pages: dict[str, File] = {}
        for path in changed:
            path = os.path.abspath(path)
            name = os.path.basename(path)
            if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913":
                continue  # an editor's scratch file
            if "__pycache__" in path or path.startswith(os.path.abspath(self._base)):
                continue
            file = by_source.get(path)
            suffix = Path(path).suffix.lower()
            if not os.path.exists(path):
                if file is not None or suffix in SITE_INPUTS:
                    # a page or a figure removed or renamed (links and the nav may change), or a
                    # lesson.yml or track.yml deleted (the strict build stops on it)
                    _forget_module(path)
                    return None
                if suffix in PAGE_INPUTS and self._beside_pages(path):
                    pages.update(self._folder_pages(path))  # a numbers.py deleted: its pages say so
                    _forget_module(path)
                continue  # a temporary file an editor (or sed -i) saved through and renamed
            if file is not None and file.is_documentation_page():
                pages[file.src_uri] = file
            elif file is not None:
                file.copy_file()  # a figure or another static file: copy it, nothing else
            elif suffix in PAGE_INPUTS and self._beside_pages(path):
                pages.update(self._folder_pages(path))
            else:
                _forget_module(path)
                return None  # metadata, configuration, shared code or a new file: everything
        # In the site's order, as a full build renders them: of two pages that clash (one deck
        # id on both), the same one is named.
        order = {f.src_uri: index for index, f in enumerate(files.documentation_pages())}
        return sorted(pages.values(), key=lambda f: order.get(f.src_uri, len(order)))

    def _folder_pages(self, path: str) -> dict[str, File]:
        """The documentation pages in the folder of `path` (a lesson's numbers.py), by src_uri."""
        assert self.state is not None
        folder = os.path.dirname(path)
        return {
            f.src_uri: f
            for f in self.state.files.documentation_pages()
            if f.abs_src_path and os.path.dirname(os.path.abspath(f.abs_src_path)) == folder
        }

    def _beside_pages(self, path: str) -> bool:
        """True for a file in a folder of pages (a lesson's numbers.py), not shared code."""
        assert self.state is not None
        folder = os.path.dirname(path)
        return any(
            f.abs_src_path and os.path.dirname(os.path.abspath(f.abs_src_path)) == folder
            for f in self.state.files.documentation_pages()
        )

    def _render(self, pages: list[File]) -> None:
        """Re-read and re-render `pages`; rewrite them, or every page when a title changed."""
        assert self.state is not None
        state = self.state
        config = state.config
        # The search index is rebuilt by the next full build; parsing each page's HTML for it
        # was most of a one-page rebuild's time.
        events = config.plugins.events
        saved = {name: list(handlers) for name, handlers in events.items()}
        for name in events:
            events[name] = [h for h in events[name] if type(getattr(h, "__self__", None)).__name__ != "SearchPlugin"]
        try:
            self._render_without_search(pages)
        finally:
            for name, handlers in saved.items():
                events[name] = handlers

    def _render_without_search(self, pages: list[File]) -> None:
        assert self.state is not None
        state = self.state
        config, files = state.config, state.files
        for file in pages:
            assert file.page is not None
            _populate_page(file.page, config, files)
        titles_changed = any(state.titles.get(f.src_uri) != f.page.title for f in pages if f.page)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self._write_pages(doc_files if titles_changed else pages)
        self._validate_anchors()
        from coursemd import mkdocs_anki  # the decks of the re-rendered pages (a full build writes all)

        mkdocs_anki.write_decks_of({_source_path(f, config) for f in pages}, config.site_dir)

    def _write_pages(self, pages: Iterable[File]) -> None:
        assert self.state is not None
        state = self.state
        doc_files = state.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in pages:
            assert file.page is not None
            _build_page(file.page, state.config, doc_files, state.nav, state.env)
            state.titles[file.src_uri] = file.page.title

    def _validate_anchors(self) -> None:
        """Links to a heading anywhere: a page's headings may have changed under other pages' links."""
        assert self.state is not None
        state = self.state
        level = state.config.validation.links.anchors
        for file in state.files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            assert file.page is not None
            file.page.validate_anchor_links(files=state.files, log_level=level)


def _source_path(file: File, config: MkDocsConfig) -> str:
    """The page's file as the extensions name it (relative to mkdocs.yml), e.g. lesson_src/.../practice.md."""
    root = Path(config.config_file_path).resolve().parent
    source = Path(file.abs_src_path or file.src_uri).resolve()
    return source.relative_to(root).as_posix() if source.is_relative_to(root) else file.src_uri


def _forget_module(path: str) -> None:
    """Make the next build import a changed Python file again (a lesson's shared code)."""
    from coursemd import numbers

    target = os.path.abspath(path)
    for name, module in list(sys.modules.items()):
        if getattr(module, "__file__", None) and os.path.abspath(module.__file__) == target:
            del sys.modules[name]
    numbers.forget_loaded()  # numbers.py files may import it


# --- Serving -----------------------------------------------------------------------------------


_BANNER_STYLE = (
    "position:relative;z-index:10;margin:0;padding:.8rem 1rem;background:#b00020;color:#fff;"
    "font:16px/1.45 system-ui,sans-serif;border-bottom:4px solid #6d0014"
)


def error_banner(errors: list[str]) -> bytes:
    """The mistakes as a block of HTML for the top of a page, readable without any stylesheet."""
    items = "".join(f"<li><code style='color:inherit;white-space:pre-wrap'>{html.escape(e)}</code></li>" for e in errors)
    return (
        f'<div id="coursemd-build-errors" role="alert" style="{_BANNER_STYLE}">'
        f"<strong>The site did not build.</strong> Fix the file named below and save; this page reloads by itself."
        f'<ul style="margin:.4rem 0 0;padding-left:1.2rem">{items}</ul></div>'
    ).encode()


_PLACEHOLDER = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport"
content="width=device-width,initial-scale=1"><title>Build error</title></head><body></body></html>"""


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that never holds a request and shows the build's mistakes."""

    def __init__(self, preview: Preview, **kwargs: Any) -> None:
        super().__init__(builder=lambda: None, **kwargs)
        self.preview = preview
        self._changed: set[str] = set()
        # Native file events (inotify) instead of MkDocs' polling every half second.
        self.observer = watchdog.observers.Observer()
        self.build_delay = 0.05

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Watch `path`, remembering which files changed (MkDocs only notes that one did)."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def callback(event: watchdog.events.FileSystemEvent) -> None:
            if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                return
            with self._rebuild_cond:
                for attr in ("src_path", "dest_path"):
                    value = getattr(event, attr, "")
                    if value:
                        self._changed.add(os.fsdecode(value))
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback  # type: ignore[method-assign]
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def _build_loop(self) -> None:
        while True:
            with self._rebuild_cond:
                while not self._rebuild_cond.wait_for(
                    lambda: self._want_rebuild or self._shutdown, timeout=self.shutdown_delay
                ):
                    pass
                if self._shutdown:
                    break
                while self._rebuild_cond.wait(timeout=self.build_delay):
                    pass  # let a burst of saves settle
                changed, self._changed = self._changed, set()
                self._want_rebuild = False
            self.rebuild(changed)

    def rebuild(self, changed: Iterable[str] = ()) -> None:
        """Build, print every mistake, and tell open pages to reload (also to show the mistakes)."""
        started = time.perf_counter()
        errors = self.preview.build(changed)
        self.root = os.path.abspath(self.preview.site_dir)  # a full build swaps in a fresh folder
        elapsed = time.perf_counter() - started
        if errors:
            for message in errors:
                log.error(message)
            log.error(f"The site is not built ({len(errors)} mistake{'s' if len(errors) > 1 else ''}); open pages show it.")
        else:
            log.info(f"Rebuilt ({self.preview.last_kind}) in {elapsed:.2f} s")
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch = max(self._visible_epoch + 1, int(time.monotonic() * 1000))
            self._epoch_cond.notify_all()

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        # Never wait for a build: pages are written whole, one at a time, so any file is either
        # the last good version or the new one.
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch
        result = super()._serve_request(environ, start_response)
        path = environ["PATH_INFO"]
        if result is None and self.preview.errors and not path.startswith("/livereload/"):
            start_response("200 OK", [("Content-Type", "text/html")])
            return [self._inject_js_into_html(_PLACEHOLDER, self._visible_epoch)]
        return result

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        errors = self.preview.errors
        if not errors:
            return content
        body = content.find(b"<body")
        start = content.find(b">", body) + 1 if body >= 0 else 0
        return content[:start] + error_banner(errors) + content[start:]


def serve(config_file: str | None, dev_addr: str | None) -> None:
    """Build the site, serve it with live reload, and rebuild what each save changes."""
    site_dir = tempfile.mkdtemp(prefix="coursemd_preview_")
    try:
        config = load_config(config_file=config_file, site_dir=site_dir, dev_addr=dev_addr)
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        serve_url = _serve_url(host, port, mount_path)
        preview = Preview(config_file, site_dir, serve_url)
        server = PreviewServer(preview, host=host, port=port, root=site_dir, mount_path=mount_path)
        server.rebuild()
        # The hooks add lesson_src/ to `watch` in on_config, which the first build ran.
        built = preview.state.config if preview.state is not None else config
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        for item in {*map(str, built.watch), *map(str, config.watch)}:
            server.watch(item)
        if (root / "lesson_src").is_dir():
            server.watch(str(root / "lesson_src"))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    root = logging.getLogger("mkdocs")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m coursemd.preview`."""
    parser = argparse.ArgumentParser(prog="python -m coursemd.preview", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", default=None, help="the course's mkdocs.yml")
    parser.add_argument("-a", "--dev-addr", default=None, help="IP:port to serve on (default 127.0.0.1:8000)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _setup_logging()
    try:
        serve(args.config_file, args.dev_addr)
    except ConfigurationError as error:
        log.error(str(error))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
