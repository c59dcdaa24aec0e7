# Two commands for a fresh machine (see README.md):
#   make serve   install everything, build, and serve with live reload at http://127.0.0.1:8000/
#   make test    install everything and run the whole suite (unit, build and browser tests)
# Other targets: make build (strict build into site/), make bench (build-speed benchmark at 1, 15, 40
# lessons; ARGS=--with-300 adds 300), make bench-loop (the edit loop under make serve).
# Starting content (see docs/authoring.md):
#   make lesson ID=t19/03 [TITLE="..."]                 a lesson folder with stub pages, from track.yml
#   make track ID=t03 TITLE="..." [TOTAL=10] [PHASE=...] a track: lesson_src/t03/track.yml

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench bench-loop bench-calculator bench-pages install install-test browser clean lesson track

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-run pip only when pyproject.toml changes; npm only when the lock file changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

install: $(VENV)/.installed node_modules/.package-lock.json

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
browser:
	@test -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

serve: install
	$(BIN)/python -m coursemd.preview

build: install
	$(BIN)/mkdocs build --strict

test: install browser
	$(BIN)/python -m pytest

# Build cost at 1, 15 and 40 lessons against math left to the browser; ARGS=--with-300 adds 300.
bench: install
	$(BIN)/python benchmarks/build_speed.py $(ARGS)

# The calculator at its 1,000-row limit: milliseconds per add, edit and remove.
bench-calculator: install browser
	$(BIN)/python benchmarks/calculator_steps.py

# The edit loop under make serve: save-to-screen latency on courses of 1, 15 and 100 lessons.
bench-loop: install browser
	$(BIN)/python benchmarks/edit_loop.py

# What each kind of page downloads, long tasks at 4x CPU, Lighthouse mobile performance (npx).
bench-pages: install browser
	$(BIN)/python benchmarks/page_weight.py

# A variable as one shell word, exactly as typed: $(value) keeps a '$' in a title from make.
shell_word = '$(subst ','\'',$(value $(1)))'

lesson: $(VENV)/.installed
	$(BIN)/python -m coursemd.scaffold lesson $(ID) $(if $(value TITLE),--title $(call shell_word,TITLE))

track: $(VENV)/.installed
	$(BIN)/python -m coursemd.scaffold track $(ID) $(if $(value TITLE),--title $(call shell_word,TITLE)) \
	  $(if $(TOTAL),--total $(TOTAL)) $(if $(value PHASE),--phase $(call shell_word,PHASE))

clean:
	rm -rf site .cache
