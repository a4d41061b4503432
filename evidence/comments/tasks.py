"""The thread's e-mail, sent by the worker after the comment commits, retried with back-off
(evidence.tasks.retry_later) when the mail server fails."""

import logging

from django.tasks import task

from evidence.comments.mail import comment_message
from evidence.comments.models import Comment, Reply
from evidence.services import notifications
from evidence.tasks import retry_later

logger = logging.getLogger(__name__)


@task
def send_comment_email(kind: str, comment_id: int, reply_id: int | None = None, attempt: int = 1):
    """E-mail the people in the thread about a new comment, a reply ("reply", with `reply_id`) or a resolution."""
    comment = (
        Comment.objects.select_related("article__author", "author", "resolved_by", "revision")
        .prefetch_related("replies__author")
        .filter(pk=comment_id)
        .first()
    )
    reply = Reply.objects.select_related("author").filter(pk=reply_id).first() if reply_id else None
    message = comment_message(kind, comment, reply) if comment is not None else None
    if message is None:
        return 0
    try:
        return notifications.send([message])
    except OSError:
        again = retry_later(send_comment_email, attempt, kind, comment_id, reply_id)
        logger.warning(
            "Comment e-mail (%s, comment %s) failed (try %s); retrying: %s", kind, comment_id, attempt, again
        )
        raise
