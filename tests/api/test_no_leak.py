"""No key ever sees content that is not live: lists, details, search, related items and the changes feed."""

import pytest
from django.core.cache import cache

from evidence.models import AppliesTo, Status
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, DisclaimerFactory, StudyFactory

pytestmark = pytest.mark.django_db

S = Status
NEVER_PUBLISHED = [S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED]
NOT_PUBLIC = [*NEVER_PUBLISHED, S.UNPUBLISHED, S.ARCHIVED]

KINDS = {
    "articles": lambda: ArticleFactory(slug="hidden-thing", title="Hidden zebra summary"),
    "studies": lambda: StudyFactory(citation_key="hidden-thing", title="Hidden zebra trial"),
    "conditions": lambda: ConditionFactory(slug="hidden-thing", name="Hidden zebra syndrome"),
    "disclaimers": lambda: DisclaimerFactory(title="Hidden zebra warning"),
}
CHANGE_TYPE = {"articles": "article", "studies": "study", "conditions": "condition", "disclaimers": "disclaimer"}


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_item_that_is_not_live_is_in_no_list_detail_or_search(api, walk, kind, status):
    item = walk(KINDS[kind](), status)

    assert item.pk not in ids(api.get(f"/api/v1/{kind}/"))
    assert api.get(f"/api/v1/{kind}/{item.pk}/").status_code == 404
    if kind != "disclaimers":
        assert api.get(f"/api/v1/{kind}/hidden-thing/").status_code == 404
        assert ids(api.get(f"/api/v1/{kind}/", {"search": "zebra"})) == set()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", NEVER_PUBLISHED)
def test_item_never_published_never_shows_in_the_changes_feed(api, walk, kind, status):
    walk(KINDS[kind](), status)

    assert api.get("/api/v1/changes/").json()["results"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_withdrawn_item_shows_in_the_changes_feed_only_as_a_tombstone(api, walk, kind):
    item = walk(KINDS[kind](), S.UNPUBLISHED)

    [change] = api.get("/api/v1/changes/").json()["results"]

    assert (change["type"], change["id"], change["change"]) == (CHANGE_TYPE[kind], item.pk, "withdrawn")
    assert change["title"] is None and change["slug"] is None and change["api_url"] is None


@pytest.mark.parametrize("kind", KINDS)
def test_unpublished_edit_of_a_live_item_stays_invisible(api, walk, edit, kind):
    item = walk(KINDS[kind](), S.PUBLISHED)
    field = "name" if kind == "conditions" else "title"
    edit(item, **{field: "Draft wording nobody approved"})
    feed_before = api.get("/api/v1/changes/").json()

    detail = api.get(f"/api/v1/{kind}/{item.pk}/").json()
    listed = api.get(f"/api/v1/{kind}/").json()["results"]

    assert detail[field] != "Draft wording nobody approved" and detail["revision"] == 1
    assert [entry[field] for entry in listed] == [detail[field]]
    if kind != "disclaimers":  # disclaimers are few and have no search
        assert ids(api.get(f"/api/v1/{kind}/", {"search": "nobody approved"})) == set()
    [change] = feed_before["results"]
    assert (change["change"], change["revision"], change["title"]) == ("published", 1, detail[field])


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_live_article_never_shows_a_study_or_condition_that_is_not_live(api, walk, writer, status):
    condition, study = walk(ConditionFactory(name="Lupus"), S.PUBLISHED), walk(StudyFactory(), S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="article")
    article.conditions.add(condition)
    CitationFactory(article=article, study=study)
    walk(article, S.PUBLISHED)
    # The study and condition then go back through review (a new draft revision or a withdrawal by hand).
    hidden_study = walk(StudyFactory(title="Hidden zebra trial"), status)
    hidden_condition = walk(ConditionFactory(name="Hidden zebra syndrome"), status)
    live = article.live_revision
    live.citations.create(study=hidden_study, position=2)
    live.conditions.add(hidden_condition)

    data = api.get("/api/v1/articles/article/").json()

    assert [s["id"] for s in data["studies"]] == [study.pk]
    assert [c["id"] for c in data["conditions"]] == [condition.pk]
    assert "zebra" not in str(data).lower()


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_disclaimer_that_is_not_live_is_not_required_and_lists_no_hidden_article(api, walk, writer, status):
    article = walk(ArticleFactory(author=writer, slug="article"), S.PUBLISHED)
    walk(DisclaimerFactory(title="Hidden zebra warning"), status)
    hidden_article = walk(ArticleFactory(author=writer, slug="hidden-article", title="Hidden zebra summary"), status)
    chosen = DisclaimerFactory(title="For chosen articles", applies_to=AppliesTo.ARTICLES)
    chosen.articles.add(article, hidden_article)
    walk(chosen, S.PUBLISHED)

    required = api.get("/api/v1/articles/article/").json()["required_disclaimers"]
    disclaimer = api.get(f"/api/v1/disclaimers/{chosen.pk}/").json()

    assert [d["title"] for d in required] == ["For chosen articles"]
    assert [a["slug"] for a in disclaimer["articles"]] == ["article"]
    assert "zebra" not in str(api.get("/api/v1/disclaimers/").json()).lower()


def test_inactive_disclaimer_is_not_listed_or_required(api, walk, writer):
    walk(ArticleFactory(author=writer, slug="article"), S.PUBLISHED)
    switched_off = walk(DisclaimerFactory(title="Switched off", is_active=False), S.PUBLISHED)

    assert ids(api.get("/api/v1/disclaimers/")) == set()
    assert api.get(f"/api/v1/disclaimers/{switched_off.pk}/").status_code == 404
    assert api.get("/api/v1/articles/article/").json()["required_disclaimers"] == []


def test_unpublished_edits_do_not_reorder_what_live_items_list(api, walk, edit, writer):
    """Found by the random walk (bench/leaks): conditions were listed in the order of their working copies'
    names and a disclaimer's articles by when each was last saved, so a draft rename or an unpublished save
    reordered public answers behind an unchanged ETag (a stale 304, and the order of draft names showing)."""
    alpha, beta = (walk(ConditionFactory(name=name), S.PUBLISHED) for name in ("Alpha", "Beta"))
    article = ArticleFactory(author=writer, slug="article", title="First")
    article.conditions.add(alpha, beta)
    walk(article, S.PUBLISHED)
    second = walk(ArticleFactory(author=writer, slug="second", title="Second"), S.PUBLISHED)
    chosen = DisclaimerFactory(applies_to=AppliesTo.ARTICLES)
    chosen.articles.add(article, second)
    walk(chosen, S.PUBLISHED)
    addresses = ["/api/v1/articles/article/", f"/api/v1/disclaimers/{chosen.pk}/", "/articles/article/"]
    before = {address: api.get(address) for address in addresses}

    edit(alpha, name="Zulu draft name")  # would sort last
    edit(second, summary="An unpublished save: the newest working copy")  # would sort first
    cache.clear()  # no kept copy: each answer is built again from the database

    for address, seen in before.items():
        assert api.get(address, headers={"If-None-Match": seen["ETag"]}).status_code == 304, address
        assert api.get(address).content == seen.content, address
    assert [c["name"] for c in before[addresses[0]].json()["conditions"]] == ["Alpha", "Beta"]
    assert [a["title"] for a in before[addresses[1]].json()["articles"]] == ["First", "Second"]
