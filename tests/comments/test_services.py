"""Starting, answering, resolving and reopening threads, and who may do each."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import MARKETING, WRITER
from evidence.comments.models import Comment
from evidence.comments.services import comment_add, comment_reopen, comment_reply, comment_resolve
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_reviewer_comments_on_a_sentence_of_the_revision_under_review(article, reviewer):
    comment = comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")

    assert comment.revision == article.latest_revision
    assert (comment.quote, comment.paragraph) == ("cured everyone", 1)
    assert comment.prefix.endswith("The results ") and comment.suffix.startswith(", the authors")
    assert not comment.is_resolved


def test_a_quote_copied_with_other_spacing_is_anchored_to_the_source_words(article, reviewer):
    comment = comment_add(article=article, by=reviewer, field="body", quote="The results  cured\neveryone", text="?")

    assert comment.quote == "The results cured everyone"


def test_a_quote_that_is_not_in_the_text_is_refused(article, reviewer):
    with pytest.raises(ValidationError) as refused:
        comment_add(article=article, by=reviewer, field="body", quote="insulin independence for all", text="?")

    assert refused.value.code == "quote_not_found"
    assert not Comment.objects.exists()


def test_comments_on_a_paragraph_and_on_a_whole_field(article, editor):
    on_paragraph = comment_add(article=article, by=editor, field="body", paragraph=2, text="Cite the registry.")
    on_title = comment_add(article=article, by=editor, field="title", text="Too long.")

    assert (on_paragraph.quote, on_paragraph.paragraph) == ("", 2)
    assert (on_title.quote, on_title.paragraph) == ("", None)
    with pytest.raises(ValidationError) as refused:
        comment_add(article=article, by=editor, field="body", paragraph=7, text="?")
    assert refused.value.code == "no_such_paragraph"


def test_writers_and_marketing_cannot_start_a_thread(article, writer):
    for person in (writer, UserFactory(roles=[MARKETING])):
        with pytest.raises(PermissionDenied):
            comment_add(article=article, by=person, field="body", quote="cured everyone", text="Fine by me.")


def test_the_writer_replies_and_resolves_and_a_reviewer_reopens(article, writer, reviewer):
    comment = comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")

    comment_reply(comment=comment, by=writer, text="Will reword.")
    comment_resolve(comment=comment, by=writer)
    comment.refresh_from_db()
    assert comment.resolved_by == writer and comment.replies.get().text == "Will reword."

    comment_reopen(comment=comment, by=reviewer)
    comment.refresh_from_db()
    assert not comment.is_resolved and comment.resolved_by is None


def test_resolving_twice_or_reopening_an_open_thread_is_refused(article, writer, reviewer):
    comment = comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")
    with pytest.raises(ValidationError) as refused:
        comment_reopen(comment=comment, by=reviewer)
    assert refused.value.code == "not_resolved"

    comment_resolve(comment=comment, by=writer)
    with pytest.raises(ValidationError) as refused:
        comment_resolve(comment=comment, by=writer)
    assert refused.value.code == "already_resolved"


def test_the_thread_starter_may_resolve_but_another_reviewer_may_not(article, reviewer, other_reviewer):
    comment = comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")

    with pytest.raises(PermissionDenied):
        comment_resolve(comment=comment, by=other_reviewer)
    comment_resolve(comment=comment, by=reviewer)


def test_marketing_cannot_reply_but_anyone_in_the_thread_can(article, reviewer, writer):
    comment = comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")
    with pytest.raises(PermissionDenied):
        comment_reply(comment=comment, by=UserFactory(roles=[MARKETING]), text="Nice.")

    second_writer = UserFactory(roles=[WRITER])
    comment_reply(comment=comment, by=second_writer, text="I can take this.")
    assert comment.replies.count() == 1


def test_an_empty_comment_is_refused(article, reviewer):
    with pytest.raises(ValidationError):
        comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="   ")
