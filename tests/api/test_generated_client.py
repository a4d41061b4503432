"""A typed client generated from our OpenAPI schema by openapi-python-client works against a running server:
list filters, `fields=`, details and the changes feed, as an integrator would use them."""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

from accounts.services import issue_api_key
from evidence.models import StudyDesign
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
pytestmark = [
    pytest.mark.skipif(not GENERATOR.exists(), reason="needs openapi-python-client: make install-test"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory, django_db_blocker):
    """The client package, generated from the schema the server publishes."""
    folder = tmp_path_factory.mktemp("client")
    with django_db_blocker.unblock():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    (folder / "schema.json").write_text(json.dumps(schema, default=str))
    result = subprocess.run(
        [GENERATOR, "generate", "--path", "schema.json", "--meta", "none", "--output-path", "evidence_client"],
        check=False,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (folder / "evidence_client" / "client.py").exists(), result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield lambda name: importlib.import_module(f"evidence_client.{name}")
    finally:
        sys.path.remove(str(folder))


def test_the_generated_client_lists_filters_and_follows_the_feed(generated, live_server, publish, writer):
    trial = publish(StudyFactory(design=StudyDesign.RANDOMISED_TRIAL))
    mice = publish(StudyFactory(design=StudyDesign.ANIMAL))
    for slug, study in (("trial-article", trial), ("mouse-article", mice), ("other", None)):
        article = ArticleFactory(author=writer, slug=slug)
        if study is not None:
            CitationFactory(article=article, study=study, position=1)
        publish(article)
    client = generated("client").AuthenticatedClient(base_url=live_server.url, token=issue_api_key(name="Gen")[1])
    articles_list = generated("api.articles.articles_list")
    design = generated("models.articles_list_design_item").ArticlesListDesignItem

    page = articles_list.sync(client=client, design=[design.RANDOMISED_TRIAL, design.ANIMAL], fields="id,slug")

    assert sorted(item.slug for item in page.results) == ["mouse-article", "trial-article"]
    detail = generated("api.articles.articles_retrieve").sync(client=client, lookup="trial-article")
    assert (detail.slug, detail.studies[0].citation_key) == ("trial-article", trial.citation_key)
    feed = generated("api.changes.changes_retrieve").sync(client=client, type_="article")
    assert [change.change for change in feed.results] == ["published"] * 3
