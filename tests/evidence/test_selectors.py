"""The public selectors: only live revisions, never a draft, in a fixed number of queries."""

import pytest

from evidence import selectors
from evidence.models import AppliesTo, RevisionCitation, Status
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, DisclaimerFactory, StudyFactory

pytestmark = pytest.mark.django_db

S = Status
NOT_PUBLISHED = [S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.UNPUBLISHED, S.ARCHIVED]


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_article_that_is_not_published_is_not_public(walk, writer, status):
    article = walk(ArticleFactory(author=writer, slug="not-yet"), status)

    assert not selectors.live_articles().filter(item=article).exists()
    assert selectors.live_article("not-yet") is None


def test_published_article_is_public(walk, writer):
    article = walk(ArticleFactory(author=writer, slug="out-now"), S.PUBLISHED)

    assert [revision.item_id for revision in selectors.live_articles()] == [article.pk]
    assert selectors.live_article("out-now").item_id == article.pk


def test_draft_edit_of_a_published_article_is_invisible(walk, edit, writer):
    article = walk(ArticleFactory(author=writer, slug="out-now", title="Live title", body="Live body"), S.PUBLISHED)

    edit(article, title="Draft title", body="Draft body")

    live = selectors.live_article("out-now")
    assert (live.title, live.body, live.number) == ("Live title", "Live body", 1)
    assert selectors.live_articles().filter(item=article).count() == 1


def test_live_citations_leave_out_a_study_that_is_not_live(walk, writer):
    live_study = walk(StudyFactory(), S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="cites-two")
    CitationFactory(article=article, study=live_study, position=1)
    walk(article, S.PUBLISHED)
    # A study that is not public turns up in the live revision (say, data repaired by hand).
    draft_study = walk(StudyFactory(), S.DRAFT)
    RevisionCitation.objects.create(revision=article.live_revision, study=draft_study, position=2)

    live = selectors.live_article("cites-two")

    assert [citation.study_id for citation in live.live_citations] == [live_study.pk]
    assert live.live_citations[0].live_study.number == 1
    assert live.live_citations[0].live_study.is_live


def test_live_citations_keep_the_writers_order(walk, writer):
    first, second = walk(StudyFactory(), S.PUBLISHED), walk(StudyFactory(), S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="ordered")
    CitationFactory(article=article, study=second, position=2)
    CitationFactory(article=article, study=first, position=1)
    walk(article, S.PUBLISHED)

    assert [c.study_id for c in selectors.live_article("ordered").live_citations] == [first.pk, second.pk]


def test_redirect_slug_follows_a_published_slug_change(walk, edit, writer, reviewer, editor):
    article = walk(ArticleFactory(author=writer, slug="stem-cells"), S.PUBLISHED)
    edit(article, slug="stem-cells-for-ms")
    assert selectors.article_redirect_slug("stem-cells") is None  # the new slug is not live yet

    walk(article, S.PUBLISHED)

    assert selectors.article_redirect_slug("stem-cells") == "stem-cells-for-ms"
    assert selectors.live_article("stem-cells") is None
    assert selectors.article_redirect_slug("stem-cells-for-ms") is None


def test_redirect_slug_ignores_slugs_that_were_never_public(walk, edit, writer):
    article = walk(ArticleFactory(author=writer, slug="working-title"), S.DRAFT)
    edit(article, slug="final-title")
    walk(article, S.PUBLISHED)

    assert selectors.article_redirect_slug("working-title") is None
    assert selectors.article_redirect_slug("no-such-article") is None


def test_redirect_slug_is_none_once_the_article_is_unpublished(walk, edit, writer, editor):
    article = walk(ArticleFactory(author=writer, slug="old"), S.PUBLISHED)
    edit(article, slug="new")
    walk(article, S.UNPUBLISHED)

    assert selectors.article_redirect_slug("old") is None


def test_live_conditions_and_studies_leave_out_drafts(walk):
    live_condition, draft_condition = walk(ConditionFactory(), S.PUBLISHED), walk(ConditionFactory(), S.DRAFT)
    live_study, draft_study = walk(StudyFactory(), S.PUBLISHED), walk(StudyFactory(), S.IN_REVIEW)

    assert [c.item_id for c in selectors.live_conditions()] == [live_condition.pk]
    assert [s.item_id for s in selectors.live_studies()] == [live_study.pk]
    assert draft_condition.pk not in {c.item_id for c in selectors.live_conditions()}
    assert draft_study.pk not in {s.item_id for s in selectors.live_studies()}


def test_disclaimers_for_an_article_are_the_live_active_ones_that_apply(walk, writer):
    condition = walk(ConditionFactory(), S.PUBLISHED)
    article = ArticleFactory(author=writer)
    article.conditions.add(condition)
    walk(article, S.PUBLISHED)
    everywhere = walk(DisclaimerFactory(title="Everywhere"), S.PUBLISHED)
    about_condition = DisclaimerFactory(title="About the condition", applies_to=AppliesTo.CONDITIONS)
    about_condition.conditions.add(condition)
    walk(about_condition, S.PUBLISHED)
    elsewhere = DisclaimerFactory(title="Another article", applies_to=AppliesTo.ARTICLES)
    elsewhere.articles.add(ArticleFactory())
    walk(elsewhere, S.PUBLISHED)
    for_this_article = DisclaimerFactory(title="For this article", applies_to=AppliesTo.ARTICLES)
    for_this_article.articles.add(article)
    walk(for_this_article, S.PUBLISHED)
    walk(DisclaimerFactory(title="Draft"), S.DRAFT)
    walk(DisclaimerFactory(title="Inactive", is_active=False), S.PUBLISHED)

    shown = selectors.disclaimers_for(selectors.live_article(article.slug))

    assert [d.title for d in shown] == ["For this article", "About the condition", "Everywhere"]
    assert {d.item_id for d in shown} == {for_this_article.pk, about_condition.pk, everywhere.pk}


def _touch_everything_a_list_shows(revisions):
    for revision in revisions:
        assert revision.item.pk and revision.author.byline
        _ = revision.item.last_reviewed_by
        for condition in revision.conditions.all():
            assert condition.live_condition.is_live
        for citation in revision.live_citations:
            assert citation.live_study.is_live
        list(revision.references.all())


@pytest.mark.parametrize(("articles", "citations"), [(1, 1), (10, 5)])
def test_live_articles_list_takes_a_fixed_number_of_queries(
    walk, writer, django_assert_num_queries, articles, citations
):
    condition = walk(ConditionFactory(), S.PUBLISHED)
    studies = [walk(StudyFactory(), S.PUBLISHED) for _ in range(citations)]
    for _ in range(articles):
        article = ArticleFactory(author=writer)
        article.conditions.add(condition)
        for position, study in enumerate(studies, start=1):
            CitationFactory(article=article, study=study, position=position)
        walk(article, S.PUBLISHED)

    # 1 revisions with item/author/reviewer + conditions joined to their live revisions + citations joined
    # to the cited studies' live revisions + references.
    with django_assert_num_queries(4):
        revisions = list(selectors.live_articles())
        _touch_everything_a_list_shows(revisions)

    assert len(revisions) == articles
    assert all(len(revision.live_citations) == citations for revision in revisions)
