"""The people in a thread are e-mailed after a new comment, a reply or a resolution, never the person acting,
and only once the transaction has committed."""

import pytest
from django.core import mail

from evidence.comments.models import Reply
from evidence.comments.services import comment_add, comment_reply, comment_resolve
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(write, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(**kwargs)

    return run


def test_a_new_comment_is_mailed_to_the_articles_author(commit, article, reviewer):
    mail.outbox.clear()
    commit(comment_add, article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")

    [message] = mail.outbox
    assert message.to == ["writer@example.com"]
    assert message.subject == f"New comment on “{article}”"
    assert "Priya Reviewer commented on the body, at “cured everyone” (revision 1)" in message.body
    assert f"/admin/evidence/article/{article.pk}/change/#comments" in message.body


def test_a_reply_reaches_everyone_in_the_thread_but_its_writer(commit, article, reviewer, other_reviewer, writer):
    comment = commit(comment_add, article=article, by=reviewer, field="body", quote="cured everyone", text="Hm.")
    commit(comment_reply, comment=comment, by=other_reviewer, text="Agreed.")
    mail.outbox.clear()

    commit(comment_reply, comment=comment, by=writer, text="Reworded.")

    [message] = mail.outbox
    assert sorted(message.to) == ["reviewer@example.com", "second.reviewer@example.com"]
    assert "Dana Writer replied" in message.body and "Reworded." in message.body


def test_a_resolution_tells_the_reviewer(commit, article, reviewer, writer):
    comment = commit(comment_add, article=article, by=reviewer, field="body", quote="cured everyone", text="Hm.")
    mail.outbox.clear()

    commit(comment_resolve, comment=comment, by=writer)

    [message] = mail.outbox
    assert message.to == ["reviewer@example.com"] and message.subject.startswith("Comment resolved")


def test_nothing_is_sent_when_the_transaction_rolls_back_or_nobody_else_is_in_the_thread(
    django_capture_on_commit_callbacks, article, reviewer
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Hm.")
    assert len(callbacks) == 1 and mail.outbox == []  # queued only for after the commit

    article.author.is_active = False
    article.author.save()
    mail.outbox.clear()
    callbacks[0]()
    assert mail.outbox == []


def test_inactive_people_and_people_without_an_address_are_left_out(commit, article, reviewer, writer):
    silent = UserFactory(email="", display_name="No Address")
    comment = commit(comment_add, article=article, by=reviewer, field="body", quote="cured everyone", text="Hm.")
    Reply.objects.create(comment=comment, author=silent, text="Me too.")
    mail.outbox.clear()
    commit(comment_reply, comment=comment, by=writer, text="Done.")

    [message] = mail.outbox
    assert message.to == ["reviewer@example.com"]
