"""Who may do what with comments, in the terms of accounts.permissions (role permissions, never group names).

Medical reviewers and editors start threads (they read the text to judge it); writers answer and resolve them
(they change the text); anyone already in a thread may answer in it. Whoever started a thread may resolve it
too (a reviewer withdrawing a point), and the people who may start threads may reopen one.
"""

from django.apps import apps

from accounts import permissions


def _article():
    return apps.get_model("evidence", "Article")


def may_comment(user) -> bool:
    return permissions.may_review(user, _article()) or permissions.has_verb(user, "publish", _article())


def may_write(user) -> bool:
    return permissions.has_verb(user, "change", _article())


def in_thread(user, comment) -> bool:
    """The article's author, the thread's author, or someone who replied (reads prefetched replies if there)."""
    people = {comment.author_id, comment.article.author_id, *(reply.author_id for reply in comment.replies.all())}
    return user.pk in people


def may_reply(user, comment) -> bool:
    if not permissions.has_verb(user, "view", _article()):
        return False
    return may_comment(user) or may_write(user) or in_thread(user, comment)


def may_resolve(user, comment) -> bool:
    return may_write(user) or (user.is_active and user.pk == comment.author_id)


def may_reopen(user, comment) -> bool:
    return may_comment(user) or (user.is_active and user.pk in (comment.author_id, comment.resolved_by_id))
