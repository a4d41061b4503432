"""The public label: a reference to a retracted paper says so, with the date and the notice, on the article
page, the study page and in the API; pages change their ETag when a notice is recorded; nothing leaks."""

import datetime

import pytest
from django.core.cache import cache

from accounts.services import issue_api_key
from evidence.models import Status
from evidence.retractions.models import Nature, Source
from evidence.retractions.services import Found, record_notices
from tests.api.conftest import client_with
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(django_capture_on_commit_callbacks):
    """notice(study, nature=…, key=…, date=…): record a Retraction Watch notice as the import does, commit included."""

    def record(study, nature=Nature.RETRACTION, key="7001", date=datetime.date(2024, 1, 15)):
        found = Found(study.pk, key, nature, date, "Concerns about data", f"10.5555/notice.{key}")
        with django_capture_on_commit_callbacks(execute=True):
            return record_notices([found], source=Source.RETRACTION_WATCH)

    return record


@pytest.fixture
def cited(walk, writer):
    """A live article citing one live study (made-up DOI under 10.5555)."""
    study = walk(StudyFactory(citation_key="cells-2019", doi="10.5555/cells.2019"), Status.PUBLISHED)
    article = ArticleFactory(author=writer, slug="cells-summary", body="Cells helped [@cells-2019].")
    CitationFactory(article=article, study=study, position=1)
    return walk(article, Status.PUBLISHED), study


def test_a_retracted_reference_is_labelled_with_date_and_notice_on_the_article_and_study_pages(client, cited, notice):
    _article, study = cited
    notice(study)

    for url in ("/articles/cells-summary/", "/studies/cells-2019/"):
        page = client.get(url).content.decode()
        assert "<strong>Retracted</strong> 15 January 2024" in page
        assert 'href="https://doi.org/10.5555/notice.7001"' in page


def test_expressions_of_concern_and_corrections_are_labelled_and_a_reinstatement_lifts_a_retraction(
    client, cited, notice
):
    _, study = cited
    notice(study, Nature.CORRECTION, key="7002", date=datetime.date(2023, 5, 1))
    notice(study, Nature.EXPRESSION_OF_CONCERN, key="7003", date=datetime.date(2023, 6, 1))
    page = client.get("/studies/cells-2019/").content.decode()
    assert "<strong>Expression of concern</strong> 1 June 2023" in page
    assert "<strong>Correction</strong> 1 May 2023" in page

    notice(study, Nature.RETRACTION, key="7004", date=datetime.date(2024, 1, 15))
    notice(study, Nature.REINSTATEMENT, key="7005", date=datetime.date(2024, 9, 1))
    page = client.get("/studies/cells-2019/").content.decode()

    assert "Retracted" not in page and "Expression of concern" not in page
    assert "<strong>Correction</strong>" in page


def test_recording_a_notice_changes_the_etags_of_the_pages_showing_the_study(client, cited, notice):
    before = {url: client.get(url)["ETag"] for url in ("/articles/cells-summary/", "/studies/cells-2019/")}

    notice(cited[1])

    for url, etag in before.items():
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 200, url
        assert "Retracted" in response.content.decode()


def test_the_api_carries_the_same_notices_on_the_study_and_on_the_articles_reference(cited, notice):
    article, study = cited
    notice(study)
    api = client_with(issue_api_key(name="Newsletter tool")[1])
    expected = [
        {
            "nature": "retraction",
            "label": "Retracted",
            "date": "2024-01-15",
            "notice_doi": "10.5555/notice.7001",
            "notice_url": "https://doi.org/10.5555/notice.7001",
        }
    ]

    assert api.get(f"/api/v1/studies/{study.pk}/").json()["notices"] == expected
    assert api.get(f"/api/v1/articles/{article.pk}/").json()["studies"][0]["notices"] == expected
    assert api.get("/api/v1/studies/").json()["results"][0]["notices"] == expected


def test_notices_on_a_study_that_is_not_public_show_nowhere(client, walk, writer, notice):
    draft = walk(StudyFactory(citation_key="draft-study", doi="10.5555/draft.study"), Status.IN_REVIEW)
    shown = walk(StudyFactory(citation_key="shown-study", doi="10.5555/shown"), Status.PUBLISHED)
    live = ArticleFactory(author=writer, slug="shown-only", body="[@shown-study].")
    CitationFactory(article=live, study=shown, position=1)
    live = walk(live, Status.PUBLISHED)
    in_review = ArticleFactory(author=writer, slug="in-review", body="[@draft-study].")
    CitationFactory(article=in_review, study=draft, position=1)
    walk(in_review, Status.IN_REVIEW)
    notice(draft)
    cache.clear()
    api = client_with(issue_api_key(name="Newsletter tool")[1])

    assert client.get("/studies/draft-study/").status_code == 404
    assert client.get("/articles/in-review/").status_code == 404
    assert "10.5555/notice.7001" not in client.get("/articles/shown-only/").content.decode()
    assert "10.5555/notice.7001" not in api.get(f"/api/v1/articles/{live.pk}/").content.decode()
    assert "10.5555/notice.7001" not in api.get("/api/v1/studies/").content.decode()
    assert api.get(f"/api/v1/studies/{draft.pk}/").status_code == 404
