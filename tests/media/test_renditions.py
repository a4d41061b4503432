"""Renditions: several widths, WebP with a JPEG or PNG fallback, made once and stored."""

import io

import pytest
from PIL import Image

from evidence.media.models import Rendition
from evidence.media.renditions import make_renditions, rebuild_missing, widths_for
from tests.factories import FigureFactory, image_bytes, image_upload

pytestmark = pytest.mark.django_db


def sizes(figure):
    return sorted((r.format, r.width, r.height) for r in figure.renditions.all())


def test_a_chart_gets_webp_and_png_at_each_width_up_to_its_own():
    figure = FigureFactory(upload=image_upload("chart.png", image_bytes("PNG", size=(1000, 600))))
    assert sizes(figure) == [
        ("PNG", 480, 288), ("PNG", 800, 480), ("PNG", 1000, 600),
        ("WEBP", 480, 288), ("WEBP", 800, 480), ("WEBP", 1000, 600),
    ]  # fmt: skip
    for rendition in figure.renditions.all():
        with rendition.file.open("rb") as stored:
            content = stored.read()
        assert Image.open(io.BytesIO(content)).format == rendition.format
        assert rendition.size == len(content)


def test_a_photo_falls_back_to_jpeg_and_is_never_scaled_up():
    figure = FigureFactory(upload=image_upload("photo.jpg", image_bytes("JPEG", size=(2400, 1200))))
    assert {r.format for r in figure.renditions.all()} == {"WEBP", "JPEG"}
    assert max(r.width for r in figure.renditions.all()) == 1600
    assert widths_for(300) == [300]


def test_renditions_are_made_once():
    figure = FigureFactory()
    count = Rendition.objects.filter(figure=figure).count()
    make_renditions(figure)
    assert Rendition.objects.filter(figure=figure).count() == count


def test_missing_rendition_files_are_rebuilt():
    figure = FigureFactory()
    lost = figure.renditions.first()
    lost.file.storage.delete(lost.file.name)
    assert rebuild_missing() == 1
    assert all(r.file.storage.exists(r.file.name) for r in figure.renditions.all())
