"""The demo library's figures: simple bar charts drawn with Pillow from numbers the demo's own studies report.

Our own drawings, never copied images: each chart is made from the `figures:` section of
fixtures/demo/content.yaml (a title and labelled counts), so the numbers in the picture are the numbers in the
file, which the articles' text states and cites. Pillow's bundled font keeps the drawing the same on every
machine, with no font files to ship.
"""

import io

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 675  # 16:9, wide enough for the 1200-pixel rendition that link previews use
MARGIN, LABEL_WIDTH, BAR_GAP = 60, 380, 28
INK, MUTED, BAR, PAPER = (20, 33, 61), (90, 98, 112), (31, 95, 160), (255, 255, 255)


def _font(size):
    return ImageFont.load_default(size=size)


def bar_chart(*, title: str, bars: list[tuple[str, int]], axis: str) -> bytes:
    """A horizontal bar chart as PNG bytes: `title` on top, one labelled bar per (label, count), `axis` below."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, MARGIN - 20), title, font=_font(38), fill=INK)
    top, bottom = MARGIN + 70, HEIGHT - MARGIN - 50
    left, right = MARGIN + LABEL_WIDTH, WIDTH - MARGIN - 90
    largest = max(count for _, count in bars) or 1
    height = (bottom - top - BAR_GAP * (len(bars) - 1)) / len(bars)
    label_font, value_font = _font(28), _font(32)
    for index, (label, count) in enumerate(bars):
        y = top + index * (height + BAR_GAP)
        middle = y + height / 2
        draw.multiline_text((MARGIN, middle), label, font=label_font, fill=INK, anchor="lm", spacing=6)
        end = left + max(4, (right - left) * count / largest)
        draw.rectangle((left, y, end, y + height), fill=BAR)
        draw.text((end + 14, middle), str(count), font=value_font, fill=INK, anchor="lm")
    draw.line((left, top - 10, left, bottom + 10), fill=MUTED, width=2)
    draw.text((MARGIN, HEIGHT - MARGIN), axis, font=_font(26), fill=MUTED, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
