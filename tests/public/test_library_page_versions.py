"""A study's page, a condition's page and each sitemap section are versioned by what they list: publishing
something they do not show leaves their ETags and kept copies alone; any change to what they show (an article
card, a study, a condition's name, a disclaimer) gives them new ones."""

import pytest

from evidence.models import AppliesTo, Status
from evidence.services import workflow
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, DisclaimerFactory, StudyFactory

pytestmark = pytest.mark.django_db

STUDY_PAGE, CONDITION_PAGE = "/studies/burt-2019/", "/conditions/ms/"


@pytest.fixture(params=["local", "shared"])
def cache_kind(request, settings):
    settings.EVIDENCE_SHARED_CACHE = request.param == "shared"


@pytest.fixture
def library(walk, writer, django_capture_on_commit_callbacks, cache_kind):
    """An MS page listing one article and one study about MS, which the article cites; publish(item) with its
    after-commit work."""

    def publish(item):
        with django_capture_on_commit_callbacks(execute=True):
            return walk(item, Status.PUBLISHED)

    ms = publish(ConditionFactory(name="Multiple sclerosis", slug="ms"))
    study = StudyFactory(citation_key="burt-2019")
    study.conditions.add(ms)
    study = publish(study)
    article = ArticleFactory(author=writer, slug="hsct-for-ms", title="HSCT for MS")
    article.conditions.add(ms)
    CitationFactory(article=article, study=study, position=1)
    return {"publish": publish, "ms": ms, "study": study, "article": publish(article)}


def etag(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response["ETag"]


def still_fresh(client, path, tag):
    return client.get(path, headers={"If-None-Match": tag}).status_code == 304


def test_publishing_an_unrelated_article_leaves_study_and_condition_pages_alone(client, library):
    tags = {path: etag(client, path) for path in (STUDY_PAGE, CONDITION_PAGE)}

    library["publish"](ArticleFactory(slug="something-else"))

    assert all(still_fresh(client, path, tag) for path, tag in tags.items())


def test_a_new_article_citing_the_study_renews_its_page_and_its_conditions(client, library, writer):
    tags = {path: etag(client, path) for path in (STUDY_PAGE, CONDITION_PAGE)}
    newer = ArticleFactory(author=writer, slug="msc-for-ms", title="Stem cells and MS relapses")
    newer.conditions.add(library["ms"])
    CitationFactory(article=newer, study=library["study"], position=1)

    library["publish"](newer)

    for path, tag in tags.items():
        response = client.get(path, headers={"If-None-Match": tag})
        assert response.status_code == 200, path
        assert b"Stem cells and MS relapses" in response.content


def test_an_edited_article_card_renews_the_pages_listing_it(client, library, edit):
    tags = {path: etag(client, path) for path in (STUDY_PAGE, CONDITION_PAGE)}

    edit(library["article"], title="Stem-cell transplant for MS")
    library["publish"](library["article"])

    for path, tag in tags.items():
        response = client.get(path, headers={"If-None-Match": tag})
        assert response.status_code == 200 and b"Stem-cell transplant for MS" in response.content, path


def test_a_withdrawn_article_leaves_the_pages_that_listed_it(
    client, library, editor, django_capture_on_commit_callbacks
):
    tags = {path: etag(client, path) for path in (STUDY_PAGE, CONDITION_PAGE)}

    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform("unpublish", item=library["article"], by=editor)

    for path, tag in tags.items():
        response = client.get(path, headers={"If-None-Match": tag})
        assert response.status_code == 200 and b"HSCT for MS" not in response.content, path


def test_a_renamed_condition_renews_the_study_page_naming_it(client, library, edit, editor):
    tag = etag(client, STUDY_PAGE)

    edit(library["ms"], by=editor, name="Relapsing multiple sclerosis")
    library["publish"](library["ms"])

    response = client.get(STUDY_PAGE, headers={"If-None-Match": tag})
    assert response.status_code == 200 and b"Relapsing multiple sclerosis" in response.content


def test_a_new_disclaimer_renews_the_condition_page(client, library):
    tag = etag(client, CONDITION_PAGE)
    disclaimer = DisclaimerFactory(title="Results vary between people", applies_to=AppliesTo.CONDITIONS)
    disclaimer.conditions.add(library["ms"])

    library["publish"](disclaimer)

    response = client.get(CONDITION_PAGE, headers={"If-None-Match": tag})
    assert response.status_code == 200 and b"Results vary between people" in response.content


def test_a_sitemap_section_follows_its_own_kind_only(client, library, edit):
    articles, studies = "/sitemap-articles.xml", "/sitemap-studies.xml"
    tags = {path: etag(client, path) for path in (articles, studies)}

    library["publish"](ArticleFactory(slug="a-new-summary"))

    assert still_fresh(client, studies, tags[studies])
    response = client.get(articles, headers={"If-None-Match": tags[articles]})
    assert response.status_code == 200 and b"a-new-summary" in response.content

    edit(library["study"], title="A corrected title")
    library["publish"](library["study"])
    assert not still_fresh(client, studies, tags[studies])
