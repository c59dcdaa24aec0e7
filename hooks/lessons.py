"""MkDocs entry point for the course generator: lessons, nav, track and home pages, theme, assets.

`mkdocs.yml` lists this file under `hooks:`; the code lives in the installed `coursemd`
package (hooks/coursemd/mkdocs_lessons.py), so another course reuses it by listing a copy of
this two-line file.
"""

from coursemd.mkdocs_lessons import *  # noqa: F403 - MkDocs looks up the on_* functions here
