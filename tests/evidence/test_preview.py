"""Previewing any revision as the public page it would become, before approval (staff only)."""

import pytest
from django.urls import reverse

from evidence.models import Status
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

pytestmark = pytest.mark.django_db
S = Status


def preview_url(article, number):
    return reverse("admin:evidence_article_preview", args=[article.pk, number])


def test_reviewer_previews_the_revision_under_review_drawn_by_the_public_template(client, walk, reviewer):
    article = walk(ArticleFactory(title="Exosomes and joints", body="Draft wording under review."), S.IN_REVIEW)
    client.force_login(reviewer)

    response = client.get(preview_url(article, 1))

    assert response.status_code == 200
    assert "evidence/article_detail.html" in [t.name for t in response.templates]
    assert "Draft wording under review." in response.content.decode()
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]
    assert client.get(article.get_absolute_url()).status_code == 404  # still nothing public


def test_preview_of_an_edit_shows_the_new_text_while_the_public_keeps_the_old(client, walk, edit, reviewer):
    article = walk(ArticleFactory(body="Approved wording."), S.PUBLISHED)
    revision = edit(article, body="Edited wording, not yet approved.")
    client.force_login(reviewer)

    assert "Edited wording, not yet approved." in client.get(preview_url(article, revision.number)).content.decode()
    assert "Approved wording." in client.get(preview_url(article, 1)).content.decode()
    public = client.get(article.get_absolute_url()).content.decode()
    assert "Approved wording." in public and "Edited wording" not in public


def test_preview_numbers_citations_of_studies_not_yet_published_and_names_them(client, walk, reviewer):
    study = walk(StudyFactory(citation_key="draft-trial", title="An unpublished trial"), S.DRAFT)
    article = ArticleFactory(body="Cells helped in one trial [@draft-trial].")
    CitationFactory(article=article, study=study, position=1)
    walk(article, S.IN_REVIEW)
    client.force_login(reviewer)

    response = client.get(preview_url(article, 1))

    assert response.context["preview"].unpublished == [study]
    html = response.content.decode()
    assert "An unpublished trial" in html
    assert 'href="#ref-1"' in html


def test_preview_needs_a_signed_in_staff_member(client, walk):
    article = walk(ArticleFactory(body="Secret draft."), S.DRAFT)
    response = client.get(preview_url(article, 1))
    assert response.status_code == 302
    assert "Secret draft." not in response.content.decode()


def test_preview_of_a_revision_that_does_not_exist_is_404(client, walk, reviewer):
    article = walk(ArticleFactory(), S.DRAFT)
    client.force_login(reviewer)
    assert client.get(preview_url(article, 99)).status_code == 404


def test_revision_list_and_change_page_link_to_previews(client, walk, writer):
    article = walk(ArticleFactory(), S.DRAFT)
    client.force_login(writer)
    assert (
        preview_url(article, 1)
        in client.get(reverse("admin:evidence_article_change", args=[article.pk])).content.decode()
    )
    assert (
        preview_url(article, 1)
        in client.get(reverse("admin:evidence_article_revisions", args=[article.pk])).content.decode()
    )


def test_view_on_site_points_at_the_live_address_not_the_edited_slug(client, walk, edit, writer):
    article = walk(ArticleFactory(slug="old-address"), S.PUBLISHED)
    edit(article, slug="new-address")
    client.force_login(writer)
    html = client.get(reverse("admin:evidence_article_change", args=[article.pk])).content.decode()
    assert "/articles/old-address/" in html
    assert "/articles/new-address/" not in html
