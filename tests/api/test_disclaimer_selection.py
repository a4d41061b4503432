"""The bulk disclaimer look-up the API uses applies exactly the rule of `selectors.disclaimers_for`."""

import pytest

from evidence import selectors
from evidence.models import AppliesTo, Status
from tests.factories import ArticleFactory, ConditionFactory, DisclaimerFactory

pytestmark = pytest.mark.django_db


def test_bulk_disclaimers_match_the_one_article_rule_for_every_article(walk, writer, django_assert_num_queries):
    ms, lupus = walk(ConditionFactory(), Status.PUBLISHED), walk(ConditionFactory(), Status.PUBLISHED)
    articles = []
    for conditions in ([ms], [lupus], [ms, lupus], []):
        article = ArticleFactory(author=writer)
        article.conditions.add(*conditions)
        articles.append(walk(article, Status.PUBLISHED))
    walk(DisclaimerFactory(title="Everywhere"), Status.PUBLISHED)
    walk(DisclaimerFactory(title="Inactive", is_active=False), Status.PUBLISHED)
    walk(DisclaimerFactory(title="Draft"), Status.DRAFT)
    for title, applies_to, links in (
        ("About MS", AppliesTo.CONDITIONS, {"conditions": [ms]}),
        ("About both", AppliesTo.CONDITIONS, {"conditions": [ms, lupus]}),
        ("First article", AppliesTo.ARTICLES, {"articles": [articles[0]]}),
        ("Articles, but tied to MS", AppliesTo.ARTICLES, {"conditions": [ms]}),
    ):
        disclaimer = DisclaimerFactory(title=title, applies_to=applies_to)
        for name, items in links.items():
            getattr(disclaimer, name).add(*items)
        walk(disclaimer, Status.PUBLISHED)
    revisions = list(selectors.live_articles())

    with django_assert_num_queries(3) as captured:
        bulk = selectors.disclaimers_for_articles(revisions)

    # The links' id pairs are enough: no condition or article row is loaded for them.
    loaded = " ".join(query["sql"] for query in captured.captured_queries)
    assert 'FROM "evidence_condition"' not in loaded and 'FROM "evidence_article"' not in loaded

    for revision in revisions:
        expected = [d.pk for d in selectors.disclaimers_for(revision)]
        assert [d.pk for d in bulk[revision.pk]] == expected, revision
    assert any(len(found) > 2 for found in bulk.values())
