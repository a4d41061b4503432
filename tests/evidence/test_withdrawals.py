"""Withdrawals that explain themselves, schedules that can be trusted, and history that reads as sentences."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from evidence.exceptions import WorkflowError
from evidence.models import Article, AuditEntry, Status
from evidence.services import workflow
from tests.factories import ArticleFactory, ConditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(walk, writer):
    condition = walk(ConditionFactory(name="Lupus"))
    article = ArticleFactory(author=writer, slug="lupus-overview", title="Stem cells for lupus: an overview")
    article.conditions.set([condition])
    other = ArticleFactory(author=writer, slug="lupus-trial", title="One lupus trial, read closely")
    other.conditions.set([condition])
    walk(other)
    return walk(article)


def test_a_withdrawn_page_answers_410_with_its_reason_and_where_to_read_instead(client, live, editor):
    workflow.perform("unpublish", item=live, by=editor, reason="evidence_changed", comment="Internal: see ticket 12.")

    answer = client.get("/articles/lupus-overview/")
    page = answer.content.decode()
    assert answer.status_code == 410
    assert "Stem cells for lupus: an overview" in page
    assert "The evidence it rests on has changed" in page
    assert "ticket 12" not in page  # the internal note stays internal
    assert 'href="/articles/lupus-trial/"' in page
    assert "noindex" in page


def test_a_page_that_was_never_public_is_still_a_plain_404(client, walk, writer):
    walk(ArticleFactory(author=writer, slug="never-live", title="A draft nobody saw"), Status.APPROVED)
    answer = client.get("/articles/never-live/")
    assert answer.status_code == 404
    assert "A draft nobody saw" not in answer.content.decode()


def test_the_notice_shows_the_last_public_title_not_a_newer_draft(client, live, editor, edit):
    workflow.perform("unpublish", item=live, by=editor, reason="error_corrected")
    edit(live, title="A secret new working title")
    page = client.get("/articles/lupus-overview/").content.decode()
    assert "Stem cells for lupus: an overview" in page
    assert "A secret new working title" not in page


def test_an_unknown_public_reason_is_refused(live, editor):
    with pytest.raises(WorkflowError, match="not one of the public reasons"):
        workflow.perform("unpublish", item=live, by=editor, reason="because")
    live.refresh_from_db()
    assert live.live_revision is not None


def test_the_admin_asks_for_confirmation_and_a_reason_before_withdrawing(client, live, editor):
    client.force_login(editor)
    change = client.get(f"/admin/evidence/article/{live.pk}/change/").content.decode()
    assert f'href="/admin/evidence/article/{live.pk}/withdraw/"' in change

    url = f"/admin/evidence/article/{live.pk}/withdraw/"
    asked = client.get(url).content.decode()
    assert "A newer summary replaces it" in asked and "Internal note" in asked
    refused = client.post(url, {"comment": "No reason picked."}).content.decode()
    assert "Choose the reason readers will see" in refused
    live.refresh_from_db()
    assert live.live_revision is not None

    client.post(url, {"reason": "superseded", "comment": "Replaced by the 2026 review."})
    live.refresh_from_db()
    assert live.live_revision is None and live.withdrawal_reason == "superseded"
    assert AuditEntry.objects.for_item(live).filter(action="unpublish", comment="Replaced by the 2026 review.")


def test_an_unchanged_withdrawn_page_comes_back_without_a_new_round(client, live, editor):
    workflow.perform("unpublish", item=live, by=editor, reason="under_re_review")
    assert "republish" in workflow.available(live, editor)

    workflow.perform("republish", item=live, by=editor)
    live.refresh_from_db()
    assert live.status == Status.PUBLISHED and live.live_revision.number == 1
    assert (live.withdrawn_at, live.withdrawal_reason) == (None, "")
    assert client.get("/articles/lupus-overview/").status_code == 200


def test_an_edited_or_overdue_page_needs_a_new_review_to_come_back(live, editor, edit, writer):
    workflow.perform("unpublish", item=live, by=editor, reason="error_corrected")
    Article.objects.filter(pk=live.pk).update(next_review_due=datetime.date(2020, 1, 1))
    live.refresh_from_db()
    assert "republish" not in workflow.available(live, editor)
    with pytest.raises(WorkflowError, match="was due on 01 Jan 2020"):
        workflow.perform("republish", item=live, by=editor)

    Article.objects.filter(pk=live.pk).update(next_review_due=datetime.date(2099, 1, 1))
    workflow.perform("reopen", item=live, by=writer)
    edit(live, body="Corrected wording.")
    with pytest.raises(WorkflowError):
        workflow.perform("republish", item=live, by=editor)


def test_a_schedule_in_the_past_is_refused(walk, writer, editor):
    article = walk(ArticleFactory(author=writer), Status.APPROVED)
    with pytest.raises(WorkflowError, match="has already passed") as refused:
        workflow.perform("schedule", item=article, by=editor, publish_at=timezone.now() - datetime.timedelta(hours=1))
    assert refused.value.code == "schedule_in_past"
    article.refresh_from_db()
    assert article.publish_at is None


def test_cancel_schedule_clears_both_dates_and_says_so(client, walk, writer, editor):
    article = walk(ArticleFactory(author=writer), Status.APPROVED)
    soon = timezone.now() + datetime.timedelta(days=1)
    workflow.perform("schedule", item=article, by=editor, publish_at=soon, unpublish_at=soon + datetime.timedelta(1))
    client.force_login(editor)
    page = client.get(f"/admin/evidence/article/{article.pk}/change/").content.decode()
    assert "Cancel schedule" in page and "withdraw the public page on" in page

    told = client.post(
        f"/admin/evidence/article/{article.pk}/workflow/", {"action": "cancel_schedule"}, follow=True
    ).content.decode()
    assert "nothing is scheduled any more" in told
    article.refresh_from_db()
    assert article.publish_at is None and article.unpublish_at is None


def test_workflow_mail_names_the_person_not_their_credentials(
    walk, writer, reviewer, django_capture_on_commit_callbacks
):
    reviewer.credentials = "MD, PhD"
    reviewer.save()
    article = walk(ArticleFactory(author=writer, title="A careful summary"), Status.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform("request_changes", item=article, by=reviewer, comment="Please cite the trial.")
    body = mail.outbox[-1].body
    assert body.startswith("“A careful summary” was sent back with requested changes by Priya Reviewer.")
    assert "MD, PhD" not in body


def test_history_does_not_repeat_a_state_in_its_own_words(client, live, editor):
    client.force_login(editor)
    page = client.get(f"/admin/evidence/article/{live.pk}/change/").content.decode()
    assert "Published → published" not in page and "Published; now published" not in page
    assert "Submitted for review; now in review" in page


def test_the_article_list_shows_what_is_scheduled_and_when(client, walk, writer, editor):
    article = walk(ArticleFactory(author=writer, title="Scheduled summary"), Status.APPROVED)
    workflow.perform("schedule", item=article, by=editor, publish_at=timezone.now() + datetime.timedelta(days=3))
    client.force_login(editor)
    page = client.get("/admin/evidence/article/").content.decode()
    assert '<span class="scheduled">goes live' in page
