"""Give every figure on a page its width and height, read from the image file itself.

A browser that knows an image's size before it arrives keeps its place in the page, so the
text does not jump as figures load (Lighthouse's layout shift; issue 11). An author may still
write `{ width="400" height="250" }` after an image to show it at another size; a figure with
one of the two gets the other from the file's proportions.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable

IMG = re.compile(r"<img\b[^>]*>")
ATTR = re.compile(r'\s([a-zA-Z][\w:-]*)="([^"]*)"')
SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.S)
SVG_ATTR = re.compile(rb'\s(width|height|viewBox)\s*=\s*["\']([^"\']*)["\']')
LENGTH = re.compile(rb"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def sized_images(html: str, read: Callable[[str], bytes | None]) -> tuple[str, list[str]]:
    """`html` with width and height on each local <img>; and the srcs whose size is unknown.

    `read(src)` returns the bytes of the image a src names, or None for one that is not the
    site's own (another site, a data: URL).
    """
    unknown: list[str] = []

    def fix(match: re.Match[str]) -> str:
        tag = match.group(0)
        attrs = dict(ATTR.findall(tag))
        if "width" in attrs and "height" in attrs or "src" not in attrs:
            return tag
        data = read(attrs["src"])
        if data is None:
            return tag
        size = image_size(data)
        if size is None:
            unknown.append(attrs["src"])
            return tag
        width, height = size
        if "width" in attrs:  # keep the author's width, and the file's proportions
            height = round(float(attrs["width"]) * height / width) if _number(attrs["width"]) else height
            width = attrs["width"]
        elif "height" in attrs:
            width = round(float(attrs["height"]) * width / height) if _number(attrs["height"]) else width
            height = attrs["height"]
        added = "".join(f' {name}="{value}"' for name, value in (("width", width), ("height", height)) if name not in attrs)
        end = -2 if tag.endswith("/>") else -1
        return tag[:end].rstrip() + added + tag[end:]

    return IMG.sub(fix, html), unknown


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in CSS pixels of an SVG, PNG, GIF, JPEG or WebP image, or None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    return _svg_size(data)


# --- Helpers ---------------------------------------------------------------------------------


def _number(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9]*\.?[0-9]+", text.strip()))


def _svg_size(data: bytes) -> tuple[int, int] | None:
    """The root <svg>'s width and height in pixels, else its viewBox's (unitless lengths)."""
    tag = SVG_TAG.search(data[:8192])
    if tag is None:
        return None
    attrs = dict(SVG_ATTR.findall(tag.group(0)))
    width, height = (LENGTH.match(attrs.get(name, b"")) for name in (b"width", b"height"))
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = attrs.get(b"viewBox", b"").replace(b",", b" ").split()
    if len(box) == 4:
        try:
            w, h = float(box[2]), float(box[3])
        except ValueError:
            return None
        if w > 0 and h > 0:
            return round(w), round(h)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """From the first start-of-frame segment (SOF0 to SOF15, less DHT, JPG and DAC)."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    return None
