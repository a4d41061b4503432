"""A schedule names the revision it was set for: reopening, withdrawing and archiving keep or cancel it by rule,
say so, and write it in the audit trail; a live page's scheduled withdrawal is never dropped."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence import selectors
from evidence.models import AuditEntry, Status
from evidence.models.actions import Action
from evidence.services import workflow
from evidence.services.scheduling import run_due_schedules
from tests.conftest import shown_text
from tests.factories import ArticleFactory

S = Status
pytestmark = pytest.mark.django_db


def later(**delta):
    return timezone.now() + timedelta(**delta)


def schedule_entries(item):
    return list(AuditEntry.objects.for_item(item).filter(action="schedule").values_list("comment", flat=True))


def approve_again(item, writer, reviewer, edit, **changes):
    edit(item, **changes)
    workflow.perform("submit", item=item, by=writer)
    workflow.perform("approve", item=item, by=reviewer)
    item.refresh_from_db()
    return item


def test_a_schedule_names_the_approved_revision(walk, editor):
    article = walk(ArticleFactory(), S.APPROVED)

    workflow.perform("schedule", item=article, by=editor, publish_at=later(hours=1))

    article.refresh_from_db()
    assert article.publish_revision == article.latest_revision.number == 1
    assert schedule_entries(article)[0].startswith("publish revision 1 at ")


def test_reopening_cancels_the_publication_and_a_later_approval_is_not_published_by_it(
    walk, writer, reviewer, editor, edit
):
    article = walk(ArticleFactory(title="Cells for knees"), S.APPROVED)
    workflow.perform("schedule", item=article, by=editor, publish_at=later(hours=1))

    reopened = workflow.perform("reopen", item=article, by=writer)

    assert reopened.publish_at is None and reopened.publish_revision is None
    assert len(reopened.consequences) == 1
    assert "revision 1" in reopened.consequences[0] and "was cancelled" in reopened.consequences[0]
    assert any("was cancelled" in entry for entry in schedule_entries(article))

    approve_again(article, writer, reviewer, edit, title="Cells for knees, revised")
    assert run_due_schedules(now=later(hours=2))[:2] == (0, 0)
    article.refresh_from_db()
    assert article.status == S.APPROVED
    assert selectors.live_article(article.slug) is None


def test_a_schedule_left_from_another_revision_publishes_nothing(walk, writer, reviewer, editor, edit):
    """Belt and braces: even a schedule the rules above did not clear (an older database, a hand edit) only
    ever publishes the revision it names."""
    article = walk(ArticleFactory(), S.APPROVED)
    workflow.perform("reopen", item=article, by=writer)
    approve_again(article, writer, reviewer, edit, title="A second text")
    type(article).objects.filter(pk=article.pk).update(publish_at=later(minutes=-1), publish_revision=1)

    published, _, failures = run_due_schedules()

    assert published == 0
    assert "scheduled for revision 1, not revision 2" in failures[0][1]
    article.refresh_from_db()
    assert (article.publish_at, article.publish_revision) == (None, None)
    assert selectors.live_article(article.slug) is None


def test_archiving_the_draft_of_a_live_page_keeps_its_scheduled_withdrawal(walk, editor, edit):
    article = walk(ArticleFactory(), S.PUBLISHED)
    workflow.perform("schedule", item=article, by=editor, unpublish_at=later(hours=1))
    edit(article, title="An edit nobody finished")

    archived = workflow.perform("archive", item=article, by=editor)

    assert archived.status == S.ARCHIVED and archived.unpublish_at is not None
    assert "stays in force" in archived.consequences[0]
    assert selectors.live_article(article.slug) is not None
    assert run_due_schedules(now=later(hours=2))[1:] == (1, [])
    assert selectors.live_article(article.slug) is None


def test_an_archived_working_copy_leaves_a_way_to_withdraw_the_live_page(walk, editor, edit):
    article = walk(ArticleFactory(), S.PUBLISHED)
    edit(article, title="Abandoned edit")

    archived = workflow.perform("archive", item=article, by=editor)

    assert archived.consequences == ("The live page stays public; use Unpublish to withdraw it.",)
    assert Action.UNPUBLISH in workflow.available(archived, editor)
    workflow.perform("unpublish", item=archived, by=editor)
    assert selectors.live_article(article.slug) is None


def test_withdrawing_a_page_cancels_the_newer_revision_waiting_for_its_time(walk, writer, reviewer, editor, edit):
    article = walk(ArticleFactory(), S.PUBLISHED)
    approve_again(article, writer, reviewer, edit, title="Newer text")
    workflow.perform("schedule", item=article, by=editor, publish_at=later(hours=1))

    withdrawn = workflow.perform("unpublish", item=article, by=editor)

    assert withdrawn.publish_at is None
    assert "revision 2" in withdrawn.consequences[0] and "withdrawn" in withdrawn.consequences[0]
    assert run_due_schedules(now=later(hours=2))[:2] == (0, 0)
    assert selectors.live_article(article.slug) is None


def test_a_move_without_schedules_has_nothing_to_tell(walk, writer):
    article = walk(ArticleFactory(), S.APPROVED)

    assert workflow.perform("reopen", item=article, by=writer).consequences == ()


def test_the_admin_tells_what_the_move_did_to_the_schedule_and_shows_the_pending_dates(client, walk, writer, editor):
    article = walk(ArticleFactory(), S.APPROVED)
    workflow.perform("schedule", item=article, by=editor, publish_at=later(days=1), unpublish_at=later(days=9))
    change_page = reverse("admin:evidence_article_change", args=[article.pk])
    client.force_login(editor)

    page = client.get(change_page).text
    shown = timezone.localtime(article.__class__.objects.get(pk=article.pk).unpublish_at)
    assert f'value="{shown:%Y-%m-%dT%H:%M}"' in page  # saving one date keeps the other
    assert "publish revision 1 on" in page

    client.force_login(writer)
    response = client.post(
        reverse("admin:evidence_article_workflow", args=[article.pk]),
        {"action": "reopen"} | shown_text(article),
        follow=True,
    )

    told = [str(m) for m in response.context["messages"]]
    assert told[0].endswith("reopened for editing.")
    assert any("was cancelled" in message for message in told)
    assert not any("stays in force" in message for message in told)  # nothing live to withdraw yet
