"""The figure library in the admin: list with thumbnails and search, upload, several at once, chooser, delete rules."""

import pytest
from django.core.exceptions import ValidationError

from evidence.media.models import Figure
from evidence.media.services import figure_delete
from tests.factories import FigureFactory, image_bytes, image_upload

pytestmark = pytest.mark.django_db


def test_figure_shown_by_a_live_article_cannot_be_deleted(live_article, figure):
    live_article(body=figure.marker)
    with pytest.raises(ValidationError) as caught:
        figure_delete(figure=figure)
    assert caught.value.code == "figure_in_use"
    assert Figure.objects.filter(pk=figure.pk).exists()


def test_admin_delete_page_names_the_live_article(client, editor, live_article, figure):
    article = live_article(body=figure.marker, title="Stem cells and knees")
    client.force_login(editor)
    response = client.post(f"/admin/media/figure/{figure.pk}/delete/", {"post": "yes"})
    assert Figure.objects.filter(pk=figure.pk).exists()
    assert f"shown by the article “{article.live_revision.title}” (live)" in response.content.decode()


def test_unused_figure_is_deleted_with_its_files(editor, django_capture_on_commit_callbacks):
    figure = FigureFactory()
    names = [figure.file.name, *(r.file.name for r in figure.renditions.all())]
    storage = figure.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        figure_delete(figure=figure)
    assert not Figure.objects.filter(pk=figure.pk).exists()
    assert not any(storage.exists(name) for name in names)


def test_list_shows_thumbnails_and_searches(client, writer):
    FigureFactory(alt_text="Knee joint X-ray")
    FigureFactory(alt_text="Pancreas islet diagram")
    client.force_login(writer)
    html = client.get("/admin/media/figure/", {"q": "islet"}).content.decode()
    assert 'class="figure-thumb"' in html
    assert "Pancreas islet diagram" in html and "Knee joint" not in html


def test_add_form_refuses_a_fake_image_on_its_field(client, writer):
    client.force_login(writer)
    response = client.post(
        "/admin/media/figure/add/",
        {"upload": image_upload("chart.png", b"not pixels"), "alt_text": "A chart", "focal_x": 50, "focal_y": 50},
    )
    assert response.status_code == 200
    assert "not an image we can read" in response.content.decode()
    assert not Figure.objects.exists()


def test_add_form_stores_the_figure(client, writer):
    client.force_login(writer)
    response = client.post(
        "/admin/media/figure/add/",
        {"upload": image_upload("knee.png"), "alt_text": "A knee", "focal_x": 30, "focal_y": 50},
    )
    assert response.status_code == 302
    figure = Figure.objects.get()
    assert (figure.title, figure.uploaded_by, figure.focal_x) == ("knee", writer, 30)
    assert figure.renditions.exists()


def test_several_images_at_once_each_with_its_alt_text(client, writer):
    client.force_login(writer)
    page = client.get("/admin/media/figure/upload/").content.decode()
    assert "js/media-upload.js" in page and "multiple" in page
    response = client.post(
        "/admin/media/figure/upload/",
        {
            "files": [image_upload("one.png"), image_upload("two.jpg", image_bytes("JPEG")), image_upload("three.gif")],
            "alt_text": ["First chart", "", ""],
            "decorative": ["1"],
            "credit": "Evidence Desk",
        },
        follow=True,
    )
    assert sorted(Figure.objects.values_list("title", "decorative")) == [("one", False), ("two", True)]
    assert "“three.gif” was not uploaded: Describe the image" in response.content.decode()


def test_chooser_searches_and_gives_thumbnails_and_markers(client, writer):
    figure = FigureFactory(alt_text="Islet transplant diagram")
    FigureFactory(alt_text="Knee")
    client.force_login(writer)
    results = client.get("/admin/figures/chooser/", {"q": "islet"}).json()["results"]
    assert [r["id"] for r in results] == [figure.pk]
    assert results[0]["marker"] == f"[[figure:{figure.pk}]]"
    assert results[0]["thumbnail"].startswith("/media/figures/renditions/")


def test_chooser_is_for_staff_only(client):
    assert client.get("/admin/figures/chooser/").status_code == 302
