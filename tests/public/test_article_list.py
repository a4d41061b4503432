"""/articles/: filters by condition, study design and strongest evidence; pagination; bad input."""

import pytest

from evidence import selectors
from evidence.models import Population, Status, StudyDesign
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, StudyFactory

from .conftest import html

pytestmark = pytest.mark.django_db
S = Status


@pytest.fixture
def shelf(walk, writer):
    """Three live articles: one on a trial in MS, one on mice in lupus, one citing both."""
    ms, lupus = walk(ConditionFactory(slug="ms"), S.PUBLISHED), walk(ConditionFactory(slug="lupus"), S.PUBLISHED)
    trial = walk(StudyFactory(citation_key="trial", design=StudyDesign.RANDOMISED_TRIAL), S.PUBLISHED)
    mice = walk(StudyFactory(citation_key="mice", design=StudyDesign.ANIMAL, population=Population.ANIMAL), S.PUBLISHED)

    def article(title, condition, studies):
        item = ArticleFactory(author=writer, title=title)
        item.conditions.add(condition)
        for position, study in enumerate(studies, 1):
            CitationFactory(article=item, study=study, position=position)
        return walk(item, S.PUBLISHED)

    article("Trial in MS", ms, [trial])
    article("Mice with lupus", lupus, [mice])
    article("Mice and a trial", ms, [mice, trial])


def titles(response):
    page = html(response)
    return sorted(t for t in ("Trial in MS", "Mice with lupus", "Mice and a trial") if t in page)


def test_filter_by_condition(client, shelf):
    assert titles(client.get("/articles/?condition=lupus")) == ["Mice with lupus"]


def test_filter_by_a_design_the_article_cites(client, shelf):
    assert titles(client.get("/articles/?design=animal")) == ["Mice and a trial", "Mice with lupus"]


def test_filter_by_strongest_evidence_uses_the_strongest_cited_study(client, shelf):
    assert titles(client.get("/articles/?strongest=6")) == ["Mice and a trial", "Trial in MS"]
    assert titles(client.get("/articles/?strongest=2")) == ["Mice with lupus"]


def test_filters_combine(client, shelf):
    assert titles(client.get("/articles/?condition=ms&design=animal")) == ["Mice and a trial"]


def test_filters_that_match_nothing_say_so_and_offer_the_full_list(client, shelf):
    page = html(client.get("/articles/?condition=lupus&strongest=7"))
    assert "No published summary matches these filters yet." in page
    assert "Clear filters" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("condition=atlantis", "We have no published condition called “atlantis”."),
        ("design=horoscope", "“horoscope” is not a kind of study we list."),
        ("strongest=99", "“99” is not an evidence level."),
        ("strongest=abc", "“abc” is not an evidence level."),
    ],
)
def test_bad_filter_values_get_a_clear_message_not_an_error(client, shelf, query, message):
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 400
    assert message in html(response)
    assert 'role="alert"' in html(response)


def test_a_condition_that_is_not_live_is_not_a_filter_choice(client, shelf, walk):
    walk(ConditionFactory(slug="draft-condition", name="Draft condition"), S.DRAFT)
    response = client.get("/articles/?condition=draft-condition")
    assert response.status_code == 400
    assert "Draft condition" not in html(response)


def test_pagination_keeps_the_filters_and_out_of_range_pages_are_404(client, walk, writer):
    condition = walk(ConditionFactory(slug="ms"), S.PUBLISHED)
    for n in range(12):
        article = ArticleFactory(author=writer, title=f"Paged article {n:02d}")
        article.conditions.add(condition)
        walk(article, S.PUBLISHED)

    first = html(client.get("/articles/?condition=ms"))
    assert "12 summaries match your filters, showing 1\u201310." in first
    assert 'href="?condition=ms&amp;page=2"' in first
    second = client.get("/articles/?condition=ms&page=2")
    assert second.status_code == 200 and html(second).count('class="card article-card"') == 2
    assert client.get("/articles/?page=3").status_code == 404
    assert client.get("/articles/?page=two").status_code == 404


def test_cards_show_evidence_labels_without_formatting_citations(client, shelf, monkeypatch):
    """Formatting a reference costs a millisecond or more the first time; a list of cards never shows one."""
    formatted = []
    monkeypatch.setattr("evidence.citations.format.ama", lambda study: formatted.append(study) or "A reference.")

    for url in ("/articles/", "/", "/search/?q=mice"):
        assert client.get(url).status_code == 200, url
    assert formatted == []

    client.get(selectors.live_articles().first().get_absolute_url())
    assert formatted  # the article page lists its references in full


def test_kept_filter_fields_show_the_readers_choice_and_a_condition_published_since(
    client, shelf, walk, settings, django_capture_on_commit_callbacks
):
    settings.EVIDENCE_SHARED_CACHE = True  # the fields are drawn once per content version and choice of filters
    settings.EVIDENCE_RESPONSE_CACHE = False  # (the whole page would be kept too)
    client.get("/articles/")
    client.get("/articles/?condition=lupus")

    chosen = html(client.get("/articles/?condition=lupus"))
    assert '<option value="lupus" selected>' in chosen
    assert '<option value="ms">' in chosen
    assert '<option value="lupus">' in html(client.get("/articles/?page=1"))  # nothing chosen on the plain list

    with django_capture_on_commit_callbacks(execute=True):  # the content version moves once the move commits
        walk(ConditionFactory(slug="osteoarthritis", name="Osteoarthritis"), S.PUBLISHED)
        draft = walk(ConditionFactory(slug="not-yet", name="Not yet reviewed"), S.IN_REVIEW)

    again = html(client.get("/articles/"))
    assert '<option value="osteoarthritis">Osteoarthritis</option>' in again
    assert draft.name not in again
