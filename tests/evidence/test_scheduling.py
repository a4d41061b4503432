"""`publish_scheduled`: publishes and withdraws what is due, once, even when two runs overlap."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from evidence import selectors
from evidence.models import Article, AuditEntry, Status
from evidence.services import workflow
from evidence.services.scheduling import run_due_schedules
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, StudyFactory

S = Status


def run_command():
    out, err = StringIO(), StringIO()
    call_command("publish_scheduled", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def schedule_due(item, editor, **moments):
    """Schedule for a time to come, as the form allows, then let that time pass: the scheduler finds it due."""
    later = {name: timezone.now() + timedelta(hours=1) for name in moments}
    workflow.perform("schedule", item=item, by=editor, **later)
    type(item).objects.filter(pk=item.pk).update(**moments)


def publications_of(item):
    return AuditEntry.objects.for_item(item).filter(action="publish").count()


@pytest.mark.django_db
def test_due_publication_goes_live_and_a_second_run_does_nothing(walk, editor):
    article = walk(ArticleFactory(), S.APPROVED)
    schedule_due(article, editor, publish_at=timezone.now() - timedelta(minutes=1))

    assert run_command()[0].strip() == "Published 1, unpublished 0, refused 0."
    assert run_command()[0].strip() == "Published 0, unpublished 0, refused 0."

    article.refresh_from_db()
    assert (article.status, article.publish_at) == (S.PUBLISHED, None)
    assert selectors.live_article(article.slug) is not None
    assert publications_of(article) == 1


@pytest.mark.django_db
def test_nothing_happens_before_the_time(walk, editor):
    article = walk(ArticleFactory(), S.APPROVED)
    schedule_due(article, editor, publish_at=timezone.now() + timedelta(hours=1))

    run_command()

    article.refresh_from_db()
    assert article.status == S.APPROVED and article.publish_at is not None
    assert selectors.live_article(article.slug) is None


@pytest.mark.django_db
def test_due_withdrawal_takes_the_page_down_once(walk, editor):
    article = walk(ArticleFactory(), S.PUBLISHED)
    schedule_due(article, editor, unpublish_at=timezone.now() - timedelta(seconds=1))

    assert run_command()[0].strip() == "Published 0, unpublished 1, refused 0."
    run_command()

    article.refresh_from_db()
    assert (article.status, article.unpublish_at) == (S.UNPUBLISHED, None)
    assert selectors.live_article(article.slug) is None
    assert AuditEntry.objects.for_item(article).filter(action="unpublish").count() == 1


@pytest.mark.django_db
def test_a_refused_publication_is_reported_and_not_retried_forever(walk, editor):
    study = walk(StudyFactory(title="Unpublished trial"), S.UNPUBLISHED)  # withdrawn: not carried in a bundle
    article = ArticleFactory()
    CitationFactory(article=article, study=study, position=1)
    walk(article, S.APPROVED)
    schedule_due(article, editor, publish_at=timezone.now() - timedelta(minutes=1))

    out, err = run_command()

    assert "refused 1" in out
    assert "Unpublished trial" in err and "Publish these first" in err
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (S.APPROVED, None)
    assert run_command()[1] == ""  # the schedule was cleared, so the next run is quiet


@pytest.mark.django_db
def test_studies_and_conditions_due_together_with_an_article_go_first(walk, editor):
    past = timezone.now() - timedelta(minutes=1)
    study, condition = walk(StudyFactory(), S.APPROVED), walk(ConditionFactory(), S.APPROVED)
    article = ArticleFactory()
    article.conditions.add(condition)
    CitationFactory(article=article, study=study, position=1)
    walk(article, S.APPROVED)
    for item in (article, study, condition):
        schedule_due(item, editor, publish_at=past)

    assert run_due_schedules()[:2] == (3, 0)
    assert selectors.live_article(article.slug) is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; the overlapping-runs path (row locks, SKIP LOCKED) needs PostgreSQL",
)
def test_two_runs_at_the_same_time_publish_each_item_exactly_once(walk, editor):
    past = timezone.now() - timedelta(minutes=1)
    articles = [walk(ArticleFactory(), S.APPROVED) for _ in range(8)]
    for article in articles:
        schedule_due(article, editor, publish_at=past)
    start, results, errors = threading.Barrier(2), [], []

    def run():
        try:
            start.wait()
            results.append(run_due_schedules())
        except Exception as error:  # surfaced below; a thread can't fail the test itself
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(published for published, _, _ in results) == len(articles)
    assert all(failed == [] for _, _, failed in results)
    assert all(publications_of(a) == 1 for a in articles)
    assert Article.objects.filter(status=S.PUBLISHED).count() == len(articles)
