"""Lesson 2's fresh-sequence exercise: the joint probability and the NLL of a sequence from a seed.

practice.md's `/// exercise` block calls `fresh_sequence(seed)` for every seed it offers. The
sequence of a seed is `coursemd.nll_math.make_instance(seed)`, the reference the exercise has
always used: 3 to 5 tokens with conditionals a student can take logs of by hand, drawn so that
no two usual mistakes give the same number. The five named mistakes and their messages are the
reference's too (`MISTAKES`), in nats and in bits, since the student may answer in either.
"""

from __future__ import annotations

import math

from coursemd.nll_math import LN2, MISTAKES, NLL_TOLERANCE, fixed, make_instance, mistake_values, scientific, summarize
from coursemd.nll_render import factor_tex, number_tex, sci_tex

JOINT = "Joint probability $p(x)$"
NLL = r"NLL, $-\log p(x)$"


def fresh_sequence(seed: int) -> dict[str, object]:
    """The exercise for `seed`: the table of conditionals, the two answers, the mistakes, the working."""
    instance = make_instance(seed)
    tokens, ps = instance["tokens"], instance["probabilities"]
    nats = instance["nll_nats"]
    rows = "\n".join(
        f"| `{token}` | ${factor_tex(i)} = {number_tex(p)}$ |" for i, (token, p) in enumerate(zip(tokens, ps), 1)
    )
    question = (
        f"A model gives the sequence “{' '.join(tokens)}” these conditional probabilities:\n\n"
        "| token | conditional |\n| --- | --- |\n"
        f"{rows}\n\n"
        "Compute the joint probability and the negative log-likelihood (NLL), in nats or in bits."
    )
    mistakes = [
        {"answer": JOINT, "value": sum(ps), "message": sentence(MISTAKES["sum_of_probabilities"])},
    ]
    for unit in ("nats", "bits"):
        for name, value in mistake_values(ps, unit).items():
            mistakes.append({"answer": NLL, "value": value, "unit": unit, "message": sentence(MISTAKES[name])})
    return {
        "question": question,
        "answers": [
            # Three significant figures pass, as before: within 1% of the joint.
            {"label": JOINT, "value": instance["joint"], "tolerance": "1%"},
            # Two decimals pass: 0.5% of the NLL, but never less than 0.005 nats.
            {
                "label": NLL,
                "value": nats,
                "unit": "nats",
                "either_unit": True,
                "tolerance": max(NLL_TOLERANCE * nats, NLL_TOLERANCE),
            },
        ],
        "mistakes": mistakes,
        "solution": solution(ps),
    }


def solution(ps: list[float]) -> str:
    """The working, step by step: chain rule, surprisals, their sum, bits, a check, the mean."""
    s = summarize(ps)
    joint = sci_tex(scientific(s["log_joint"]))
    exact = math.isclose(float(scientific(s["log_joint"]).get("decimal") or "nan"), math.prod(ps), rel_tol=1e-12)
    equals = "=" if exact else r"\approx"
    nats = fixed(s["nll_nats"])
    terms = [fixed(x) for x in s["surprisal_nats"]]
    added = sum(round(x, 4) for x in s["surprisal_nats"])
    sums = "=" if math.isclose(added, round(s["nll_nats"], 4), abs_tol=1e-9) else r"\approx"
    values = r" \times ".join(number_tex(p) for p in ps)
    surprisals = ", ".join(rf"$-\ln {number_tex(p)} \approx {t}$" for p, t in zip(ps, terms))
    mean = fixed(s["mean_nats"])
    # One step per line (aligned), so that the working fits a phone's column.
    return "\n".join(
        [
            "1. **Chain rule.** Multiply the conditionals:",
            "",
            "    $$",
            r"    \begin{aligned} p(x) &= \textstyle\prod_{i=1}^{" + str(len(ps)) + r"} p(x_i \mid x_{<i}) \\",
            rf"    &= {values} \\ &{equals} {joint} \end{{aligned}}",
            "    $$",
            "",
            f"2. **Per-token surprisal.** {surprisals}.",
            "",
            "3. **NLL, the sum.** Add the surprisals:",
            "",
            "    $$",
            r"    \begin{aligned} -\ln p(x) &= \textstyle\sum_i -\ln p(x_i \mid x_{<i}) \\",
            rf"    &\approx {' + '.join(terms)} \\",
            rf"    &{sums} {nats}\ \text{{nats}} \end{{aligned}}",
            "    $$",
            "",
            rf"4. **In bits.** Divide by $\ln 2$: ${nats} / \ln 2 \approx {fixed(s['nll_nats'] / LN2)}$ bits.",
            "",
            (
                rf"5. **Check.** $-\ln {joint} \approx {nats}$ nats, the same number: the log of a product is"
                " the sum of the logs."
            ),
            "",
            (
                rf"6. **Not asked, for comparison.** The mean per token is ${nats} / {len(ps)} \approx {mean}$"
                rf" nats; the perplexity is $\exp({mean}) \approx {fixed(s['perplexity'])}$."
            ),
        ]
    )


def sentence(text: str) -> str:
    """The reference's mistake message as a sentence (it has no full stop of its own)."""
    return text if text.endswith((".", "…")) else text + "."
