"""Search forgives a reader's words: one-letter typos, a condition's abbreviation, and a question that names a
condition puts that condition's summaries first. Nothing it finds or suggests ever comes from a draft."""

import pytest

from evidence.models import Status
from evidence.selectors import search, search_terms
from tests.factories import ArticleFactory, ConditionFactory

from .conftest import UNPUBLISHED_STATES, html

pytestmark = pytest.mark.django_db
S = Status


@pytest.fixture
def library(walk, writer):
    """Heart failure (also "HF") and multiple sclerosis, live, with one summary each that mentions stem cells;
    the MS one, published first, mentions the heart too."""
    heart = walk(
        ConditionFactory(name="Heart failure", slug="heart-failure", synonyms=["HF", "Cardiac failure"]),
        S.PUBLISHED,
    )
    ms = walk(ConditionFactory(name="Multiple sclerosis", slug="ms", synonyms=["MS"]), S.PUBLISHED)
    other = ArticleFactory(
        author=writer,
        slug="ms-cells",
        title="Stem cells for multiple sclerosis",
        body="Stem cells were given; no harm to the heart was seen.",
    )
    other.conditions.add(ms)
    walk(other, S.PUBLISHED)
    about_heart = ArticleFactory(
        author=writer,
        slug="heart-cells",
        title="Cell therapy after a heart attack",
        body="Stem cells from bone marrow were injected into the weakened muscle.",
    )
    about_heart.conditions.add(heart)
    walk(about_heart, S.PUBLISHED)
    return heart, ms


def titles(results):
    return [article.title for article in results.articles]


def test_a_one_letter_typo_finds_what_the_reader_meant_and_says_so(client, library):
    page = html(client.get("/search/?q=hart+failure"))

    assert "Nothing matched “hart failure”, so we searched for" in page
    assert '<a href="/search/?q=heart%20failure">heart failure</a>' in page
    assert 'href="/conditions/heart-failure/"' in page
    assert "Cell therapy after a heart attack" in page


def test_a_query_that_matches_as_typed_is_not_corrected(library):
    results = search.search("heart")

    assert results.corrected == ""
    assert titles(results)[0] == "Cell therapy after a heart attack"


def test_a_conditions_abbreviation_finds_its_summaries(library):
    results = search.search("HF")

    assert [c.name for c in results.conditions] == ["Heart failure"]
    assert titles(results) == ["Cell therapy after a heart attack"]


def test_a_synonym_of_several_words_names_its_condition(library):
    assert titles(search.search("cardiac failure stem cells"))[0] == "Cell therapy after a heart attack"


def test_the_condition_a_query_names_ranks_first(client, library):
    results = search.search("stem cells for my heart")

    assert titles(results) == ["Cell therapy after a heart attack", "Stem cells for multiple sclerosis"]
    assert [c.name for c in results.conditions][:1] == ["Heart failure"]
    page = html(client.get("/search/", {"q": "stem cells for my heart"}))
    assert page.index("Cell therapy after a heart attack") < page.index("Stem cells for multiple sclerosis")


def test_a_short_word_is_never_corrected(library):
    assert search_terms.corrected("hf") == ""
    assert search_terms.corrected("xz cels") == "xz cells"


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_no_draft_is_ever_found_or_suggested(library, writer, hide, state):
    hide(ConditionFactory(name="Fish disease", slug="fish"), state, name="Zebrafish disease", synonyms=["ZD"])
    hide(ArticleFactory(author=writer, slug="fish", title="Fins regrow"), state, title="Zebrafish hearts regrow")

    for query in ("zebrafsh", "zebrafish", "ZD", "Zebrafish disease"):
        results = search.search(query)
        assert "zebra" not in results.corrected.lower()
        assert not [a for a in results.articles if "Zebrafish" in a.title]
        assert not [c for c in results.conditions if "Zebrafish" in c.name]
    assert search_terms.corrected("zebrafsh") == ""
