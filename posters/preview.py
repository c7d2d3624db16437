"""Link previews: a 1200×630 PNG per service point, organisation, region and for the site (Open Graph size).

Drawn with Pillow in the font the posters use; black text on white with a dark band, so it reads in any feed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from .pdf import FONT_DIR

WIDTH, HEIGHT = 1200, 630
INK, BRAND, PAPER = (27, 31, 36), (11, 79, 138), (255, 255, 255)
PADDING = 64


@dataclass(frozen=True)
class PreviewText:
    title: str
    subtitle: str  # region, or what the site does
    free: str  # "Gratuit" / "Free"
    site: str  # "Trouve ton X" and the host


@cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / ("VeraBd.ttf" if bold else "Vera.ttf")), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and draw.textlength(lines[-1] + "…", font=font) > width:
            lines[-1] = lines[-1][:-1]
        lines[-1] = lines[-1].rstrip() + "…"
    return lines


def preview_png(text: PreviewText) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    band = 96
    draw.rectangle((0, 0, WIDTH, band), fill=BRAND)
    draw.text((PADDING, band // 2), text.site, font=_font(True, 40), fill=PAPER, anchor="lm")
    inner = WIDTH - 2 * PADDING
    # The longest titles get a smaller size rather than more lines.
    for size in (72, 60, 50):
        title_font = _font(True, size)
        lines = _wrap(draw, text.title, title_font, inner, 3)
        if len(lines) <= 2 or size == 50:
            break
    y = band + 48
    for line in lines:
        draw.text((PADDING, y), line, font=title_font, fill=INK)
        y += int(size * 1.2)
    subtitle_font = _font(False, 40)
    for line in _wrap(draw, text.subtitle, subtitle_font, inner, 2):
        draw.text((PADDING, y + 12), line, font=subtitle_font, fill=INK)
        y += 52
    free_font = _font(True, 52)
    label = text.free.upper()
    box_width = int(draw.textlength(label, font=free_font)) + 56
    top = HEIGHT - PADDING - 96
    draw.rectangle((PADDING, top, PADDING + box_width, top + 96), outline=INK, width=6)
    draw.text((PADDING + 28, top + 48), label, font=free_font, fill=INK, anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
