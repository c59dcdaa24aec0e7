#!/usr/bin/env python3
"""Write the SVG figures of lesson t19/02 (standard library only).

Run:  python make_figures.py [--out DIR]   (default: the folder of this script)

One file per figure serves both colour schemes. Its colours are CSS variables in an embedded
<style>, switched by `@media (prefers-color-scheme: dark)`. Inside an <img>, that query follows
the `color-scheme` of the element that embeds the image, and Material sets `color-scheme: dark`
on `[data-md-color-scheme=slate]`; so the same file follows the reader's system setting and
Material's own light/dark toggle, and a reader downloads each figure once. Presentation
attributes hold the light colours as a fallback for viewers without CSS.

Sizes: every figure is WIDTH user units wide and is shown at that many CSS pixels, or narrower
where the column is narrower. On a 360 px phone the column is PHONE_COLUMN px, so the smallest
label, MIN_FONT units, is drawn at MIN_FONT * PHONE_COLUMN / WIDTH >= 12 px.
Every SVG has role="img", a <title> and a <desc>. Colours meet WCAG AA (4.5:1) for text.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from xml.sax.saxutils import escape

WIDTH = 400
PHONE_COLUMN = 328  # a 360 px viewport less Material's 16 px margins
MIN_FONT = 15  # 15 * 328 / 400 = 12.3 px on that phone

# name: (light, dark). Contrast ratios are for text on the figure's background.
PALETTE = {
    "bg": ("#ffffff", "#1e2129"),
    "fg": ("#1a1a1a", "#e8e8e8"),  # 17:1 on white; 13:1 on #1e2129
    "muted": ("#4a4a4a", "#c0c4cc"),  # 8.9:1; 9.4:1
    "accent": ("#3949ab", "#9fa8da"),  # kept cells: 7.1:1 on white; 7.6:1 on #1e2129
    "on-accent": ("#ffffff", "#1e2129"),  # text on kept cells
    "off": ("#e8e8e8", "#2e3340"),  # zeroed cells
    "on-off": ("#333333", "#e0e0e0"),  # 10:1 on either
    "node": ("#e8eaf6", "#2e3340"),
    "highlight": ("#c62828", "#ff8a80"),  # 5.6:1 on white; 6.9:1 on #1e2129
}

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


def style() -> str:
    """The embedded stylesheet: light variables, dark ones under the media query, one class per use."""
    light = ";".join(f"--{k}:{v[0]}" for k, v in PALETTE.items())
    dark = ";".join(f"--{k}:{v[1]}" for k, v in PALETTE.items())
    uses = "".join(f".f-{k}{{fill:var(--{k})}}.s-{k}{{stroke:var(--{k})}}" for k in PALETTE)
    return f"<style>:root{{{light}}}@media (prefers-color-scheme: dark){{:root{{{dark}}}}}{uses}</style>"


def paint(fill: str | None = None, stroke: str | None = None) -> str:
    """Colours that follow the scheme (classes), with the light ones as attribute fallbacks."""
    classes = ([f"f-{fill}"] if fill else []) + ([f"s-{stroke}"] if stroke else [])
    attrs = [f'class="{" ".join(classes)}"']
    if fill:
        attrs.append(f'fill="{PALETTE[fill][0]}"')
    if stroke:
        attrs.append(f'stroke="{PALETTE[stroke][0]}"')
    return " ".join(attrs)


def fill(name: str) -> str:
    return paint(fill=name)


def stroke(name: str) -> str:
    return paint(stroke=name)


def svg(height: int, title: str, desc: str, body: list[str], ident: str) -> str:
    """Wrap the body in an accessible, scalable SVG document WIDTH units wide."""
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}"'
            f' height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}">',
            f'  <title id="{ident}-title">{escape(title)}</title>',
            f'  <desc id="{ident}-desc">{escape(desc)}</desc>',
            f"  {style()}",
            f'  <rect x="0" y="0" width="{WIDTH}" height="{height}" rx="8" {fill("bg")}/>',
            *("  " + line for line in body),
            "</svg>",
            "",
        ]
    )


def text(x: float, y: float, s: str, colour: str, size: int = MIN_FONT, anchor: str = "middle",
         weight: str = "normal", style_: str = "normal", extra: str = "") -> str:
    assert size >= MIN_FONT, f"{s!r}: {size} < MIN_FONT"
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" {fill(colour)} text-anchor="{anchor}"'
        f' font-weight="{weight}" font-style="{style_}" dominant-baseline="middle"{extra}>{escape(s)}</text>'
    )


def cell(x: float, y: float, size: float, kept: bool, label: str) -> list[str]:
    return [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{size}" height="{size}" {paint("accent" if kept else "off", "bg")}'
        f' stroke-width="2"/>',
        text(x + size / 2, y + size / 2, label, "on-accent" if kept else "on-off", 16),
    ]


# --- Figure 1: the chain rule's dependency structure -------------------------------------------

CHAIN_TITLE = "Chain-rule dependency graph for four variables"
CHAIN_DESC = (
    "Four nodes x1, x2, x3, x4 in a row. An arrow runs from every earlier variable to every later one: "
    "x1 to x2, x3 and x4; x2 to x3 and x4; x3 to x4. Six arrows in all. Beside each node is its factor: "
    "p(x1), p(x2 | x1), p(x3 | x1, x2), p(x4 | x1, x2, x3)."
)


def chain_rule(ident: str) -> str:
    height = 250
    xs = [52 + i * 98 for i in range(4)]
    y, r = 128, 24
    body = [
        "<defs>",
        f'  <marker id="{ident}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"'
        f' orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" {fill("fg")}/></marker>',
        "</defs>",
    ]
    # Arrows: adjacent ones straight, span 2 as arcs above, span 3 as an arc below.
    for i in range(4):
        for j in range(i + 1, 4):
            x0, x1 = xs[i], xs[j]
            if j - i == 1:
                body.append(
                    f'<path d="M{x0 + r:.1f},{y} L{x1 - r - 2:.1f},{y}" {stroke("fg")} stroke-width="2"'
                    f' fill="none" marker-end="url(#{ident}-arrow)"/>'
                )
                continue
            sign = -1 if j - i == 2 else 1
            a = math.radians(50)
            sx, sy = x0 + r * math.cos(a), y + sign * r * math.sin(a)
            ex, ey = x1 - r * math.cos(a), y + sign * r * math.sin(a)
            body.append(
                f'<path d="M{sx:.1f},{sy:.1f} Q{(x0 + x1) / 2:.1f},{y + sign * 92:.1f} {ex:.1f},{ey:.1f}"'
                f' {stroke("fg")} stroke-width="2" fill="none" marker-end="url(#{ident}-arrow)"/>'
            )
    for i, x in enumerate(xs):
        body.append(f'<circle cx="{x}" cy="{y}" r="{r}" {paint("node", "accent")} stroke-width="2.5"/>')
        body.append(text(x - 3, y, "x", "fg", 20, style_="italic"))
        body.append(text(x + 8, y + 7, str(i + 1), "fg", 15))
    # Factors: above for x2 and x4, below for x1 and x3, kept inside the frame at the right.
    labels = ["p(x₁)", "p(x₂ | x₁)", "p(x₃ | x₁, x₂)", "p(x₄ | x₁, x₂, x₃)"]
    for i, (x, s) in enumerate(zip(xs, labels)):
        if i == 3:
            body.append(text(WIDTH - 10, 22, s, "muted", 16, anchor="end"))
        else:
            body.append(text(x, 22 if i % 2 else height - 20, s, "muted", 16))
    return svg(height, CHAIN_TITLE, CHAIN_DESC, body, ident)


# --- Figure 2: the causal attention mask ------------------------------------------------------

MASK_TITLE = "Causal attention mask for five positions"
MASK_DESC = (
    "A 5 by 5 grid. Rows are query positions 1 to 5, columns are key positions 1 to 5. Cells on and "
    "below the diagonal hold 0, meaning the score is kept; cells above the diagonal hold minus infinity, "
    "meaning the query may not attend to that later key. The mask is added to the scores before the softmax."
)


def causal_mask(ident: str) -> str:
    n, size = 5, 56
    left, top = 78, 64
    height = top + n * size + 46
    body = [text(left + n * size / 2, 18, "key position s (attended to)", "fg", 16)]
    mid = top + n * size / 2
    body.append(text(22, mid, "query position t", "fg", 16, extra=f' transform="rotate(-90 22 {mid:.1f})"'))
    for k in range(n):
        body.append(text(left + k * size + size / 2, top - 16, str(k + 1), "fg", 16, weight="bold"))
        body.append(text(left - 18, top + k * size + size / 2, str(k + 1), "fg", 16, weight="bold"))
    for q in range(n):
        for k in range(n):
            body += cell(left + k * size, top + q * size, size, k <= q, "0" if k <= q else "−∞")
    body.append(text(WIDTH / 2, top + n * size + 26, "0 = kept (s ≤ t);  −∞ = blocked (s > t)", "muted", 15))
    return svg(height, MASK_TITLE, MASK_DESC, body, ident)


# --- Figure 3: PixelCNN mask A against mask B, with the colour channels ---------------------

PIXEL_TITLE = "PixelCNN masks A and B: the spatial kernel and the colour channels at its centre"
PIXEL_DESC = (
    "Top: a 5 by 5 kernel shared by both masks. The two rows above the centre and the two cells left of the "
    "centre are 1 (kept); the cells right of the centre and the two rows below are 0 (zeroed). The centre "
    "cell is marked c. Bottom: what c holds, as two 3 by 3 tables from input channel (columns R, G, B) to "
    "output channel (rows R, G, B). Mask A, for the first layer, keeps only R to G, R to B and G to B, so "
    "no channel sees its own value. Mask B, for later layers, also keeps R to R, G to G and B to B."
)


def pixel_masks(ident: str) -> str:
    body = [text(WIDTH / 2, 18, "Spatial mask, the same in A and B", "fg", 16, weight="bold")]
    n, size = 5, 28
    gx, gy = (WIDTH - n * size) / 2, 36
    mid = n // 2
    for r in range(n):
        for k in range(n):
            x, y = gx + k * size, gy + r * size
            if r == mid and k == mid:
                body += [
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{size}" height="{size}" {paint("bg", "highlight")}'
                    f' stroke-width="3"/>',
                    text(x + size / 2, y + size / 2, "c", "highlight", 16, weight="bold"),
                ]
            else:
                kept = r < mid or (r == mid and k < mid)
                body += cell(x, y, size, kept, "1" if kept else "0")
    top = gy + n * size + 26
    body.append(text(WIDTH / 2, top, "c: channel to channel at the centre", "highlight", 15, weight="bold"))
    size, gap = 34, 44
    table = 28 + 3 * size  # row labels, then three columns
    ox0 = (WIDTH - 2 * table - gap) / 2
    channels = "RGB"
    for g, (name, sub, diagonal) in enumerate((("Mask A", "first layer", False), ("Mask B", "later layers", True))):
        ox = ox0 + g * (table + gap)
        cx = ox + 28
        body.append(text(ox + table / 2, top + 28, f"{name}, {sub}", "fg", 15, weight="bold"))
        for j, ch in enumerate(channels):
            body.append(text(cx + j * size + size / 2, top + 52, f"{ch}", "muted", 15))
            body.append(text(ox + 12, top + 64 + j * size + size / 2, ch, "muted", 15))
        for out in range(3):
            for inp in range(3):
                kept = inp < out or (diagonal and inp == out)
                body += cell(cx + inp * size, top + 64 + out * size, size, kept, "1" if kept else "0")
    bottom = top + 64 + 3 * size
    body.append(text(WIDTH / 2, bottom + 22, "columns: input channel; rows: output channel", "muted", 15))
    body.append(text(WIDTH / 2, bottom + 44, "1 = weight kept, 0 = weight zeroed", "muted", 15))
    return svg(int(bottom + 62), PIXEL_TITLE, PIXEL_DESC, body, ident)


FIGURES = {
    "chain-rule-dag": chain_rule,
    "causal-mask": causal_mask,
    "pixelcnn-masks": pixel_masks,
}


def write_all(out: Path) -> list[Path]:
    written = []
    for name, build in FIGURES.items():
        path = out / f"{name}.svg"
        path.write_text(build(name), encoding="utf-8")
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
