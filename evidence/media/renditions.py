"""Renditions: each figure resized once to a few widths, in WebP and in a fallback every browser reads.

The fallback is PNG for images that need it (transparency, or a PNG/GIF original: charts and diagrams, whose
lines JPEG smears) and JPEG for photographs. Widths larger than the original are not made: an image is never
scaled up. Animated GIFs are rendered from their first frame (a still is what a summary needs; the original
stays in the library).
"""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from evidence.media.models import Figure, ImageFormat, Rendition

WIDTHS = (480, 800, 1200, 1600)
QUALITY = {ImageFormat.WEBP: 82, ImageFormat.JPEG: 85}


def widths_for(original_width: int) -> list[int]:
    """The widths made for an image this wide: the standard ones below it, and the original (at most the largest)."""
    return sorted({w for w in WIDTHS if w < original_width} | {min(original_width, WIDTHS[-1])})


def fallback_format(image: Image.Image, original_format: str) -> str:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    return ImageFormat.PNG if has_alpha or original_format in (ImageFormat.PNG, ImageFormat.GIF) else ImageFormat.JPEG


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == ImageFormat.JPEG:
        if image.mode in ("RGBA", "LA"):
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        image.convert("RGB").save(out, format="JPEG", quality=QUALITY[image_format], optimize=True, progressive=True)
    elif image_format == ImageFormat.WEBP:
        image.save(out, format="WEBP", quality=QUALITY[image_format], method=4)
    else:
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _upright(figure: Figure) -> Image.Image:
    with figure.file.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    if image.mode in {"P", "1"}:
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode == "CMYK":
        image = image.convert("RGB")
    return image


def make_renditions(figure: Figure) -> list[Rendition]:
    """Store the renditions `figure` lacks; return them all. Made once: existing ones are kept as they are."""
    existing = {(r.format, r.width): r for r in figure.renditions.all()}
    image = None
    formats = None
    made = []
    for width in widths_for(figure.width):
        height = max(1, round(figure.height * width / figure.width))
        if image is None:
            image = _upright(figure)
            formats = (ImageFormat.WEBP, fallback_format(image, figure.format))
        for image_format in formats:
            if (image_format, width) in existing:
                continue
            resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
            content = _encode(resized, image_format)
            rendition = Rendition(figure=figure, format=image_format, width=width, height=height, size=len(content))
            extension = ".webp" if image_format == ImageFormat.WEBP else f".{image_format.lower()}"
            rendition.file.save(f"r{extension}", ContentFile(content), save=False)
            with transaction.atomic():
                rendition.save()
            made.append(rendition)
    return [*existing.values(), *made]


def rebuild_missing(*, everything=False) -> int:
    """Make again every rendition whose file is gone (after a restore, or a lost bucket); return how many.

    With `everything`, remove all renditions first and make them anew (after changing WIDTHS or QUALITY).
    """
    count = 0
    for pk in Figure.objects.values_list("pk", flat=True).iterator(chunk_size=500):
        figure = Figure.objects.get(pk=pk)
        stale = [r for r in figure.renditions.all() if everything or not r.file.storage.exists(r.file.name)]
        for rendition in stale:
            if rendition.file.storage.exists(rendition.file.name):
                rendition.file.delete(save=False)
            rendition.delete()
        if stale or not figure.renditions.exists():
            before = figure.renditions.count()
            count += len(make_renditions(figure)) - before
    return count
