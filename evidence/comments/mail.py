"""The e-mail the people in a thread get on a new comment, a reply, or a resolution: the article's author and
everyone who wrote in the thread, never the person who acted. Sent through the project's mail path
(evidence.services.notifications.send), so a failing mail server raises and the task retries."""

from evidence.services.notifications import admin_url

_SUBJECTS = {
    "comment": "New comment on “{article}”",
    "reply": "Reply to a comment on “{article}”",
    "resolved": "Comment resolved on “{article}”",
}


def _one_line(text) -> str:
    return " ".join(str(text).split())


def _name(person) -> str:
    return person.display_name or person.email


def thread_people(comment) -> set:
    return {comment.article.author, comment.author, *(reply.author for reply in comment.replies.all())}


def comment_message(kind: str, comment, reply=None) -> tuple | None:
    """(subject, body, from, to) for `kind` ("comment", "reply", "resolved"); None when nobody is to be told."""
    actor = {"comment": comment.author, "reply": reply.author if reply else None, "resolved": comment.resolved_by}[kind]
    if actor is None:  # reopened or gone since the e-mail was queued
        return None
    people = thread_people(comment) - {actor}
    to = sorted({p.email for p in people if p is not None and p.is_active and p.email})
    if not to:
        return None
    where = f"the {comment.get_field_display().lower()}"
    if comment.quote:
        where += f", at “{_one_line(comment.quote)[:200]}”"
    lines = {
        "comment": f"{_name(actor)} commented on {where} (revision {comment.revision.number}):\n\n{comment.text}\n",
        "reply": f"{_name(actor)} replied to the comment on {where}:\n\n{reply.text if reply else ''}\n\n"
        f"The comment, by {_name(comment.author)}:\n{comment.text}\n",
        "resolved": f"{_name(actor)} resolved the comment on {where}:\n\n{comment.text}\n",
    }
    body = lines[kind] + f"\nOpen it: {admin_url(comment.article)}#comments\n"
    return (_SUBJECTS[kind].format(article=_one_line(comment.article)), body, None, to)
