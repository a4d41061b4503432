"""Every write to comment threads: start one, reply, resolve, reopen.

The rule this module owns: a thread points at text that really is in the revision it was made on, and only the
people evidence.comments.permissions names may write to it. Starting and reopening a thread lock the article's
row, as approval does (evidence.services.workflow), so a thread cannot open between the approval gate's check and
its commit. The people in the thread are e-mailed once the transaction commits (evidence.comments.tasks).
"""

from django.db import transaction
from django.utils import timezone

from evidence.comments import permissions
from evidence.comments.anchors import anchor_for, paragraphs
from evidence.comments.models import CONTEXT_CHARS, Comment, CommentedField, Reply
from evidence.comments.tasks import send_comment_email
from evidence.exceptions import NotAllowed, WorkflowError
from evidence.models import Article


@transaction.atomic
def comment_add(
    *, article, by, field: str, text: str, quote: str = "", position: int | None = None, paragraph: int | None = None
) -> Comment:
    """Start a thread on the article's latest revision, on `quote` in `field` (near `position`, an offset in the
    field's text), on paragraph `paragraph` (0 for the first), or on the whole field when both are empty."""
    if not permissions.may_comment(by):
        raise NotAllowed("Only medical reviewers and editors start comments on the text; reply in a thread instead.")
    article = Article.objects.select_for_update().get(pk=article.pk)
    revision = article.latest_revision
    if revision is None:
        raise WorkflowError("Save the article once before commenting on it.", code="no_revision")
    if field not in CommentedField.values:
        raise WorkflowError(f"Articles have no field “{field}” to comment on.", code="unknown_field")
    comment = Comment(article=article, revision=revision, field=field, text=text.strip(), author=by)
    _anchor(comment, getattr(revision, field), quote, position, paragraph)
    comment.full_clean()
    comment.save()
    transaction.on_commit(lambda: send_comment_email.enqueue("comment", comment.pk))
    return comment


def _anchor(comment, field_text, quote, position, paragraph):
    label = comment.get_field_display().lower()
    if quote.strip():
        anchor = anchor_for(field_text, quote, context=CONTEXT_CHARS, position=position)
        if anchor is None:
            raise WorkflowError(
                f"“{quote.strip()[:80]}” is not in the {label} of revision {comment.revision.number}. "
                "Select the words again in the text as it is now.",
                code="quote_not_found",
            )
        comment.quote, comment.prefix, comment.suffix = anchor.exact, anchor.prefix, anchor.suffix
        comment.paragraph = anchor.paragraph
    elif paragraph is not None:
        if not 0 <= paragraph < len(paragraphs(field_text)):
            raise WorkflowError(f"The {label} has no paragraph {paragraph + 1}.", code="no_such_paragraph")
        comment.paragraph = paragraph


@transaction.atomic
def comment_reply(*, comment, by, text: str) -> Reply:
    comment = _locked(comment)
    if not permissions.may_reply(by, comment):
        raise NotAllowed("Only the people working on this article can reply to its comments.")
    reply = Reply(comment=comment, author=by, text=text.strip())
    reply.full_clean()
    reply.save()
    transaction.on_commit(lambda: send_comment_email.enqueue("reply", comment.pk, reply.pk))
    return reply


@transaction.atomic
def comment_resolve(*, comment, by) -> Comment:
    comment = _locked(comment)
    if not permissions.may_resolve(by, comment):
        raise NotAllowed("Only a writer, or the person who started the thread, can resolve a comment.")
    if comment.is_resolved:
        raise WorkflowError(f"{comment} was already resolved by {comment.resolved_by}.", code="already_resolved")
    comment.resolved_by, comment.resolved_at = by, timezone.now()
    comment.save(update_fields=["resolved_by", "resolved_at"])
    transaction.on_commit(lambda: send_comment_email.enqueue("resolved", comment.pk))
    return comment


@transaction.atomic
def comment_reopen(*, comment, by) -> Comment:
    Article.objects.select_for_update().filter(pk=comment.article_id).first()  # in step with approval
    comment = _locked(comment)
    if not permissions.may_reopen(by, comment):
        raise NotAllowed("Only medical reviewers, editors and the people who started or resolved it can reopen it.")
    if not comment.is_resolved:
        raise WorkflowError(f"{comment} is open already.", code="not_resolved")
    comment.resolved_by, comment.resolved_at = None, None
    comment.save(update_fields=["resolved_by", "resolved_at"])
    return comment


def _locked(comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article", "revision", "resolved_by")
        .get(pk=comment.pk)
    )
