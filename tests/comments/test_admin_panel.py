"""The Comments panel on an article's change page, round trip with the test client: start a thread, see it
beside the text, reply, resolve, reopen; who sees which buttons; "Revisions" opening on last reviewed → now."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from evidence.comments.models import Comment
from evidence.comments.services import comment_add
from evidence.models import Status
from evidence.services import workflow

pytestmark = pytest.mark.django_db


def _change_page(client, article):
    return client.get(reverse("admin:evidence_article_change", args=[article.pk]))


def _said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_reviewer_starts_a_thread_from_the_panel_and_sees_it_highlighted(client, article, reviewer):
    client.force_login(reviewer)
    page = _change_page(client, article)
    assert b'id="comments"' in page.content and b"Add comment" in page.content

    response = client.post(
        reverse("comments:add", args=[article.pk]),
        {"comment-field": "body", "comment-quote": "cured everyone", "comment-text": "Say what was measured."},
    )

    assert response.status_code == 302 and response.url.endswith(f"/{article.pk}/change/#comments")
    assert "Comment added" in _said(response)[0]
    page = _change_page(client, article).content.decode()
    assert "<mark>cured everyone</mark>" in page and "Say what was measured." in page
    assert "1 open of 1" in page and "Approval waits until every thread is resolved." in page
    assert '"words": "cured everyone"' in page  # the editor's highlight, as JSON for comments.js


def test_a_quote_not_in_the_text_comes_back_as_an_error(client, article, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("comments:add", args=[article.pk]),
        {"comment-field": "body", "comment-quote": "nothing like this", "comment-text": "?"},
    )
    assert "is not in the body of revision 1" in _said(response)[0]
    assert not Comment.objects.exists()


def test_writers_see_no_comment_form_and_cannot_post_one(client, article, writer):
    client.force_login(writer)
    assert b"Add comment" not in _change_page(client, article).content

    response = client.post(
        reverse("comments:add", args=[article.pk]),
        {"comment-field": "body", "comment-quote": "cured everyone", "comment-text": "Mine."},
    )
    assert "Only medical reviewers and editors" in _said(response)[0]
    assert not Comment.objects.exists()


def test_the_writer_replies_and_resolves_then_the_reviewer_reopens(client, article, writer, reviewer):
    comment = comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")
    client.force_login(writer)
    page = _change_page(client, article).content.decode()
    assert reverse("comments:resolve", args=[comment.pk]) in page
    assert reverse("comments:reopen", args=[comment.pk]) not in page

    client.post(reverse("comments:reply", args=[comment.pk]), {f"reply-{comment.pk}-text": "Reworded in rev 2."})
    client.post(reverse("comments:resolve", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.resolved_by == writer and comment.replies.get().text == "Reworded in rev 2."
    page = _change_page(client, article).content.decode()
    assert "Resolved by Dana Writer" in page and "0 open of 1" in page

    client.force_login(reviewer)
    client.post(reverse("comments:reopen", args=[comment.pk]))
    comment.refresh_from_db()
    assert not comment.is_resolved


def test_an_empty_reply_is_refused_and_get_is_not_allowed(client, article, writer, reviewer):
    comment = comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")
    client.force_login(writer)
    response = client.post(reverse("comments:reply", args=[comment.pk]), {f"reply-{comment.pk}-text": " "})
    assert "Write the reply" in _said(response)[0]
    assert client.get(reverse("comments:resolve", args=[comment.pk])).status_code == 405


def test_signed_out_visitors_are_sent_to_sign_in(client, article, reviewer):
    comment = comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")
    response = client.post(reverse("comments:resolve", args=[comment.pk]))
    assert response.status_code == 302 and "/admin/login/" in response.url
    comment.refresh_from_db()
    assert not comment.is_resolved


def test_the_panel_says_when_the_commented_words_were_removed(client, article, reviewer, writer, edit):
    comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")
    workflow.perform("request_changes", item=article, by=reviewer, comment="See the comment.")
    edit(article, body="Two small trials. Larger trials are under way.")

    client.force_login(writer)
    page = _change_page(client, article).content.decode()
    assert "The text this comment pointed at was removed." in page
    assert "<del>cured everyone</del>" in page


def test_revisions_opens_on_the_revision_last_sent_back_compared_with_now_and_lists_the_comments(
    client, article, reviewer, writer, edit
):
    comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")
    workflow.perform("request_changes", item=article, by=reviewer, comment="See the comment.")
    edit(article, body=article.body.replace("cured everyone", "helped some people"))

    client.force_login(reviewer)
    page = _change_page(client, article).content.decode()
    revisions = reverse("admin:evidence_article_revisions", args=[article.pk])
    assert f'href="{revisions}?a=1&amp;b=2"' in page

    compare = client.get(revisions, {"a": 1, "b": 2}).content.decode()
    assert "Revision 1 compared with revision 2" in compare
    assert 'id="diff-comments-heading"' in compare and "Overstated." in compare
    assert "helped some people" in compare


def test_revisions_opens_on_the_last_approved_revision_after_publication(
    client, walk, writer, reviewer, editor, edit, article
):
    workflow.perform("approve", item=article, by=reviewer)
    workflow.perform("publish", item=article, by=editor)
    edit(article, body=article.body + "\n\nAnother paragraph.")
    edit(article, body=article.body + "\n\nAnd another.")
    assert article.status == Status.DRAFT or article.latest_revision.number == 3

    client.force_login(reviewer)
    revisions = reverse("admin:evidence_article_revisions", args=[article.pk])
    assert f'href="{revisions}?a=1&amp;b=3"' in _change_page(client, article).content.decode()
