"""Uploads are judged by content, limited in bytes and pixels, stored without EXIF; alt text is required."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from evidence.media.services import figure_upload
from tests.factories import image_bytes, image_upload

pytestmark = pytest.mark.django_db

ALT = {"alt_text": "A chart"}


def refusal(upload, **fields):
    with pytest.raises(ValidationError) as caught:
        figure_upload(upload=upload, by=None, **{**ALT, **fields})
    return caught.value


def test_png_named_jpg_is_accepted_as_png():
    figure = figure_upload(upload=image_upload("photo.jpg", image_bytes("PNG")), by=None, **ALT)
    assert figure.format == "PNG"
    assert figure.file.name.endswith(".png")
    with figure.file.open("rb") as stored:
        assert Image.open(stored).format == "PNG"


def test_text_file_named_png_is_refused_with_a_message():
    error = refusal(image_upload("chart.png", b"just some words, not pixels"))
    assert error.code == "not_an_image"
    assert "not an image we can read" in error.messages[0]


def test_svg_is_refused():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert refusal(image_upload("chart.png", svg)).code == "svg_refused"


def test_other_formats_are_refused():
    assert refusal(image_upload("chart.bmp", image_bytes("BMP"))).code == "format_not_allowed"


def test_decompression_bomb_is_refused_before_decoding():
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG")  # a few kB that unpack to 100 million pixels
    assert len(out.getvalue()) < 200_000
    error = refusal(image_upload("bomb.png", out.getvalue()))
    assert error.code == "too_many_pixels"
    assert "10,000 by 10,000 pixels" in error.messages[0]


def test_file_over_the_byte_limit_is_refused(settings):
    settings.EVIDENCE_MEDIA_MAX_BYTES = 1000
    assert refusal(image_upload("big.jpg", image_bytes("JPEG", size=(800, 800)))).code == "too_large"


def test_truncated_image_is_refused():
    content = image_bytes("JPEG", size=(800, 800))
    assert refusal(image_upload("cut.jpg", content[: len(content) // 2])).code == "damaged"


def test_exif_location_is_stripped_and_orientation_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPSLatitude
    exif[0x010F] = "PhoneMaker"  # Make
    photo = image_bytes("JPEG", size=(600, 400), exif=exif.tobytes())
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # the test image does carry a location

    figure = figure_upload(upload=image_upload("holiday.jpg", photo), by=None, **ALT)

    with figure.file.open("rb") as stored:
        saved = Image.open(io.BytesIO(stored.read()))
    assert not saved.getexif().get_ifd(0x8825)
    assert len(saved.getexif()) == 0
    assert (figure.width, figure.height) == (400, 600)  # upright


def test_alt_text_is_required_unless_decorative():
    error = refusal(image_upload(), alt_text="")
    assert error.message_dict["alt_text"] == ["Describe the image for people who cannot see it, or tick “decorative”."]
    assert figure_upload(upload=image_upload(), by=None, alt_text="", decorative=True).decorative


def test_decorative_image_has_no_alt_text():
    error = refusal(image_upload(), alt_text="A chart", decorative=True)
    assert "decorative" in error.message_dict["alt_text"][0]


def test_refused_upload_stores_nothing(settings):
    from django.core.files.storage import default_storage

    before = default_storage.listdir("figures/originals")[1] if default_storage.exists("figures/originals") else []
    refusal(image_upload(), alt_text="")
    after = default_storage.listdir("figures/originals")[1] if default_storage.exists("figures/originals") else []
    assert before == after
