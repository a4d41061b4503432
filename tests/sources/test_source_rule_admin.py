"""The source rule on the article's admin page: what is missing, and an editor's exemption granted and revoked."""

import pytest

from evidence.models import AuditEntry, SourceExemption
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

pytestmark = pytest.mark.django_db


def change_page(client, article):
    return client.get(f"/admin/evidence/article/{article.pk}/change/").content.decode()


def test_the_writer_sees_what_is_missing_and_no_exemption_form(client, writer, edit):
    article = ArticleFactory(author=writer, exempt_from_source_rule=False)
    CitationFactory(article=article, study=StudyFactory(title="An unidentified paper"))
    client.force_login(writer)
    page = change_page(client, article)
    assert "No source readers can check." in page
    assert "An unidentified paper" in page
    assert "Grant the exemption" not in page


def test_a_cited_study_with_a_doi_satisfies_the_panel(client, writer):
    article = ArticleFactory(author=writer, exempt_from_source_rule=False)
    CitationFactory(article=article, study=StudyFactory(doi="10.5555/panel.1"))
    client.force_login(writer)
    assert "Rests on a source readers can check." in change_page(client, article)


def test_an_editor_grants_and_revokes_an_exemption_from_the_page(client, writer, editor):
    article = ArticleFactory(author=writer, exempt_from_source_rule=False)
    url = f"/admin/evidence/article/{article.pk}/source-rule/"
    client.force_login(editor)
    assert "Grant the exemption" in change_page(client, article)

    refused = client.post(url, {"exempt-reason": "  "}, follow=True).content.decode()
    assert "a reason is required" in refused
    assert not SourceExemption.objects.exists()

    granted = client.post(url, {"exempt-reason": "Says what is not known yet."}, follow=True).content.decode()
    assert "exempted from the source rule" in granted
    assert "Says what is not known yet." in change_page(client, article)
    assert "Revoke the exemption" in change_page(client, article)

    client.post(url, {"revoke-exemption": "1"}, follow=True)
    assert not SourceExemption.objects.exists()
    assert list(AuditEntry.objects.for_item(article).values_list("action", flat=True)[:2]) == [
        "revoke_exemption",
        "exempt_sources",
    ]


def test_a_writer_cannot_exempt_by_posting(client, writer):
    article = ArticleFactory(author=writer, exempt_from_source_rule=False)
    client.force_login(writer)
    answer = client.post(f"/admin/evidence/article/{article.pk}/source-rule/", {"exempt-reason": "Mine."}, follow=True)
    assert answer.status_code == 200
    assert not SourceExemption.objects.exists()
