"""MkDocs entry point for the course generator: flashcard decks written as Anki packages.

The code lives in the installed `coursemd` package (hooks/coursemd/mkdocs_anki.py).
"""

from coursemd.mkdocs_anki import *  # noqa: F403 - MkDocs looks up the on_* functions here
