"""Every list costs the same number of queries whatever its page size and however many studies articles cite."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from evidence.enquiries.models import Enquiry
from evidence.models import AppliesTo, ArticleRevision
from evidence.presenters import bodies
from tests.api.conftest import client_with
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, DisclaimerFactory, StudyFactory

pytestmark = pytest.mark.django_db

# The key is remembered from the warm-up request (evidence.api.authentication), so a list costs: the content
# version (2, without a shared cache) + the selector's queries + bulk extras (e.g. disclaimers for articles)
# + Last-Modified (1).
VERSION, LAST_MODIFIED = 2, 1
LIST_QUERIES = {
    # Not prepared yet (evidence.api.prepared): the page's revisions, their prepared items (none); then the
    # revisions with item/author/reviewer, conditions with their live revisions, citations with their studies'
    # live revisions, references, the cited studies' notices; then the live disclaimers with their conditions and
    # articles.
    "articles": VERSION + 2 + 5 + 3 + LAST_MODIFIED,
    # revisions, their conditions joined to the conditions' live revisions, their notices (retractions)
    "studies": VERSION + 3 + LAST_MODIFIED,
    "conditions": VERSION + 1 + LAST_MODIFIED,
    # revisions; their conditions and their articles, each joined to its live revision
    "disclaimers": VERSION + 3 + LAST_MODIFIED,
}


@pytest.fixture
def library(publish, writer):
    """Return build(n, citations): n published items of each kind, articles citing `citations` studies."""

    def build(n, citations):
        conditions = [publish(ConditionFactory()) for _ in range(n)]
        studies = []
        for _ in range(max(n, citations)):
            study = StudyFactory()
            study.conditions.add(conditions[0])
            studies.append(publish(study))
        for index in range(n):
            article = ArticleFactory(author=writer)
            article.conditions.add(conditions[index])
            for position, study in enumerate(studies[:citations], start=1):
                CitationFactory(article=article, study=study, position=position)
            # The disclaimer goes live first, so the article's publication is its only entry in the changes feed
            # (a disclaimer published later would add an "updated" entry for the article it is shown on).
            disclaimer = DisclaimerFactory(applies_to=AppliesTo.ARTICLES)
            disclaimer.articles.add(article)
            disclaimer.conditions.add(conditions[index])
            publish(disclaimer)
            publish(article)

    return build


def measured(api, path, django_assert_num_queries, expected):
    api.get(path)  # the key's first use is recorded once, and content types are cached
    cache.clear()  # measure an answer built from scratch, not one kept in the cache
    with django_assert_num_queries(expected):
        response = api.get(path)
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.parametrize("kind", LIST_QUERIES)
@pytest.mark.parametrize(("size", "citations"), [(1, 1), (20, 5)])
def test_list_queries_stay_constant_as_the_page_and_citations_grow(
    api, library, django_assert_num_queries, kind, size, citations
):
    library(size, citations)

    results = measured(api, f"/api/v1/{kind}/?page_size={size}", django_assert_num_queries, LIST_QUERIES[kind])

    assert len(results) == size
    if kind == "articles":
        assert all(len(article["studies"]) == citations for article in results)
        assert all(article["required_disclaimers"] for article in results)


@pytest.mark.parametrize(("size", "citations"), [(1, 1), (20, 5)])
def test_a_prepared_article_list_reads_the_page_and_its_items_in_two_queries(
    api, library, django_assert_num_queries, size, citations
):
    library(size, citations)
    path = f"/api/v1/articles/?page_size={size}"
    api.get(path)
    cache.clear()
    serialised_now = api.get(path).content
    call_command("prepare_pages", stdout=StringIO())

    results = measured(api, path, django_assert_num_queries, VERSION + 2 + LAST_MODIFIED)

    cache.clear()
    assert api.get(path).content == serialised_now  # the same answer, byte for byte, keys in the same order
    assert len(results) == size and all(len(article["studies"]) == citations for article in results)


def test_prepared_items_honour_fields_and_are_never_served_once_what_they_show_changed(api, library):
    library(3, 2)
    call_command("prepare_pages", stdout=StringIO())
    article = ArticleRevision.objects.live().order_by("pk").first()

    listed = api.get("/api/v1/articles/?fields=title,id").json()["results"]
    one = api.get(f"/api/v1/articles/{article.item_id}/?fields=slug").json()
    refused = api.get("/api/v1/articles/?fields=title,not_a_field")

    assert [list(item) for item in listed] == [["id", "title"]] * 3  # the schema's order, not the request's
    assert one == {"slug": article.slug}
    [error] = refused.json()["errors"]
    assert refused.status_code == 400 and error["parameter"] == "fields" and "not_a_field" in error["message"]

    # As when a study it cites is retitled: its public_updated_at moves, and the worker has not prepared it yet.
    ArticleRevision.objects.filter(pk=article.pk).update(
        title="Changed since it was prepared", public_updated_at=timezone.now()
    )
    cache.clear()
    assert api.get(f"/api/v1/articles/{article.item_id}/").json()["title"] == "Changed since it was prepared"
    assert "Changed since it was prepared" in [item["title"] for item in api.get("/api/v1/articles/").json()["results"]]


@pytest.mark.parametrize("size", [1, 20])
def test_an_article_list_reads_its_rendered_bodies_in_one_cache_round_trip(api, library, monkeypatch, size):
    library(size, 1)
    api.get(f"/api/v1/articles/?page_size={size}")  # renders and stores the bodies
    calls = []
    real = bodies.cache

    class Counting:
        def __getattr__(self, name):
            calls.append(name)
            return getattr(real, name)

    monkeypatch.setattr(bodies, "cache", Counting())
    cache.clear()  # the kept answer, and the bodies: rendered again, stored in one write
    assert api.get(f"/api/v1/articles/?page_size={size}").status_code == 200
    api.get(f"/api/v1/articles/?page_size={size}&fields=id,body_html")
    api.get(f"/api/v1/articles/?page_size={size}&fields=id,title")  # no page content wanted: no body read

    assert calls == ["get_many", "set_many", "get_many"]


@pytest.mark.parametrize("size", [1, 20])
def test_changes_feed_queries_stay_constant(api, library, django_assert_num_queries, size):
    library(size, 1)

    # The audit entries, then one light look-up per kind of item on the page (here one kind); the key is remembered.
    results = measured(api, f"/api/v1/changes/?type=article&page_size={size}", django_assert_num_queries, 2)

    assert len(results) == size
    with django_assert_num_queries(1 + 4):  # every kind on one page: still one look-up per kind
        api.get("/api/v1/changes/?page_size=100")


@pytest.mark.parametrize("size", [1, 20])
def test_leads_queries_stay_constant(leads_key, django_assert_num_queries, publish, size):
    condition = publish(ConditionFactory())
    for n in range(size):
        Enquiry.objects.create(
            kind="newsletter",
            email=f"r{n}@example.org",
            condition=condition,
            consent_text="Yes",
            consented_at=timezone.now(),
            confirmed_at=timezone.now(),
        )

    # The leads alone: the key is remembered from the warm-up request.
    results = measured(client_with(leads_key), f"/api/v1/leads/?page_size={size}", django_assert_num_queries, 1)

    assert len(results) == size
