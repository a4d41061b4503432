"""The real worker prepares pages after a publication, and after a change to a study, in bounded batches."""

import logging

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from evidence.models import Status
from evidence.prepared import fragments
from evidence.prepared.models import PreparedArticle
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

pytestmark = [pytest.mark.usefixtures("tasks_in_database"), pytest.mark.django_db(transaction=True)]
TASK = "evidence.prepared.tasks.prepare_articles"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def current_rows():
    return set(PreparedArticle.objects.current(fragments.layout()).values_list("revision__item__slug", flat=True))


def test_the_worker_prepares_what_a_change_reaches_batch_by_batch(settings, walk, writer, edit, caplog):
    settings.EVIDENCE_PREPARE_BATCH = 2
    study = walk(StudyFactory(citation_key="shared"), Status.PUBLISHED)
    for n in range(3):
        article = ArticleFactory(author=writer, slug=f"cites-{n}")
        CitationFactory(article=article, study=study, position=1)
        walk(article, Status.PUBLISHED)
    walk(ArticleFactory(author=writer, slug="unrelated"), Status.PUBLISHED)
    run_worker()
    assert current_rows() == {"cites-0", "cites-1", "cites-2", "unrelated"}
    unrelated = PreparedArticle.objects.get(revision__item__slug="unrelated").prepared_at

    edit(study, title="Retitled")
    walk(study, Status.PUBLISHED)

    assert current_rows() == {"unrelated"}  # the others wait for the worker, and are not served meanwhile
    queued = DBTaskResult.objects.filter(task_path=TASK, status="READY")
    assert sorted(len(task.args_kwargs["args"][0]) for task in queued) == [1, 2]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="evidence.prepared.tasks"):
        run_worker()
    assert current_rows() == {"cites-0", "cites-1", "cites-2", "unrelated"}
    progress = sorted(r.getMessage() for r in caplog.records if r.name == "evidence.prepared.tasks")
    assert [line.split(" (")[0] for line in progress] == [
        "Prepared 1 of 1 article pages",
        "Prepared 2 of 2 article pages",
    ]
    assert "Retitled" in PreparedArticle.objects.get(revision__item__slug="cites-1").parts["content"]
    assert PreparedArticle.objects.get(revision__item__slug="unrelated").prepared_at == unrelated  # left alone
