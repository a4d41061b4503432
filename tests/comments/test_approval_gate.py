"""Approval waits while a comment thread on the text is open (a rule Wagtail's comments do not have)."""

import pytest
from django.core.exceptions import ValidationError

from evidence.comments.selectors import unresolved_for
from evidence.comments.services import comment_add, comment_reopen, comment_resolve
from evidence.models import Status
from evidence.services import workflow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _open_thread(article, by, quote="cured everyone"):
    return comment_add(article=article, by=by, field="body", quote=quote, text="Overstated.")


def test_approval_is_refused_while_a_thread_is_open_and_says_how_many(article, reviewer, other_reviewer):
    _open_thread(article, reviewer)
    _open_thread(article, other_reviewer, quote="Larger trials")

    with pytest.raises(ValidationError) as refused:
        workflow.perform("approve", item=article, by=reviewer)

    assert refused.value.code == "unresolved_comments"
    assert "2 comment threads on the text are still open" in refused.value.message
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.latest_revision.approved_at is None


def test_approval_goes_through_once_the_writer_resolved_every_thread(article, writer, reviewer):
    comment = _open_thread(article, reviewer)
    comment_resolve(comment=comment, by=writer)

    workflow.perform("approve", item=article, by=reviewer)

    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_a_reopened_thread_blocks_again(article, writer, reviewer):
    comment = _open_thread(article, reviewer)
    comment_resolve(comment=comment, by=writer)
    comment_reopen(comment=comment, by=reviewer)

    with pytest.raises(ValidationError) as refused:
        workflow.perform("approve", item=article, by=reviewer)
    assert refused.value.code == "unresolved_comments"


def test_a_thread_started_on_the_live_revision_holds_up_the_next_approval(edit, writer, reviewer, editor, article):
    workflow.perform("approve", item=article, by=reviewer)
    workflow.perform("publish", item=article, by=editor)
    comment = _open_thread(article, reviewer)  # on the live revision, after its approval
    edit(article, body=article.body + "\n\nA new paragraph.")
    workflow.perform("submit", item=article, by=writer)

    assert list(unresolved_for(article.latest_revision)) == [comment]
    with pytest.raises(ValidationError) as refused:
        workflow.perform("approve", item=article, by=reviewer)
    assert refused.value.code == "unresolved_comments"


def test_resolved_threads_and_other_articles_threads_do_not_count(article, writer, reviewer, walk):
    other = walk(ArticleFactory(author=writer, body="The results cured everyone."), Status.IN_REVIEW)
    _open_thread(other, reviewer)
    comment_resolve(comment=_open_thread(article, reviewer), by=writer)

    assert not unresolved_for(article.latest_revision).exists()
