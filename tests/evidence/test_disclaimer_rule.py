"""One rule for which disclaimers a page shows, in SQL (`applying_to`) and in Python (`applies`)."""

import itertools

import pytest

from evidence import selectors
from evidence.models import AppliesTo, DisclaimerRevision, Status
from evidence.models.disclaimers import applies
from evidence.presenters.disclaimers import page_disclaimers
from tests.factories import ArticleFactory, ConditionFactory, DisclaimerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(walk, writer):
    """Two conditions, two articles, and a disclaimer for every kind of link (some linked the "wrong" way)."""
    ms, lupus = walk(ConditionFactory(), Status.PUBLISHED), walk(ConditionFactory(), Status.PUBLISHED)
    first, second = (walk(ArticleFactory(author=writer), Status.PUBLISHED) for _ in range(2))
    disclaimers = {}
    for title, applies_to, conditions, articles in (
        ("everywhere", AppliesTo.EVERYWHERE, [ms], [first]),  # links do not narrow "every page"
        ("ms", AppliesTo.CONDITIONS, [ms], []),
        ("ms and lupus", AppliesTo.CONDITIONS, [ms, lupus], []),
        ("ms, linked to the first article too", AppliesTo.CONDITIONS, [ms], [first]),
        ("first article", AppliesTo.ARTICLES, [], [first]),
        ("articles, but tied to lupus", AppliesTo.ARTICLES, [lupus], []),
    ):
        disclaimer = DisclaimerFactory(title=title, applies_to=applies_to)
        disclaimer.conditions.add(*conditions)
        disclaimer.articles.add(*articles)
        disclaimers[title] = walk(disclaimer, Status.PUBLISHED)
    walk(DisclaimerFactory(title="switched off", is_active=False), Status.PUBLISHED)
    walk(DisclaimerFactory(title="draft"), Status.DRAFT)
    return {"ms": ms, "lupus": lupus, "first": first, "second": second}


def titles(disclaimers):
    return sorted(d.title for d in disclaimers)


def test_shown_means_live_and_switched_on(library):
    shown = titles(DisclaimerRevision.objects.shown())

    assert "switched off" not in shown and "draft" not in shown
    assert len(shown) == 6


def test_a_condition_page_shows_the_general_ones_and_those_chosen_for_it(library):
    lupus = selectors.live_conditions().get(item=library["lupus"])

    assert titles(selectors.disclaimers_for_condition(lupus)) == ["everywhere", "ms and lupus"]


def test_a_page_about_nothing_in_particular_shows_only_the_general_ones(library):
    assert titles(selectors.sitewide_disclaimers()) == ["everywhere"]


def test_an_article_page_shows_those_for_its_conditions_and_for_it_each_once(library):
    article = library["first"]
    page = {"condition_ids": [library["ms"].pk, library["lupus"].pk], "article_id": article.pk}

    shown = list(DisclaimerRevision.objects.shown().applying_to(**page))

    assert titles(shown) == [
        "everywhere", "first article", "ms", "ms and lupus", "ms, linked to the first article too"
    ]  # fmt: skip


def test_the_python_form_agrees_with_the_sql_form_on_every_page(library):
    shown = list(DisclaimerRevision.objects.shown().prefetch_related("conditions", "articles"))
    links = {
        d.pk: {"conditions": {c.pk for c in d.conditions.all()}, "articles": {a.pk for a in d.articles.all()}}
        for d in shown
    }
    condition_sets = [
        set(c) for n in range(3) for c in itertools.combinations([library["ms"].pk, library["lupus"].pk], n)
    ]
    for condition_ids, article in itertools.product(condition_sets, [None, library["first"], library["second"]]):
        article_id = None if article is None else article.pk
        in_sql = DisclaimerRevision.objects.shown().applying_to(condition_ids=condition_ids, article_id=article_id)
        in_python = [
            d for d in shown if applies(d.applies_to, links[d.pk], condition_ids=condition_ids, article_id=article_id)
        ]
        assert titles(in_sql) == titles(in_python), (condition_ids, article_id)


def test_an_unknown_kind_of_disclaimer_applies_nowhere():
    assert not applies("somewhere", {}, condition_ids={1}, article_id=1)


def test_a_page_puts_chosen_disclaimers_before_the_text_and_general_ones_after(library, walk, writer):
    article = ArticleFactory(author=writer)
    article.conditions.add(library["ms"])
    walk(article, Status.PUBLISHED)
    revision = selectors.live_articles().get(item=article)

    placed = page_disclaimers(selectors.disclaimers_for(revision))

    assert [d.title for d in placed.specific] == ["ms", "ms and lupus", "ms, linked to the first article too"]
    assert [d.title for d in placed.general] == ["everywhere"]
