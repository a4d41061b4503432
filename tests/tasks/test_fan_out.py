"""A change shown on more articles than one batch records the first batch with the change and queues the rest
as background tasks in the same transaction; a real worker finishes them, and a change that rolls back
queues nothing."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from evidence.models import AppliesTo, AuditEntry, Status
from evidence.models.actions import Action
from evidence.services import workflow
from tests.factories import ArticleFactory, DisclaimerFactory

pytestmark = pytest.mark.usefixtures("tasks_in_database")
TASK = "evidence.tasks.follow_shown_change"


@pytest.fixture
def everywhere(settings, walk, writer, editor):
    """Five live articles and a live disclaimer shown on every page, reworded and approved, ready to publish."""
    settings.EVIDENCE_FAN_OUT_BATCH = 2
    articles = [walk(ArticleFactory(author=writer, slug=f"article-{n}")) for n in range(5)]
    disclaimer = walk(DisclaimerFactory(title="Not medical advice", applies_to=AppliesTo.EVERYWHERE))
    disclaimer.text = "Reworded: talk to your own doctor first."
    disclaimer.save()
    walk(disclaimer, Status.APPROVED)
    return disclaimer, articles


def told():
    """The articles told that the disclaimer's words changed."""
    entries = AuditEntry.objects.filter(action=Action.SHOWN_CHANGED, reason="disclaimer_changed")
    return set(entries.values_list("object_id", flat=True))


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks, as in production
def test_the_batches_beyond_the_first_are_recorded_by_the_worker(everywhere, editor):
    disclaimer, articles = everywhere
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)  # its first publication
    earlier = set(DBTaskResult.objects.values_list("pk", flat=True))

    workflow.perform("publish", item=disclaimer, by=editor)

    assert len(told()) == 2  # the first batch, with the change itself
    queued = DBTaskResult.objects.filter(task_path=TASK).exclude(pk__in=earlier)
    assert queued.count() == 2 and {len(task.args_kwargs["args"][1]) for task in queued} == {2, 1}

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert told() == {article.pk for article in articles}
    assert set(queued.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db
def test_a_change_that_rolls_back_queues_no_batch(everywhere, editor):
    disclaimer, _ = everywhere
    queued = DBTaskResult.objects.filter(task_path=TASK).count()  # those of its first publication

    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.perform("publish", item=disclaimer, by=editor)
        raise RuntimeError("the request failed after publishing")

    assert told() == set()
    assert DBTaskResult.objects.filter(task_path=TASK).count() == queued
