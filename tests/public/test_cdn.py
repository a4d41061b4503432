"""Behind a CDN: pages carry the tags of what they show, and a change purges exactly those tags, through a
retried background task, at a local fake of the CDN's purge API."""

import json

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from evidence.models import Status
from evidence.services import workflow
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, StudyFactory
from tests.fakes import WebhookReceiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def purge_api(settings):
    """A local stand-in for the CDN's purge API; returns use(provider) → the fake, which records each call."""
    fakes = []

    def use(provider, statuses=(200,)):
        fake = WebhookReceiver(statuses=statuses)
        fakes.append(fake)
        settings.EVIDENCE_CDN = provider
        settings.EVIDENCE_CDN_API_URL = fake.url.removesuffix("/hook")
        settings.EVIDENCE_CDN_SERVICE, settings.EVIDENCE_CDN_TOKEN = "svc-1", "secret-token"
        return fake

    yield use
    for fake in fakes:
        fake.close()


@pytest.fixture
def live_page(walk, writer):
    def publish(item):
        return walk(item, Status.PUBLISHED)

    condition = publish(ConditionFactory(slug="ms"))
    study = StudyFactory()
    study.conditions.add(condition)
    study = publish(study)
    article = ArticleFactory(author=writer, slug="hsct-for-ms")
    article.conditions.add(condition)
    CitationFactory(article=article, study=study, position=1)
    return publish(article), study, condition


def test_an_article_page_is_tagged_with_everything_it_shows(client, purge_api, live_page, writer, reviewer):
    purge_api("fastly")
    article, study, condition = live_page

    first = client.get("/articles/hsct-for-ms/")
    kept = client.get("/articles/hsct-for-ms/")  # served from the page cache, tags and all

    tags = first["Surrogate-Key"].split()
    assert {f"article-{article.pk}", f"study-{study.pk}", f"condition-{condition.pk}", f"person-{writer.pk}"} <= set(
        tags
    )
    assert f"person-{reviewer.pk}" in tags
    assert first["Cache-Tag"] == ",".join(tags)
    assert kept["Surrogate-Key"] == first["Surrogate-Key"]
    assert client.get("/articles/")["Surrogate-Key"] == "articles conditions studies"


def test_study_and_condition_pages_are_tagged_as_pages_that_list_articles(client, purge_api, live_page):
    purge_api("fastly")
    _, study, condition = live_page

    study_tags = client.get(f"/studies/{study.latest_revision.citation_key}/")["Surrogate-Key"].split()
    condition_tags = client.get("/conditions/ms/")["Surrogate-Key"].split()

    assert set(study_tags) == {f"study-{study.pk}", f"study-page-{study.pk}", f"condition-{condition.pk}"}
    assert set(condition_tags) == {f"condition-{condition.pk}", f"condition-page-{condition.pk}", "disclaimers"}
    assert client.get("/feeds/articles/")["Surrogate-Key"] == "site"


def test_an_article_dropping_a_study_purges_the_page_that_listed_it(
    purge_api, live_page, edit, walk, django_capture_on_commit_callbacks
):
    fastly = purge_api("fastly")
    article, study, _ = live_page

    with django_capture_on_commit_callbacks(execute=True):
        article.citations.all().delete()
        edit(article, body="No study is cited any more.")
        walk(article, Status.PUBLISHED)

    purged = {tag for headers, _body in fastly.requests for tag in headers["Surrogate-Key"].split()}
    assert {f"article-{article.pk}", f"study-page-{study.pk}", "site"} <= purged


def test_without_a_cdn_pages_carry_no_tags(client, live_page, settings):
    settings.EVIDENCE_CDN = ""

    assert not client.get("/articles/hsct-for-ms/").has_header("Surrogate-Key")


def test_a_study_change_purges_its_tag_and_the_articles_showing_it_at_fastly(
    purge_api, live_page, edit, walk, django_capture_on_commit_callbacks
):
    fastly = purge_api("fastly")
    article, study, _ = live_page

    with django_capture_on_commit_callbacks(execute=True):
        edit(study, title="Corrected title")
        walk(study, Status.PUBLISHED)

    purged = set()
    for headers, _body in fastly.requests:
        assert headers["Fastly-Key"] == "secret-token"
        purged |= set(headers["Surrogate-Key"].split())
    assert {f"study-{study.pk}", "studies", f"article-{article.pk}", "articles"} <= purged
    assert fastly.paths == ["/service/svc-1/purge"] * len(fastly.requests)


def test_a_withdrawal_purges_at_cloudflare_by_tag(purge_api, live_page, editor, django_capture_on_commit_callbacks):
    cloudflare = purge_api("cloudflare")
    article, study, condition = live_page

    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform("unpublish", item=article, by=editor)

    [(headers, body)] = cloudflare.requests
    assert headers["Authorization"] == "Bearer secret-token"
    # The article, the lists, the pages that listed it, and the pages about everything (feed, sitemap).
    listed_on = {f"study-page-{study.pk}", f"condition-page-{condition.pk}"}
    assert set(json.loads(body)["tags"]) == {f"article-{article.pk}", "articles", "site"} | listed_on
    assert cloudflare.paths == ["/client/v4/zones/svc-1/purge_cache"]


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks, as in production
def test_a_failed_purge_is_retried_by_the_worker_and_never_fails_the_publication(
    purge_api, live_page, editor, tasks_in_database, django_capture_on_commit_callbacks
):
    down = purge_api("fastly", statuses=(503,))
    article, _, _ = live_page

    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform("unpublish", item=article, by=editor)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert article.live_revision is None  # the withdrawal stands
    assert len(down.requests) >= 1
    results = DBTaskResult.objects.filter(task_path="evidence.tasks.purge_cdn")
    assert results.filter(status="FAILED").exists() and results.filter(status="READY").exists()  # retry waits
