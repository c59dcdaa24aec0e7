"""MkDocs entry point for the course generator: each exercise's variants written next to its page.

The code lives in the installed `coursemd` package (hooks/coursemd/mkdocs_exercise.py).
"""

from coursemd.mkdocs_exercise import *  # noqa: F403 - MkDocs looks up the on_* functions here
