#!/usr/bin/env python3
"""Write the SVG figures of lesson t19/02 (standard library only).

Run:  python make_figures.py [--out DIR]   (default: the folder of this script)

Each figure comes in a light and a dark variant (`name.svg`, `name-dark.svg`); the lesson
shows the first in Material's light scheme and the second in the dark one. Every SVG has
role="img", a <title> and a <desc>, and a viewBox, so it scales down to a 360 px phone.
Colours are chosen for WCAG AA contrast (text at least 4.5:1 against what is behind it).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from xml.sax.saxutils import escape

THEMES = {
    "light": {
        "bg": "#ffffff",
        "fg": "#1a1a1a",       # text and strokes, 17:1 on white
        "muted": "#4a4a4a",    # secondary text, 8.9:1 on white
        "accent": "#3949ab",   # indigo, 7.1:1 on white
        "on_accent": "#ffffff",
        "off": "#e8e8e8",      # masked cells
        "on_off": "#333333",   # 10:1 on #e8e8e8
        "node": "#e8eaf6",
        "highlight": "#c62828",  # 5.6:1 on white
    },
    "dark": {
        "bg": "#1e2129",
        "fg": "#e8e8e8",       # 13:1 on #1e2129
        "muted": "#c0c4cc",    # 9.4:1 on #1e2129
        "accent": "#9fa8da",   # 7.6:1 on #1e2129
        "on_accent": "#1e2129",
        "off": "#2e3340",
        "on_off": "#e0e0e0",   # 10:1 on #2e3340
        "node": "#2e3340",
        "highlight": "#ff8a80",  # 6.9:1 on #1e2129
    },
}

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


def svg(width: int, height: int, title: str, desc: str, body: list[str], c: dict[str, str], ident: str) -> str:
    """Wrap the body in an accessible, scalable SVG document."""
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
            f' role="img" aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}">',
            f'  <title id="{ident}-title">{escape(title)}</title>',
            f'  <desc id="{ident}-desc">{escape(desc)}</desc>',
            f'  <rect x="0" y="0" width="{width}" height="{height}" rx="8" fill="{c["bg"]}"/>',
            *("  " + line for line in body),
            "</svg>",
            "",
        ]
    )


def text(x: float, y: float, s: str, c: str, size: int = 15, anchor: str = "middle", weight: str = "normal",
         style: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{c}" text-anchor="{anchor}"'
        f' font-weight="{weight}" font-style="{style}" dominant-baseline="middle">{escape(s)}</text>'
    )


# --- Figure 1: the chain rule's dependency structure -------------------------------------------

CHAIN_TITLE = "Chain-rule dependency graph for four variables"
CHAIN_DESC = (
    "Four nodes x1, x2, x3, x4 in a row. An arrow runs from every earlier variable to every later one: "
    "x1 to x2, x3 and x4; x2 to x3 and x4; x3 to x4. Six arrows in all. Under each node is its factor: "
    "p(x1), p(x2 | x1), p(x3 | x1, x2), p(x4 | x1, x2, x3)."
)


def chain_rule(c: dict[str, str], ident: str) -> str:
    width, height = 400, 230
    xs = [50 + i * 100 for i in range(4)]
    y, r = 120, 22
    body = [
        "<defs>",
        f'  <marker id="{ident}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"'
        f' orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c["fg"]}"/></marker>',
        "</defs>",
    ]
    # Arrows: adjacent ones straight, longer ones as arcs (span 2 above, span 3 below).
    for i in range(4):
        for j in range(i + 1, 4):
            x0, x1 = xs[i], xs[j]
            span = j - i
            if span == 1:
                body.append(
                    f'<path d="M{x0 + r:.1f},{y} L{x1 - r - 2:.1f},{y}" stroke="{c["fg"]}" stroke-width="2"'
                    f' fill="none" marker-end="url(#{ident}-arrow)"/>'
                )
                continue
            above = span == 2
            sign = -1 if above else 1
            lift = 62 if above else 62
            a = math.radians(50)
            sx, sy = x0 + r * math.cos(a), y + sign * r * math.sin(a)
            ex, ey = x1 - r * math.cos(a), y + sign * r * math.sin(a)
            cy = y + sign * (lift + 30)
            body.append(
                f'<path d="M{sx:.1f},{sy:.1f} Q{(x0 + x1) / 2:.1f},{cy:.1f} {ex:.1f},{ey:.1f}" stroke="{c["fg"]}"'
                f' stroke-width="2" fill="none" marker-end="url(#{ident}-arrow)"/>'
            )
    for i, x in enumerate(xs):
        body.append(f'<circle cx="{x}" cy="{y}" r="{r}" fill="{c["node"]}" stroke="{c["accent"]}" stroke-width="2.5"/>')
        body.append(text(x - 3, y, "x", c["fg"], 18, style="italic"))
        body.append(text(x + 7, y + 6, str(i + 1), c["fg"], 12))
    labels = ["p(x₁)", "p(x₂ | x₁)", "p(x₃ | x₁, x₂)", "p(x₄ | x₁, x₂, x₃)"]
    for i, (x, s) in enumerate(zip(xs, labels)):
        body.append(text(x, 22 if i % 2 else 208, s, c["muted"], 13))
    return svg(width, height, CHAIN_TITLE, CHAIN_DESC, body, c, ident)


# --- Figure 2: the causal attention mask ------------------------------------------------------

MASK_TITLE = "Causal attention mask for five positions"
MASK_DESC = (
    "A 5 by 5 grid. Rows are query positions 1 to 5, columns are key positions 1 to 5. Cells on and "
    "below the diagonal hold 0, meaning the score is kept; cells above the diagonal hold minus infinity, "
    "meaning the query may not attend to that later key. The mask is added to the scores before the softmax."
)


def causal_mask(c: dict[str, str], ident: str) -> str:
    n, cell = 5, 48
    left, top = 92, 62
    width, height = left + n * cell + 30, top + n * cell + 44
    body = [
        text(left + n * cell / 2, 18, "key position s (attended to)", c["fg"], 14),
        text(18, top + n * cell / 2, "", c["fg"]),
    ]
    # Vertical axis label, rotated.
    body.append(
        f'<text x="22" y="{top + n * cell / 2:.1f}" font-size="14" fill="{c["fg"]}" text-anchor="middle"'
        f' dominant-baseline="middle" transform="rotate(-90 22 {top + n * cell / 2:.1f})">query position t</text>'
    )
    for k in range(n):
        body.append(text(left + k * cell + cell / 2, top - 16, str(k + 1), c["fg"], 15, weight="bold"))
        body.append(text(left - 20, top + k * cell + cell / 2, str(k + 1), c["fg"], 15, weight="bold"))
    for q in range(n):
        for k in range(n):
            x, y = left + k * cell, top + q * cell
            keep = k <= q
            fill = c["accent"] if keep else c["off"]
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="{c["bg"]}" stroke-width="2"/>'
            )
            body.append(text(x + cell / 2, y + cell / 2, "0" if keep else "−∞", c["on_accent"] if keep else c["on_off"], 16))
    body.append(text(width / 2, top + n * cell + 24, "0 = kept (s ≤ t);  −∞ = blocked (s > t)", c["muted"], 13))
    return svg(width, height, MASK_TITLE, MASK_DESC, body, c, ident)


# --- Figure 3: PixelCNN mask A against mask B -------------------------------------------------

PIXEL_TITLE = "PixelCNN mask A and mask B on a 5 by 5 kernel"
PIXEL_DESC = (
    "Two 5 by 5 kernels side by side. In both, the two rows above the centre are all 1 and the two "
    "cells left of the centre are 1; the cells right of the centre and the two rows below are 0. "
    "They differ only at the centre cell: mask A, used in the first layer, has 0 there, so a sub-pixel "
    "cannot see its own value; mask B, used in later layers, has 1 there."
)


def pixel_masks(c: dict[str, str], ident: str) -> str:
    n, cell, gap = 5, 34, 40
    left, top = 20, 54
    grid = n * cell
    width, height = 2 * left + 2 * grid + gap, top + grid + 56
    body = []
    for g, (name, sub, centre) in enumerate((("Mask A", "first layer", 0), ("Mask B", "later layers", 1))):
        ox = left + g * (grid + gap)
        body.append(text(ox + grid / 2, 16, name, c["fg"], 16, weight="bold"))
        body.append(text(ox + grid / 2, 36, sub, c["muted"], 13))
        for r in range(n):
            for k in range(n):
                mid = n // 2
                if r < mid or (r == mid and k < mid):
                    v = 1
                elif r == mid and k == mid:
                    v = centre
                else:
                    v = 0
                x, y = ox + k * cell, top + r * cell
                fill = c["accent"] if v else c["off"]
                body.append(
                    f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="{c["bg"]}" stroke-width="2"/>'
                )
                body.append(text(x + cell / 2, y + cell / 2, str(v), c["on_accent"] if v else c["on_off"], 15))
        cx, cy = ox + 2 * cell, top + 2 * cell
        body.append(
            f'<rect x="{cx + 1.5}" y="{cy + 1.5}" width="{cell - 3}" height="{cell - 3}" fill="none"'
            f' stroke="{c["highlight"]}" stroke-width="3.5"/>'
        )
        body.append(text(ox + grid / 2, top + grid + 20, f"centre = {centre}", c["highlight"], 14, weight="bold"))
    body.append(text(width / 2, top + grid + 44, "1 = weight kept, 0 = weight zeroed", c["muted"], 13))
    return svg(width, height, PIXEL_TITLE, PIXEL_DESC, body, c, ident)


FIGURES = {
    "chain-rule-dag": chain_rule,
    "causal-mask": causal_mask,
    "pixelcnn-masks": pixel_masks,
}


def write_all(out: Path) -> list[Path]:
    written = []
    for name, build in FIGURES.items():
        for theme, suffix in (("light", ""), ("dark", "-dark")):
            path = out / f"{name}{suffix}.svg"
            path.write_text(build(THEMES[theme], f"{name}{suffix}"), encoding="utf-8")
            written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    for path in write_all(args.out):
        print(path)


if __name__ == "__main__":
    main()
