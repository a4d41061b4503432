"""The rule for an uploaded image: judged by its content, never its name, and stored without what it hides.

Pillow reads the bytes: JPEG, PNG, WebP and GIF are accepted, anything else is refused with a message saying
what it is. SVG is refused outright (it is a document that can carry scripts and links, and no sanitiser we
would trust to keep it inert is worth the risk for a medical summary; export a PNG instead). Before any pixel
is decoded the size in bytes and pixels is checked, so a small file that unpacks to gigabytes (a decompression
bomb) is refused cheaply. The accepted image is decoded, turned upright by its EXIF orientation and saved again
without EXIF, so a phone photo's GPS position, camera serial number and the like never reach storage.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
_SVG_STARTS = (b"<svg", b"<?xml", b"<!doctype svg")


@dataclass(frozen=True)
class CheckedImage:
    content: bytes  # re-encoded, without EXIF
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return EXTENSIONS[self.format]

    @property
    def digest(self):
        return hashlib.sha256(self.content).hexdigest()


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _read(upload) -> bytes:
    limit = settings.EVIDENCE_MEDIA_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        _refuse(f"The file is {size / 1e6:.1f} MB; images may be at most {limit / 1e6:.0f} MB.", "too_large")
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        _refuse(f"The file is larger than {limit / 1e6:.0f} MB, the most an image may be.", "too_large")
    if not content:
        _refuse("The file is empty.", "empty")
    return content


def _open(content: bytes) -> Image.Image:
    if content.lstrip()[:64].lower().startswith(_SVG_STARTS):
        _refuse("SVG images are not accepted (they can carry scripts). Export the image as PNG.", "svg_refused")
    try:
        with warnings.catch_warnings():
            # Opening reads only the header; our own pixel limit (below Pillow's) is checked next.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
    except Image.DecompressionBombError:
        _refuse_pixels(None)
    except (UnidentifiedImageError, OSError):
        _refuse("This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF.", "not_an_image")
    if image.format not in ALLOWED_FORMATS:
        _refuse(f"{image.format} images are not accepted. Upload a JPEG, PNG, WebP or GIF.", "format_not_allowed")
    return image


def _refuse_pixels(size):
    limit = settings.EVIDENCE_MEDIA_MAX_PIXELS
    said = f"{size[0]:,} by {size[1]:,} pixels" if size else "more pixels than we can safely open"
    _refuse(f"The image is {said}; images may have at most {limit / 1e6:.0f} million pixels.", "too_many_pixels")


def _check_pixels(image: Image.Image):
    width, height = image.size
    frames = getattr(image, "n_frames", 1)
    if width * height * frames > settings.EVIDENCE_MEDIA_MAX_PIXELS:
        _refuse_pixels(image.size)


def _verify(content: bytes):
    try:
        Image.open(io.BytesIO(content)).verify()
    except Exception:  # Pillow raises many kinds for a broken file; all mean the same here
        _refuse("The image is damaged or cut short; export it again and upload the new file.", "damaged")


def _reencode(image: Image.Image) -> bytes:
    """Decode and save again without EXIF (location, camera), upright; animations keep their frames."""
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    extra = {"icc_profile": icc} if icc else {}
    if image.format == "GIF" and getattr(image, "is_animated", False):
        image.save(out, format="GIF", save_all=True, loop=image.info.get("loop", 0), optimize=False)
        return out.getvalue()
    shown = ImageOps.exif_transpose(image)
    if image.format == "JPEG":
        if shown.mode not in ("RGB", "L", "CMYK"):
            shown = shown.convert("RGB")
        shown.save(out, format="JPEG", quality=90, optimize=True, **extra)
    elif image.format == "WEBP":
        shown.save(out, format="WEBP", quality=90, **extra)
    else:
        shown.save(out, format=image.format, optimize=True, **extra)
    return out.getvalue()


def check_upload(upload) -> CheckedImage:
    """The upload as we will store it, or a ValidationError with a message and a `code` saying why not."""
    content = _read(upload)
    image = _open(content)
    _check_pixels(image)
    _verify(content)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = _open(content)
            image.load()
            stored = _reencode(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse_pixels(image.size)
        except (OSError, ValueError, SyntaxError):
            _refuse("The image is damaged or cut short; export it again and upload the new file.", "damaged")
    with Image.open(io.BytesIO(stored)) as saved:
        return CheckedImage(content=stored, format=saved.format, width=saved.width, height=saved.height)
