"""Random query parameters and form posts on the public site: never a 500, every refusal explained.

Hypothesis sends arbitrary Unicode, control characters, numbers too large for
the database and known parser traps (strategies.py) to the article filters,
the search and the two enquiry forms, as a visitor's browser or a bot would.
"""

import pytest
from django.core.cache import cache
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from evidence.enquiries.models import Enquiry
from evidence.models import Status, StudyDesign
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, StudyFactory

from .conftest import assert_answered
from .strategies import FUZZ, hostile_text, sometimes, usually

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def library(walk, writer):
    """A live condition, study and article, so that valid filter values find something."""
    condition = walk(ConditionFactory(slug="ms", name="Multiple sclerosis"), Status.PUBLISHED)
    study = StudyFactory(citation_key="burt-2019")
    study.save()
    study.conditions.add(condition)
    walk(study, Status.PUBLISHED)
    article = ArticleFactory(author=writer, slug="hsct", body="A trial [@burt-2019].")
    article.conditions.add(condition)
    CitationFactory(article=article, study=study, position=1)
    walk(article, Status.PUBLISHED)
    return condition


def assert_errors_are_shown(response):
    """Every error the form found is on the page, next to the name of the field it is about."""
    page = response.content.decode()
    form = response.context["form"]
    assert form.errors, "a refusal must say what was wrong"
    for name, messages in form.errors.items():
        assert escape(form.fields[name].label) in page, name
        for message in messages:
            assert escape(message) in page, message


def test_article_filters_answer_any_query_with_a_page_or_a_clear_message(library, visitor):
    filters = st.fixed_dictionaries(
        {},
        optional={
            "condition": sometimes(["ms", ""]),
            "design": sometimes([d.value for d in StudyDesign]),
            "strongest": sometimes(["1", "6", "7", ""]),
            "page": sometimes(["1", "2"]),
            "utm_source": hostile_text,  # unknown parameters are ignored
        },
    )

    seen = set()

    @FUZZ
    @given(query=filters)
    def check(query):
        cache.clear()
        response = visitor.get("/articles/", query)
        assert_answered(response, allowed=(200, 400, 404))
        seen.add(response.status_code)
        if response.status_code == 400:
            assert_errors_are_shown(response)
        elif response.status_code == 404:  # only a page number that does not exist
            assert "page" in query

    check()
    assert seen == {200, 400, 404}  # the examples reached every answer


def test_search_answers_any_query_and_shows_at_most_100_clean_characters(library, visitor):
    @FUZZ
    @given(q=hostile_text, other=st.dictionaries(hostile_text, hostile_text, max_size=3))
    def check(q, other):
        cache.clear()
        response = visitor.get("/search/", {**other, "q": q})
        assert_answered(response)
        shown = response.context["results"].query
        assert len(shown) <= 100
        assert not any(ord(c) < 32 or ord(c) == 127 for c in shown)

    check()


@pytest.mark.parametrize("path", ["/articles/", "/search/", "/", "/conditions/ms/"])
def test_raw_query_strings_never_break_a_page(library, visitor, path):
    """Whatever follows the "?": bad percent-escapes, stray "&" and "=", Unicode."""

    @FUZZ
    @given(raw=st.one_of(hostile_text, st.text(alphabet="%&=;+?0123456789abcdefABCDEFqp", max_size=60)))
    def check(raw):
        cache.clear()
        response = visitor.get(f"{path}?{raw}")
        assert_answered(response, allowed=(200, 400, 404))

    check()


@pytest.mark.parametrize("path", ["/newsletter/", "/information-packet/"])
def test_enquiry_forms_store_only_valid_posts_and_explain_every_refusal(library, visitor, path):
    posts = st.fixed_dictionaries(
        # Always sent (a browser sends every field), so valid posts are common enough to test storing.
        {
            "name": usually(["Ada Reader", "Zoë O\u2019Brien-Łukasz"]),
            "email": usually(["reader@example.org", "a@b.co"]),
            "consent": usually(["on", "true"]),
        },
        optional={
            "message": hostile_text,
            "condition": sometimes([str(library.pk), ""]),
            "website": st.one_of(st.just(""), hostile_text),  # the honeypot
        },
    )

    seen = set()

    @FUZZ
    @given(data=posts)
    def check(data):
        cache.clear()  # the rate limit would otherwise refuse the sixth example
        before = Enquiry.objects.count()
        response = visitor.post(path, data)
        assert_answered(response, allowed=(302, 400))
        seen.add(response.status_code)
        stored = Enquiry.objects.count() - before
        if response.status_code == 400:
            assert stored == 0
            assert_errors_are_shown(response)
        else:
            is_bot = bool(data.get("website", "").strip())
            assert stored == (0 if is_bot else 1)  # a bot is thanked, and nothing is kept

    check()
    assert seen == {302, 400}
