"""A fixture course outside Track 19: track t02, a Bayes' rule lesson with its own generator.

The lesson's practice page has a `/// exercise` whose variants come from `screening.py` in the
lesson folder, and a drill about a different kind of bug (a wrong conditional) with verdicts of
its own. The generator and tests compute the same numbers independently (`posterior` below is
what a test would compute by hand).
"""

from __future__ import annotations

import itertools
import random
import textwrap
from pathlib import Path

from fixture_course import HOME, lesson_pages, lesson_yml

FOLDER = "lesson_src/t02/03-bayes-rule"
PRACTICE_PAGE = "t02/03-bayes-rule/practice/"

TRACK = """\
title: Probability for Machine Learning
total: 5
phases:
  1: Foundations
lessons:
  3: Bayes' rule
"""

#: The lesson's generator, a real file so that it reads as an instructor would write it.
SCREENING = (Path(__file__).parent / "fixtures" / "bayes" / "screening.py").read_text("utf-8")

PRACTICE = """\
# Practice

/// exercise | A screening test
    id: screening
    generator: screening.py:make_variant
    variants: 40

Use Bayes' rule. Three significant figures are enough.
///

/// drill | Which conditional?
    id: conditionals
    verdicts: [Has a wrong step, Correct]
    bug: wrong step
    item: derivation

A derivation of the posterior:

1. [bug] $P(\\text{ill} \\mid +) = P(+ \\mid \\text{ill})$
2. $= 0.9$

Line 1 swaps the conditional: it needs the prior and the evidence.

---

Another one:

1. $P(+) = P(+ \\mid \\text{ill}) P(\\text{ill}) + P(+ \\mid \\text{healthy}) P(\\text{healthy})$
2. $P(\\text{ill} \\mid +) = P(+ \\mid \\text{ill}) P(\\text{ill}) / P(+)$

Both lines are right: the law of total probability, then Bayes' rule.
///
"""


def cases() -> list[tuple[float, float, float]]:
    """The generator's cases, in its order (recomputed here, not imported from it)."""
    found = list(itertools.product((0.01, 0.02, 0.05, 0.1), (0.8, 0.9, 0.95, 0.99), (0.04, 0.08, 0.15)))
    random.Random(2).shuffle(found)
    return found


def expected(seed: int) -> dict[str, float]:
    """P(+), P(ill | +) and the three mistakes' values for `seed`, computed by hand."""
    prior, sensitivity, false_positive = cases()[seed]
    evidence = sensitivity * prior + false_positive * (1 - prior)
    return {
        "prior": prior,
        "sensitivity": sensitivity,
        "false_positive": false_positive,
        "evidence": evidence,
        "posterior": sensitivity * prior / evidence,
        "numerator_only": sensitivity * prior,
    }


def bayes_course(practice: str = PRACTICE, generator: str = SCREENING) -> dict[str, str]:
    """Track t02 with lesson 3, Bayes' rule: its practice page and its generator."""
    files = {"lesson_src/t02/track.yml": TRACK}
    files[f"{FOLDER}/lesson.yml"] = lesson_yml("t02", 3, "Bayes' rule")
    files.update(lesson_pages(FOLDER, "Bayes' rule"))
    files[f"{FOLDER}/practice.md"] = textwrap.dedent(practice)
    files[f"{FOLDER}/screening.py"] = generator
    return files


__all__ = ["FOLDER", "HOME", "PRACTICE", "PRACTICE_PAGE", "SCREENING", "bayes_course", "cases", "expected"]
