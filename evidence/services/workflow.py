"""The one place that changes the workflow status of articles, studies, conditions and disclaimers.

Each move: lock the row, check the move is allowed from the current status and
that the person may make it, change the status, write the audit entry and queue
the notifications for after the commit. Anything else is refused with a
WorkflowError that says why.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import permissions
from evidence import signals
from evidence.exceptions import WorkflowError
from evidence.models import Article, Status
from evidence.services import notifications, review_gate
from evidence.services.audit import audit

S = Status


@dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str | None  # None: the status stays as it is
    comment_required: bool = False


MOVES = {
    "submit": Move(frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.IN_REVIEW),
    "withdraw": Move(frozenset({S.IN_REVIEW}), S.DRAFT),
    "request_changes": Move(frozenset({S.IN_REVIEW}), S.CHANGES_REQUESTED, comment_required=True),
    "approve": Move(frozenset({S.IN_REVIEW}), S.APPROVED),
    "reopen": Move(frozenset({S.APPROVED, S.UNPUBLISHED, S.ARCHIVED}), S.DRAFT),
    "publish": Move(frozenset({S.APPROVED}), S.PUBLISHED),
    "schedule": Move(frozenset({S.APPROVED, S.PUBLISHED, S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED}), None),
    "unpublish": Move(frozenset({S.PUBLISHED, S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED}), None),
    "archive": Move(frozenset({S.DRAFT, S.CHANGES_REQUESTED, S.UNPUBLISHED}), S.ARCHIVED),
    "re_review": Move(frozenset({S.PUBLISHED}), None),
}

# How each move reads once done, for messages ("… cannot be approved", "“X”: approved.").
DONE = {
    "submit": "submitted for review",
    "withdraw": "withdrawn from review",
    "request_changes": "sent back with requested changes",
    "approve": "approved",
    "reopen": "reopened for editing",
    "publish": "published",
    "schedule": "scheduled",
    "unpublish": "unpublished",
    "archive": "archived",
    "re_review": "re-reviewed",
}


def _begin(action, item, by, comment):
    """Lock the row, then check the move and the person; return the locked item."""
    move = MOVES[action]
    locked = type(item).objects.select_for_update().get(pk=item.pk)
    if locked.status not in move.sources:
        raise WorkflowError(
            f"“{locked}” is {locked.get_status_display().lower()}; it cannot be {DONE[action]} from that status.",
            code=f"illegal_{action}",
        )
    if by is not None and not permissions.can(by, action, locked):
        raise WorkflowError(permissions.refusal(by, action, locked), code="permission_denied")
    if move.comment_required and not (comment or "").strip():
        raise WorkflowError("Say what needs to change: a comment is required.", code="comment_required")
    return locked


def _finish(action, item, by, comment, from_status, *, revision=None, **update):
    move = MOVES[action]
    if move.target is not None:
        update["status"] = move.target
    for name, value in update.items():
        setattr(item, name, value)
    if update:
        item.save(update_fields=[*update, "updated_at"])
    revision = revision or item.latest_revision
    audit(
        item=item,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=item.status,
        revision_number=revision.number if revision else None,
        comment=comment,
    )
    transaction.on_commit(lambda: notifications.notify(action, item=item, by=by, comment=comment))
    return item


def _announce(change, item, revision):
    """Tell listeners (caches, API changes feed, webhooks) once the change is committed."""
    transaction.on_commit(
        lambda: signals.live_content_changed.send(sender=type(item), item=item, change=change, revision=revision)
    )


def _sync(original, locked):
    """Bring the caller's instance up to date with what was saved."""
    original.refresh_from_db()
    return original


def transition(action: str, *, item, by, comment: str = ""):
    """Make a simple status move (submit, withdraw, request changes, reopen, archive)."""
    with transaction.atomic():
        locked = _begin(action, item, by, comment)
        if action == "submit" and locked.latest_revision is None:
            raise WorkflowError("Save the item once before submitting it for review.", code="nothing_to_review")
        if action == "submit" and isinstance(locked, Article):
            review_gate.before_submit(revision=locked.latest_revision)
        _finish(action, locked, by, comment, locked.status)
    return _sync(item, locked)


def approve(*, item, by, comment: str = ""):
    """Pin the revision under review as approved by a medical reviewer who did not write it."""
    with transaction.atomic():
        locked = _begin("approve", item, by, comment)
        revision = locked.latest_revision
        if isinstance(locked, Article):
            review_gate.before_approve(revision=revision)
        revision.approved_by, revision.approved_at = by, timezone.now()
        revision.save(update_fields=["approved_by", "approved_at"])
        _finish("approve", locked, by, comment, locked.status, revision=revision)
    return _sync(item, locked)


