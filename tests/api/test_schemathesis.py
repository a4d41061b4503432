"""Property-based tests from the published schema: no server error, and every answer matches the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.models import Scope
from accounts.services import issue_api_key
from config.wsgi import application
from evidence.models import AppliesTo, Status
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, DisclaimerFactory, StudyFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def keep_the_test_connection_open():
    """Call the real WSGI application without it closing the test's database connection.

    Django's handler closes connections when a request finishes; inside a test that
    would close the transaction the test runs in (PostgreSQL). Django's own test
    client disconnects the same receiver for the same reason.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(walk, writer):
    """The schema as a client downloads it, over a small library so details and filters find something."""
    condition = walk(ConditionFactory(slug="ms"), Status.PUBLISHED)
    study = StudyFactory(citation_key="burt-2019", doi="10.1001/jama.2018.18743")
    study.conditions.add(condition)
    walk(study, Status.PUBLISHED)
    article = ArticleFactory(author=writer, slug="stem-cells", body="A trial [@burt-2019].")
    article.conditions.add(condition)
    CitationFactory(article=article, study=study)
    walk(article, Status.PUBLISHED)
    disclaimer = DisclaimerFactory(applies_to=AppliesTo.CONDITIONS)
    disclaimer.conditions.add(condition)
    walk(disclaimer, Status.PUBLISHED)
    walk(ArticleFactory(author=writer, slug="draft"), Status.IN_REVIEW)
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture
def bearer(db):
    raw_key = issue_api_key(name="schemathesis", scopes=[Scope.LEADS], requests_per_minute=1_000_000)[1]
    return {"Authorization": f"Bearer {raw_key}"}


def test_api_answers_match_the_schema_and_never_fail(api_schema, bearer):
    """Every operation, with generated (valid and invalid) parameters and a valid key."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def check(case):
            case.call_and_validate(headers=bearer, checks=[not_a_server_error, response_schema_conformance])

        check()
