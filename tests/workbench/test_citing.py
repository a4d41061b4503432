"""Cite once: saving an article cites the studies its markers name, numbered in order of first mention, and
keeps studies listed without a marker as further reading; the preview shows them as cited already."""

import pytest
from django.urls import reverse

from evidence.models import ArticleRevision, Citation
from evidence.services.revisions import working_copy_saved
from evidence.workbench.citing import cite_marked_studies, marked_studies, unknown_identifiers
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return {
        "burt": StudyFactory(citation_key="burt-2019", pmid="30657947"),
        "wu": StudyFactory(citation_key="wu-2014", doi="10.5555/wu.2014"),
        "reading": StudyFactory(citation_key="further-reading"),
    }


def cited(article):
    return [(c.position, c.study.citation_key) for c in article.citations.order_by("position")]


def test_markers_name_studies_by_key_pmid_and_doi_in_order_of_first_mention_once_each(library):
    body = "A [@doi:10.5555/WU.2014] then [@Burt-2019], [@pmid:30657947] again, [@nobody] and [@pmid:123]."
    assert [s.citation_key for s in marked_studies(body)] == ["wu-2014", "burt-2019"]
    assert [str(m) for m in unknown_identifiers(body)] == ["[@pmid:123]"]


def test_saving_cites_the_marked_studies_first_and_keeps_further_reading_after(library):
    article = ArticleFactory(body="Later [@wu-2014]. First [@burt-2019]?")
    article.body = "First [@burt-2019]. Then [@wu-2014]."
    CitationFactory(article=article, study=library["reading"], position=1)
    CitationFactory(article=article, study=library["wu"], position=2)

    added = cite_marked_studies(article=article)

    assert [s.citation_key for s in added] == ["burt-2019"]
    assert cited(article) == [(1, "burt-2019"), (2, "wu-2014"), (3, "further-reading")]
    assert cite_marked_studies(article=article) == [] and Citation.objects.filter(article=article).count() == 3


def article_form(article, **fields):
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "author": str(article.author_id),
        "seen_edit_version": str(article.edit_version),
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
        "_continue": "Save and continue editing",
    }
    return data | fields


def test_the_admin_save_cites_marked_studies_in_the_revision_it_keeps(client, writer, library):
    article = ArticleFactory(author=writer, body="Nothing cited yet.")
    working_copy_saved(item=article, by=writer)
    client.force_login(writer)

    response = client.post(
        reverse("admin:evidence_article_change", args=[article.pk]),
        article_form(article, body="Transplants slowed MS [@burt-2019]; exosomes less so [@doi:10.5555/wu.2014]."),
        follow=True,
    )

    assert response.status_code == 200 and not response.context.get("errors")
    assert cited(article) == [(1, "burt-2019"), (2, "wu-2014")]
    revision = ArticleRevision.objects.filter(item=article).order_by("-number").first()
    assert [c.study.citation_key for c in revision.citations.order_by("position")] == ["burt-2019", "wu-2014"]
    assert "Cited from the markers in the text" in response.content.decode()


def test_the_preview_numbers_a_marked_study_not_yet_listed_and_offers_unknown_identifiers(client, writer, library):
    working_copy_saved(item=library["burt"], by=writer)  # the preview shows a study's latest revision
    client.force_login(writer)
    body = "Fewer relapses [@burt-2019]. A new trial [@doi:10.5555/not.yet]."
    response = client.post(
        reverse("workbench:article_preview_add"),
        {"title": "T", "body": body, "citations-TOTAL_FORMS": "0"},
    )
    data = response.json()
    assert '<sup class="cite"><a href="#ref-1"' in data["page"]
    assert data["addable"] == [{"marker": "[@doi:10.5555/not.yet]", "identifier": "10.5555/not.yet"}]
    assert len(data["dangling"]) == 1 and "10.5555/not.yet" in data["dangling"][0]