def _unpublished_dependencies(revision):
    """Studies and conditions an article revision links to that the public cannot see."""
    missing = [c.study for c in revision.citations.select_related("study") if not c.study.revisions.live().exists()]
    missing += [c for c in revision.conditions.all() if not c.revisions.live().exists()]
    return missing


def publish(*, item, by, comment: str = "", now: datetime | None = None):
    """Make the approved revision the one the public sees."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _begin("publish", item, by, comment)
        revision = locked.revisions.filter(approved_at__isnull=False).order_by("-number").first()
        if revision is None or revision.number != locked.latest_revision.number:
            raise WorkflowError("Only an approved revision can be published.", code="not_approved")
        if isinstance(locked, Article) and (missing := _unpublished_dependencies(revision)):
            names = "; ".join(str(m) for m in missing)
            raise WorkflowError(f"Publish these first, the article links to them: {names}.", code="unpublished_links")
        clash = type(revision).objects.live().exclude(item=locked)
        if hasattr(revision, "slug") and clash.filter(slug=revision.slug).exists():
            raise WorkflowError(
                f"Another live page already uses the address “{revision.slug}”; change the slug.", code="slug_taken"
            )
        was_live = locked.revisions.live().update(is_live=False) > 0
        revision.is_live, revision.published_at = True, now
        revision.save(update_fields=["is_live", "published_at"])
        update = {"publish_at": None, "first_published_at": locked.first_published_at or now}
        if isinstance(locked, Article):
            update |= _review_dates(revision.approved_by, revision.approved_at)
        _finish("publish", locked, by, comment, locked.status, revision=revision, **update)
        _announce(signals.UPDATED if was_live else signals.PUBLISHED, locked, revision)
    return _sync(item, locked)


def _review_dates(reviewer, reviewed_at):
    due = reviewed_at.date() + timedelta(days=settings.EVIDENCE_REVIEW_INTERVAL_DAYS)
    return {"last_reviewed_at": reviewed_at, "last_reviewed_by": reviewer, "next_review_due": due}


def unpublish(*, item, by, comment: str = ""):
    """Withdraw the item from the public; its working copy and revisions stay."""
    with transaction.atomic():
        locked = _begin("unpublish", item, by, comment)
        live = locked.live_revision
        if live is None:
            raise WorkflowError(f"“{locked}” is not on the public site.", code="not_live")
        citing = getattr(locked, "article_revisions", None)
        if citing is not None and (titles := list(citing.live().values_list("title", flat=True)[:5])):
            raise WorkflowError(
                f"Live articles link to this {locked._meta.verbose_name}: {'; '.join(titles)}. "
                "Remove the link there first.",
                code="still_cited",
            )
        locked.revisions.live().update(is_live=False)
        target = S.UNPUBLISHED if locked.status == S.PUBLISHED else locked.status
        _finish("unpublish", locked, by, comment, locked.status, revision=live, status=target, unpublish_at=None)
        _announce(signals.WITHDRAWN, locked, live)
    return _sync(item, locked)


def schedule(*, item, by, publish_at=None, unpublish_at=None, comment: str = ""):
    """Set when the approved revision goes live and/or when the item is withdrawn."""
    if publish_at and unpublish_at and unpublish_at <= publish_at:
        raise WorkflowError("The withdrawal time must come after the publication time.", code="bad_schedule")
    with transaction.atomic():
        locked = _begin("schedule", item, by, comment)
        if publish_at and locked.status != S.APPROVED:
            raise WorkflowError("Only an approved item can be scheduled for publication.", code="not_approved")
        note = comment or _schedule_note(publish_at, unpublish_at)
        _finish("schedule", locked, by, note, locked.status, publish_at=publish_at, unpublish_at=unpublish_at)
    return _sync(item, locked)


def _schedule_note(publish_at, unpublish_at):
    parts = []
    if publish_at:
        parts.append(f"publish at {publish_at:%Y-%m-%d %H:%M %Z}")
    if unpublish_at:
        parts.append(f"unpublish at {unpublish_at:%Y-%m-%d %H:%M %Z}")
    return "; ".join(parts) or "schedule cleared"


def re_review(*, item, by, comment: str = ""):
    """Record a medical re-review of live content that did not change; renews the review dates."""
    with transaction.atomic():
        locked = _begin("re_review", item, by, comment)
        dates = _review_dates(by, timezone.now()) if isinstance(locked, Article) else {}
        _finish("re_review", locked, by, comment, locked.status, revision=locked.live_revision, **dates)
        _announce(signals.RE_REVIEWED, locked, locked.live_revision)
    return _sync(item, locked)
