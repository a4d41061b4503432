"""Public downloads of an article's references: live content only, in reference-list order, constant queries."""

import json

import bibtexparser
import pytest
import rispy
from django.urls import reverse

from evidence.models import RevisionCitation, Status
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

pytestmark = pytest.mark.django_db

S = Status
NOT_PUBLISHED = [S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.UNPUBLISHED, S.ARCHIVED]


def download(client, slug, extension):
    return client.get(reverse("evidence:article_references", kwargs={"slug": slug, "extension": extension}))


@pytest.fixture
def live_article(walk, writer, burt_2019, wu_2014):
    walk(burt_2019, S.PUBLISHED)
    walk(wu_2014, S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="hsct-in-ms", body="Review [@pmid:24641956]. Trial [@burt-2019].")
    CitationFactory(article=article, study=burt_2019, position=1)
    CitationFactory(article=article, study=wu_2014, position=2)
    return walk(article, S.PUBLISHED)


def test_ris_lists_the_live_references_in_the_order_the_page_numbers_them(client, live_article):
    response = download(client, "hsct-in-ms", "ris")

    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="hsct-in-ms-references.ris"'
    records = rispy.loads(response.content.decode())
    assert [r["id"] for r in records] == ["wu-2014", "burt-2019"]  # first used first
    assert (records[1]["journal_name"], records[1]["start_page"], records[1]["end_page"]) == ("JAMA", "165", "174")
    assert records[0]["accession_number"] == "24641956"


def test_bibtex_reads_back_with_its_partial_author_list_and_page_range(client, live_article):
    response = download(client, "hsct-in-ms", "bib")

    library = bibtexparser.parse_string(response.content.decode())
    burt = library.entries_dict["burt-2019"]
    assert burt["author"] == "Burt, R. and others"
    assert burt["pages"] == "165--174" and burt["journal"] == "JAMA"


def test_csl_json_is_what_reference_managers_read(client, live_article):
    items = json.loads(download(client, "hsct-in-ms", "json").content)

    assert items[1] == {
        "id": "burt-2019",
        "type": "article-journal",
        "title": items[1]["title"],
        "author": [{"family": "Burt", "given": "R."}],
        "container-title": "JAMA",
        "volume": "321",
        "issue": "2",
        "page": "165-174",
        "issued": {"date-parts": [[2019]]},
    }


def test_unknown_format_is_not_found(client, live_article):
    assert download(client, "hsct-in-ms", "docx").status_code == 404


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_article_that_is_not_live_has_no_download(client, walk, writer, burt_2019, status):
    walk(burt_2019, S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="not-live", body="[@burt-2019]")
    CitationFactory(article=article, study=burt_2019)
    walk(article, status)

    for extension in ("ris", "bib", "json"):
        assert download(client, "not-live", extension).status_code == 404


def test_unpublished_edit_of_a_live_article_is_not_exported(client, live_article, edit, walk):
    secret = walk(StudyFactory(citation_key="secret-trial", title="An unpublished trial"), S.PUBLISHED)
    CitationFactory(article=live_article, study=secret, position=3)
    edit(live_article, body="Now also [@secret-trial].")

    body = download(client, "hsct-in-ms", "ris").content.decode()

    assert "secret-trial" not in body and "An unpublished trial" not in body


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_a_study_that_is_not_live_is_left_out_of_a_live_articles_download(client, live_article, walk, status):
    hidden = walk(StudyFactory(citation_key="hidden-study", title="Not public"), status)
    RevisionCitation.objects.create(revision=live_article.live_revision, study=hidden, position=9)

    for extension in ("ris", "bib", "json"):
        assert b"hidden-study" not in download(client, "hsct-in-ms", extension).content


def test_old_address_redirects_to_the_current_one(client, live_article, edit, walk):
    edit(live_article, slug="hsct-for-ms")
    walk(live_article, S.PUBLISHED)

    response = download(client, "hsct-in-ms", "ris")

    assert response.status_code == 301 and response["Location"] == "/articles/hsct-for-ms/references.ris"


def test_download_takes_the_same_queries_however_many_studies_are_cited(
    client, walk, writer, django_assert_num_queries
):
    def article_citing(count, slug):
        article = ArticleFactory(author=writer, slug=slug)
        for n in range(count):
            CitationFactory(article=article, study=walk(StudyFactory(), S.PUBLISHED), position=n + 1)
        return walk(article, S.PUBLISHED)

    article_citing(1, "one")
    article_citing(8, "eight")
    client.get("/")  # warm up anything the site caches once per process

    with django_assert_num_queries(5) as one:  # live_article() also prefetches notices
        download(client, "one", "ris")
    with django_assert_num_queries(len(one.captured_queries)):
        download(client, "eight", "ris")


def test_article_page_offers_the_downloads(client, live_article):
    html = client.get("/articles/hsct-in-ms/").content.decode()

    for extension in ("ris", "bib", "json"):
        assert f'href="/articles/hsct-in-ms/references.{extension}"' in html
