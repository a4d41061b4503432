"""The condition page shows the newest summaries and studies, never all of them, and links to the full list."""

import pytest

from evidence.models import Status
from evidence.selectors import listings
from tests.factories import ArticleFactory, ConditionFactory, StudyFactory

from .conftest import UNPUBLISHED_STATES, html

pytestmark = pytest.mark.django_db
S = Status
LIMIT = listings.CONDITION_PAGE_ITEMS


@pytest.fixture
def condition(walk):
    return walk(ConditionFactory(slug="lupus", name="Lupus"), S.PUBLISHED)


@pytest.fixture
def about(walk, writer, condition):
    """about(n): publish n articles and n studies about the condition."""

    def publish(n):
        for i in range(n):
            study = StudyFactory(citation_key=f"lupus-study-{i}", title=f"Lupus trial {i}", year=2000 + i)
            study.save()
            study.conditions.add(condition)
            walk(study, S.PUBLISHED)
            article = ArticleFactory(author=writer, slug=f"lupus-{i}", title=f"Lupus summary {i}")
            article.conditions.add(condition)
            walk(article, S.PUBLISHED)

    return publish


def test_a_busy_condition_shows_the_newest_few_and_links_to_all_its_summaries(client, about):
    about(LIMIT + 2)
    page = html(client.get("/conditions/lupus/"))
    assert page.count('class="card article-card"') == LIMIT
    assert page.count('class="study-title"') == LIMIT
    assert f"Lupus summary {LIMIT + 1}" in page  # the newest
    assert "Lupus summary 0<" not in page and "Lupus summary 1<" not in page  # the two oldest wait on the list
    assert "Lupus trial 0<" not in page and "Lupus trial 1<" not in page
    assert 'href="/articles/?condition=lupus"' in page
    assert f"See all {LIMIT + 2} summaries" in page
    assert f"The {LIMIT} newest of the {LIMIT + 2} published studies" in page


def test_a_quiet_condition_shows_everything_without_a_see_all_link(client, about):
    about(3)
    page = html(client.get("/conditions/lupus/"))
    assert page.count('class="card article-card"') == 3
    assert page.count('class="study-title"') == 3
    assert "See all" not in page
    assert "newest of the" not in page


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_counts_and_lists_leave_out_unpublished_articles_and_studies(client, about, condition, hide, writer, state):
    about(LIMIT)
    article = ArticleFactory(author=writer, slug="secret", title="Lupus summary 99")
    article.conditions.add(condition)
    hide(article, state, title="Secret lupus summary")
    study = StudyFactory(citation_key="secret-study", title="Lupus trial 99", year=2100)
    study.conditions.add(condition)
    hide(study, state, title="Secret lupus trial")

    overview = listings.condition_overview(listings.live_condition("lupus"))
    page = html(client.get("/conditions/lupus/"))

    assert overview.article_count == LIMIT + (state == "edited_after_publishing")
    assert overview.study_count == LIMIT + (state == "edited_after_publishing")
    assert "Secret lupus" not in page
    assert "See all" not in page or state == "edited_after_publishing"


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_article_counts_per_condition_leave_out_unpublished_articles(client, condition, walk, hide, writer, state):
    for i in range(2):
        article = ArticleFactory(author=writer, slug=f"lupus-{i}")
        article.conditions.add(condition)
        walk(article, S.PUBLISHED)
    quiet = walk(ConditionFactory(slug="acne", name="Acne"), S.PUBLISHED)
    hidden = ArticleFactory(author=writer, slug="secret")
    hidden.conditions.add(condition, quiet)
    hide(hidden, state, title="Secret lupus summary")
    live = 2 + (state == "edited_after_publishing")

    counts = {c.slug: c.article_count for c in listings.conditions_with_article_counts()}

    assert counts == {"lupus": live, "acne": live - 2}
    assert f"{live} summaries" in html(client.get("/conditions/"))
    assert f"{live} summaries" in html(client.get("/"))
