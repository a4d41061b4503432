"""Figures in the workbench's live preview (issue 16): a `[[figure:ID]]` typed in text not saved yet shows the
figure there, drawn by the public template with the figure's words as saving would keep them, and nothing is
written on the way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from evidence.media.models import RevisionFigure
from evidence.services.revisions import working_copy_saved
from tests.factories import ArticleFactory, FigureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def figure(writer):
    return FigureFactory(by=writer, alt_text="Bar chart of relapses in each group", caption="Fewer relapses.")


@pytest.fixture
def article(writer):
    article = ArticleFactory(author=writer, title="Stem cells for MS", body="Intro.")
    working_copy_saved(item=article, by=writer)
    return article


def preview(client, url, body):
    response = client.post(url, {"title": "Stem cells for MS", "body": body})
    assert response.status_code == 200
    return response.json()["page"]


def test_a_figure_placed_in_unsaved_text_shows_in_the_preview(client, writer, article, figure):
    client.force_login(writer)
    url = reverse("workbench:article_preview", kwargs={"object_id": article.pk})

    page = preview(client, url, f"Intro.\n\n{figure.marker}\n\nMore text.")

    assert '<figure class="figure" id="figure-1">' in page
    assert 'alt="Bar chart of relapses in each group"' in page
    assert figure.renditions.first().file.url in page
    assert "Fewer relapses." in page
    assert figure.marker not in page
    assert not RevisionFigure.objects.exists()  # a preview snapshots nothing


def test_the_preview_of_a_new_article_shows_its_figure_and_the_figures_words_now(client, writer, figure):
    client.force_login(writer)
    figure.caption = "Caption changed after upload."
    figure.save()

    page = preview(client, reverse("workbench:article_preview_add"), figure.marker)

    assert '<figure class="figure" id="figure-1">' in page
    assert "Caption changed after upload." in page


def test_a_marker_naming_no_figure_or_inside_a_sentence_shows_nothing(client, writer, article, figure):
    client.force_login(writer)
    url = reverse("workbench:article_preview", kwargs={"object_id": article.pk})

    page = preview(client, url, f"[[figure:{figure.pk + 1000}]]\n\nSee {figure.marker} here.")

    assert "<figure" not in page
    assert "[[figure:" not in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_a_figures_marker_shows_the_figure_in_the_live_preview(sign_in, live_server, writer, article, figure):
    page = sign_in(writer)
    page.goto(f"{live_server.url}/admin/evidence/article/{article.pk}/change/")
    expect(page.locator(".workbench-preview-state")).to_have_text("Up to date")

    page.locator(".workbench .CodeMirror [contenteditable]").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(f"\n\n{figure.marker}\n")

    shown = page.frame_locator(".workbench-frame").locator("figure.figure img")
    expect(shown).to_have_attribute("alt", "Bar chart of relapses in each group")
    # The image itself loads (staff may see a figure's files before any approval).
    expect(shown).to_have_js_property("complete", True)
    assert shown.evaluate("img => img.naturalWidth") > 0
    assert not RevisionFigure.objects.exists()
