"""Random query strings on every API list with a valid key: a 200, or a 400 that names each refused parameter.

(tests/api/test_schemathesis.py generates requests from the published schema;
this test also sends what the schema does not describe: unknown names, repeated
parameters, NUL characters, numbers too large for the database.)
"""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Scope
from accounts.services import issue_api_key
from evidence.api.filters import ArticleFilter, DisclaimerFilter, LeadFilter, StudyFilter
from evidence.models import Status
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, StudyFactory

from .conftest import assert_answered
from .strategies import FUZZ, hostile_text, sometimes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LIST_PARAMETERS = ["cursor", "page_size", "ordering", "fields"]
LISTS = {
    "/api/v1/articles/": [*ArticleFilter.base_filters, *LIST_PARAMETERS],
    "/api/v1/studies/": [*StudyFilter.base_filters, *LIST_PARAMETERS],
    "/api/v1/conditions/": ["search", "published_since", "updated_before", *LIST_PARAMETERS],
    "/api/v1/disclaimers/": [*DisclaimerFilter.base_filters, *LIST_PARAMETERS],
    "/api/v1/leads/": [*LeadFilter.base_filters, *LIST_PARAMETERS],
    "/api/v1/changes/": ["since", "type", "page_size"],
}
# Values each parameter accepts, so that examples also reach the filters behind a first valid one.
GOOD_VALUES = [
    "ms", "1", "7", "randomised_trial", "human", "everywhere", "newsletter", "2026-01-31T09:00:00Z",
    "-updated", "title", "title,slug", "20", "article", "stem cells",
]  # fmt: skip


@pytest.fixture
def api_key(db, walk, writer):
    """A key allowed to read leads too, with no practical rate limit, over a small live library."""
    condition = walk(ConditionFactory(slug="ms"), Status.PUBLISHED)
    study = walk(StudyFactory(citation_key="burt-2019"), Status.PUBLISHED)
    article = ArticleFactory(author=writer, body="A trial [@burt-2019].")
    article.conditions.add(condition)
    CitationFactory(article=article, study=study, position=1)
    walk(article, Status.PUBLISHED)
    raw_key = issue_api_key(name="fuzz", scopes=[Scope.LEADS], requests_per_minute=1_000_000)[1]
    return {"Authorization": f"Bearer {raw_key}"}


@pytest.mark.parametrize("path", LISTS)
def test_api_list_answers_any_query_with_results_or_a_400_naming_the_parameter(client, api_key, path):
    names = st.one_of(st.sampled_from(LISTS[path]), hostile_text)
    pairs = st.lists(st.tuples(names, sometimes(GOOD_VALUES)), max_size=4)
    seen = set()

    @FUZZ
    @given(pairs=pairs)
    def check(pairs):
        cache.clear()  # kept answers would hide the filters' work
        response = client.get(path, pairs, headers=api_key)  # a list of pairs keeps repeated names
        assert_answered(response, allowed=(200, 400))
        assert response["Content-Type"] == "application/json"
        seen.add(response.status_code)
        if response.status_code == 400:
            body = response.json()
            assert (body["status"], body["code"]) == (400, "invalid")
            refused = {error["parameter"] for error in body["errors"]}
            assert refused, "a 400 must name what to fix"
            assert refused <= {name for name, _ in pairs}
            assert all(error["message"] for error in body["errors"])

    check()
    assert seen == {200, 400}


@pytest.mark.parametrize("kind", ["articles", "studies", "conditions", "disclaimers"])
def test_api_detail_answers_any_id_or_slug_with_the_item_or_a_404(client, api_key, kind):
    @FUZZ
    @given(lookup=hostile_text)
    def check(lookup):
        response = client.get(f"/api/v1/{kind}/{quote(lookup, safe='')}/", headers=api_key)
        assert_answered(response, allowed=(200, 301, 404))
        if response.status_code == 404:
            assert response.json()["code"] == "not_found"

    check()
