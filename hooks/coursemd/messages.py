"""The one shape of every message an author sees.

    <prefix>: Doc file '<path>', line <n>: <what is wrong>. <what to do>.

The file comes first because authors jump to it; the fix comes last, always.
"""

from __future__ import annotations


def where(source: str, line: int | None = None) -> str:
    """Return "Doc file 'path', line n" (or the parts of it that are known)."""
    place = f"Doc file '{source}'" if source else "Markdown"
    return f"{place}, line {line}" if line else place


def author_message(prefix: str, source: str, line: int | None, problem: str, fix: str) -> str:
    """Format one author-facing message on one line."""
    fix = fix.rstrip(".")
    end = "" if fix.endswith(("?", "!")) else "."
    text = f"{prefix}: {where(source, line)}: {problem.rstrip('.')}. {fix}{end}"
    return " ".join(text.split())


def yaml_mistake(error: BaseException) -> tuple[int | None, str]:
    """(0-based line, reason) of a YAML error.

    What YAML was *reading* when it failed (an unclosed '[' or quote, a key without ':')
    starts on the author's line; YAML often notices the problem only on the next one. What
    it was *parsing* (a block mapping, the document) started lines earlier, at the top of the
    file: there the token it did not expect, an item indented one space less, is the mistake.
    """
    context = getattr(error, "context", None) or ""
    opened = getattr(error, "context_mark", None)
    found = getattr(error, "problem_mark", None)
    reading = context.startswith(("while scanning", "while parsing a flow"))
    mark = (opened if reading else found) or found or opened
    return (mark.line if mark is not None else None), (getattr(error, "problem", None) or str(error))
