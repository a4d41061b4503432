"""Draw the site's icons: static/icons/favicon.svg, static/root/favicon.ico (16, 32 and 48 px) and
static/root/apple-touch-icon.png (180 px).

Run once after changing the design (`.venv/bin/python docs/make_icons.py`) and commit the files it writes.
The mark is the brand square of the site's header (static/css/site.css, `--accent`) with a white "E" drawn
from rectangles, so no font is needed and the SVG and the bitmaps match.
"""

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
ACCENT = "#0a5a78"
# The "E" on a 32-unit grid: its stem and three arms, as (left, top, right, bottom).
BARS = [(9, 7, 13, 25), (9, 7, 23, 11), (9, 14, 21, 18), (9, 21, 23, 25)]

SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="{radius}" fill="{accent}"/>
{bars}
</svg>
"""


def draw(size: int, radius: float) -> Image.Image:
    scale = 8  # draw large and shrink, for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius * big / 32, fill=ACCENT)
    for left, top, right, bottom in BARS:
        pen.rectangle([v * big / 32 for v in (left, top, right)] + [bottom * big / 32 - 1], fill="white")
    return image.resize((size, size), Image.LANCZOS)


def main():
    bars = "\n".join(
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="#fff"/>' for x0, y0, x1, y1 in BARS
    )
    (ROOT / "static/icons/favicon.svg").write_text(SVG.format(radius=6, accent=ACCENT, bars=bars))
    draw(256, 6).save(ROOT / "static/root/favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    # iOS rounds the corners itself and shows transparency as black: a full square.
    draw(180, 0).convert("RGB").save(ROOT / "static/root/apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
