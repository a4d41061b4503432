"""The one door for every workflow move on articles, studies, conditions and disclaimers.

`perform(action, item=…, by=…)` locks the row, checks the move against the
table in `evidence.models.actions` (where it may start, who may make it,
whether a comment is needed), makes it, and writes everything that must not be
lost in the same transaction: the audit entry (which is also the API's change
log) and, through `live_content_changed`, the webhook outbox rows. What may be
retried (e-mail, webhook delivery, cache refresh) is queued as background
tasks once the transaction commits.

`available(item, user)` lists the moves a person can make now; the admin draws
its buttons from it. A refused move raises `WorkflowError` (a ValidationError)
or `NotAllowed` (a PermissionDenied).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import permissions
from evidence import signals
from evidence.exceptions import NotAllowed, WorkflowError
from evidence.models import Article, ClaimFinding, SourceExemption, Status, Study
from evidence.models.actions import BUTTON_ORDER, STEPS, Action
from evidence.models.base import WithdrawalReason
from evidence.services import bundles, dependencies, review_gate
from evidence.services.audit import audit

S = Status


@dataclass(frozen=True)
class Outcome:
    """What a move's own work tells the audit entry: the revision it concerns, and a note for the comment."""

    revision: object = None
    note: str = ""
    # What else the move did that the person should know, each also written to the audit trail as a schedule
    # entry: "The publication of revision 3 scheduled for … was cancelled: …".
    consequences: tuple[str, ...] = ()
    # The bundled studies and conditions moved beside an article: their people hear in the article's e-mail.
    carried: tuple = ()


def perform(
    action,
    *,
    item,
    by,
    comment: str = "",
    skip_permission_checks: bool = False,
    read=None,
    bundled_with=None,
    **details,
):
    """Make `action` on `item` as `by`; return `item`, refreshed, with `item.consequences`: what else the move
    did that the person should be told (a schedule it cancelled or kept). `details` are the action's own inputs
    (publish: now, scheduled_revision; schedule: publish_at, unpublish_at; acknowledge_finding: finding).

    `read` is what the person was shown, (revision number, `Revision.text_digest()`), for the moves that decide
    on a text (`Step.reads`): if another revision was saved since, the move is refused, so nobody approves,
    publishes or re-reviews text they did not see. The admin always sends it; code acting on its own may not.

    `skip_permission_checks` is for the system acting on a decision already made and audited (scheduled
    publication): the move is still checked against the item's status and recorded without a person.

    `bundled_with` is the article whose move carries this item along (evidence.services.bundles): the item's
    move is recorded as usual, but its people are told in the article's e-mail, one per person per round.
    """
    try:
        action = Action(action)
        move = MOVES[action]
    except (ValueError, KeyError):
        raise WorkflowError(f"“{action}” is not a workflow action.", code="unknown_action") from None
    if by is None and not skip_permission_checks:
        raise NotAllowed("Sign in to change the workflow status.")
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock(action, item, by, comment, check_person=not skip_permission_checks)
        if read is not None:
            _check_read(action, locked, read)
        from_status = locked.status
        outcome = move(locked, by=by, comment=comment, **details) or Outcome()
        _record(
            action, locked, by, outcome.note or comment, from_status=from_status, revision=outcome.revision,
            bundled_with=bundled_with, carried=outcome.carried,
        )  # fmt: skip
        for consequence in outcome.consequences:
            audit(item=locked, actor=by, action=Action.SCHEDULE, to_status=locked.status, comment=consequence)
    item.refresh_from_db()
    item.consequences = outcome.consequences
    return item


_ARTICLE_ONLY = (Action.EXEMPT_SOURCES, Action.REVOKE_EXEMPTION)


def available(item, user) -> list[Action]:
    """The moves `user` can make on `item` now, in the order people take them."""
    live = None
    found = []
    for action in (*BUTTON_ORDER, Action.SCHEDULE, Action.ACKNOWLEDGE_FINDING, *_ARTICLE_ONLY):
        if action in _ARTICLE_ONLY and not isinstance(item, Article):
            continue
        step = STEPS[action]
        if item.status not in step.sources or not permissions.can(user, step, item):
            continue
        if action == Action.UNPUBLISH:
            live = item.revisions.filter(is_live=True).exists() if live is None else live
            if not live:
                continue
        if action == Action.REPUBLISH and republish_refusal(item):
            continue
        found.append(action)
    return found


def refusal(item, user, action=Action.APPROVE) -> str:
    """Why `user` may not take `action` on `item` now (empty when they may)."""
    step = STEPS[Action(action)]
    if permissions.can(user, step, item):
        return ""
    return permissions.refusal(user, step, step.phrase(action), item)


# -- what every move shares ----------------------------------------------------------------------


def _lock(action, item, by, comment, *, check_person):
    """Lock the row, then check the move, the person and the comment; return the locked item."""
    step = STEPS[action]
    locked = type(item).objects.select_for_update().get(pk=item.pk)
    if locked.status not in step.sources:
        raise WorkflowError(
            f"“{locked}” is {locked.get_status_display().lower()}; it cannot be {step.done} from that status.",
            code=f"illegal_{action}",
        )
    if check_person and not permissions.can(by, step, locked):
        raise NotAllowed(permissions.refusal(by, step, step.phrase(action), locked))
    if step.comment_prompt and not comment:
        raise WorkflowError(step.comment_prompt, code="comment_required")
    return locked


def _check_read(action, item, read):
    """Refuse the move when the text it decides on is not the one the person was shown."""
    step = STEPS[action]
    if not step.reads:
        return
    revision = item.latest_revision if step.reads == "latest" else item.live_revision
    number, digest = read
    if revision is not None and revision.number == number and revision.text_digest() == digest:
        return
    now = f"revision {revision.number}" if revision is not None else "no revision"
    saved_by = f", saved by {revision.created_by.byline}" if revision is not None and revision.created_by else ""
    raise WorkflowError(
        f"This text changed while you were reading: you were shown revision {number}, and “{item}” now has {now}"
        f"{saved_by}. Nothing was {step.done}. Compare the two under History, then decide again.",
        code="changed_while_reading",
    )


def _update(item, **fields):
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=[*fields, "updated_at"])


def _record(action, item, by, comment, *, from_status, revision, bundled_with=None, carried=()):
    """Move to the step's target status, write the audit entry and tell listeners (e-mail waits for the commit)."""
    step = STEPS[action]
    if step.target is not None and item.status != step.target:
        _update(item, status=step.target)
    revision = revision or item.latest_revision
    entry = audit(
        item=item,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=item.status,
        revision_number=revision.number if revision else None,
        comment=comment,
    )
    signals.workflow_move_recorded.send(sender=type(item), entry=entry, bundled_with=bundled_with, carried=carried)


def _announce(change, item, revision, by):
    """Keep the record of what live articles show, and tell listeners, inside the transaction: the webhook
    outbox and the feed entries of every article showing `item` are written with the move or not at all."""
    pages = dependencies.follow(item, change, revision, by=by)
    signals.live_content_changed.send(sender=type(item), item=item, change=change, revision=revision, pages=pages)


def _review_dates(reviewer, reviewed_at):
    due = reviewed_at.date() + timedelta(days=settings.EVIDENCE_REVIEW_INTERVAL_DAYS)
    return {"last_reviewed_at": reviewed_at, "last_reviewed_by": reviewer, "next_review_due": due}


# -- each move's own work (the status change and the audit entry are _record's) ----------------------


def _submit(item, *, by, comment="", **_):
    if item.latest_revision is None:
        raise WorkflowError("Save the item once before submitting it for review.", code="nothing_to_review")
    if isinstance(item, Article):
        review_gate.before_submit(revision=item.latest_revision)
        return _with_bundle("submit", item, by, comment)
    if isinstance(item, Study) and not item.design:
        raise WorkflowError(
            f"“{item}” has no study design yet (its imported entry did not say): set it before submitting.",
            code="design_not_set",
        )
    return None


def _with_bundle(action, article, by, comment="", now=None):
    """Move the article's never-public studies and conditions beside it (evidence.services.bundles)."""
    moved = bundles.carry(action, article, by=by, comment=comment, perform=perform, now=now)
    if not moved:
        return None
    names = "; ".join(f"the {item._meta.verbose_name} “{item}”" for item in moved)
    return Outcome(note=f"{comment}\n\nWith it: {names}.".strip(), carried=tuple(moved))


def _send_back(action):
    def move(item, *, by, comment="", **_):
        """Withdraw from review, request changes: the status change, and the same for the article's bundle."""
        return _with_bundle(action, item, by, comment) if isinstance(item, Article) else None

    return move


# -- schedules follow the revision they were set for ---------------------------------------------------------


def _when(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M %Z}"


def _cancel_publication(item, why):
    """Drop a pending scheduled publication; return what to tell (nothing when none was pending)."""
    if item.publish_at is None:
        return ()
    told = f"The publication of revision {item.publish_revision} scheduled for {_when(item.publish_at)} was cancelled"
    _update(item, publish_at=None, publish_revision=None)
    return (f"{told}: {why}",)


def _withdrawal_kept(item):
    """A live page keeps its scheduled withdrawal whatever happens to the working copy; say so."""
    if item.unpublish_at is None or item.live_revision is None:
        return ()
    return (f"The live page's withdrawal scheduled for {_when(item.unpublish_at)} stays in force.",)


def _reopen(item, **_):
    """Back to draft: the approved text is no longer what will be published, so its scheduled publication goes."""
    cancelled = _cancel_publication(
        item, "the approved revision was reopened for editing; schedule it again once a new revision is approved."
    )
    return Outcome(consequences=cancelled + _withdrawal_kept(item))


def _archive(item, **_):
    """Put the working copy away; a live page stays public (and can still be withdrawn) until someone withdraws it."""
    kept = _withdrawal_kept(item)
    if not kept and item.live_revision is not None:
        kept = ("The live page stays public; use Unpublish to withdraw it.",)
    return Outcome(consequences=kept)


def _approve(item, *, by, comment="", bundle_read=None, **_):
    revision = item.latest_revision
    outcome = Outcome(revision)
    if isinstance(item, Article):
        review_gate.before_approve(revision=revision)
        if bundle_read is not None and bundle_read != bundles.bundle_digest(item):
            raise WorkflowError(
                "A study or condition in this review changed while you were reading; nothing was approved. Reload "
                "the page, look at what it brings with it again, and decide again.",
                code="changed_while_reading",
            )
        carried = _with_bundle("approve", item, by, comment)
        outcome = Outcome(revision, note=carried.note if carried else "", carried=carried.carried if carried else ())
    revision.approved_by, revision.approved_at = by, timezone.now()
    revision.save(update_fields=["approved_by", "approved_at"])
    return outcome


def _acknowledge_finding(item, *, by, comment, finding, **_):
    """A medical reviewer accepts a claim-check finding's wording, saying why."""
    finding = ClaimFinding.objects.select_for_update().select_related("rule", "revision").get(pk=finding.pk)
    if finding.article_id != item.pk or finding.revision.number != item.latest_revision.number:
        raise WorkflowError("Only findings on the revision under review can be acknowledged.", code="not_under_review")
    if finding.is_acknowledged:
        raise WorkflowError("This finding has already been acknowledged.", code="already_acknowledged")
    finding.acknowledged_by, finding.acknowledged_at, finding.acknowledgement = by, timezone.now(), comment
    finding.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledgement"])
    return Outcome(finding.revision, f"{finding.rule}: “{finding.matched_text}”. {comment}")


def _unpublished_dependencies(revision):
    """Studies and conditions an article revision links to that the public cannot see."""
    missing = [c.study for c in revision.citations.select_related("study") if not c.study.revisions.live().exists()]
    missing += [c for c in revision.conditions.all() if not c.revisions.live().exists()]
    return missing


def _publish(item, *, by, now=None, scheduled_revision=None, **_):
    """Make the approved revision the one the public sees (when scheduled: only the revision it was set for)."""
    now = now or timezone.now()
    revision = item.revisions.filter(approved_at__isnull=False).order_by("-number").first()
    if revision is None or revision.number != item.latest_revision.number:
        raise WorkflowError("Only an approved revision can be published.", code="not_approved")
    if scheduled_revision is not None and revision.number != scheduled_revision:
        raise WorkflowError(
            f"The publication was scheduled for revision {scheduled_revision}, not revision {revision.number}; "
            "nothing was published.",
            code="schedule_for_other_revision",
        )
    carried = None
    if isinstance(item, Article):
        # Its new studies and conditions first, in this transaction.
        carried = _with_bundle("publish", item, by, now=now)
        if missing := _unpublished_dependencies(revision):
            names = "; ".join(str(m) for m in missing)
            raise WorkflowError(f"Publish these first, the article links to them: {names}.", code="unpublished_links")
        review_gate.before_publish(revision=revision)
    clash = type(revision).objects.live().exclude(item=item)
    if hasattr(revision, "slug") and clash.filter(slug=revision.slug).exists():
        raise WorkflowError(
            f"Another live page already uses the address “{revision.slug}”; change the slug.", code="slug_taken"
        )
    was_live = item.revisions.live().update(is_live=False) > 0
    revision.is_live, revision.published_at, revision.public_updated_at = True, now, now
    revision.save(update_fields=["is_live", "published_at", "public_updated_at"])
    update = {"publish_at": None, "publish_revision": None, "first_published_at": item.first_published_at or now}
    update |= {"withdrawn_at": None, "withdrawal_reason": ""}
    if isinstance(item, Article):
        update |= _review_dates(revision.approved_by, revision.approved_at)
    _update(item, **update)
    _announce(signals.UPDATED if was_live else signals.PUBLISHED, item, revision, by)
    return Outcome(revision, carried=carried.carried if carried else ())


def _unpublish(item, *, by, reason="", **_):
    """Withdraw the item from the public; its working copy and revisions stay. `reason` (a WithdrawalReason) is
    what the withdrawn page's notice and the changes feed tell the public; the comment stays internal."""
    if reason and reason not in WithdrawalReason.values:
        raise WorkflowError(f"“{reason}” is not one of the public reasons for a withdrawal.", code="bad_reason")
    live = item.live_revision
    if live is None:
        raise WorkflowError(f"“{item}” is not on the public site.", code="not_live")
    citing = getattr(item, "article_revisions", None)
    if citing is not None and (titles := list(citing.live().values_list("title", flat=True)[:5])):
        raise WorkflowError(
            f"Live articles link to this {item._meta.verbose_name}: {'; '.join(titles)}. Remove the link there first.",
            code="still_cited",
        )
    item.revisions.live().update(is_live=False)
    _update(
        item,
        status=S.UNPUBLISHED if item.status == S.PUBLISHED else item.status,
        unpublish_at=None,
        withdrawn_at=timezone.now(),
        withdrawal_reason=reason,
    )
    _announce(signals.WITHDRAWN, item, live, by)
    # A newer approved revision waiting for its time would bring the page back that was just withdrawn.
    cancelled = _cancel_publication(item, "the page was withdrawn; schedule it again if the new text should go live.")
    return Outcome(live, consequences=cancelled)


def _schedule(item, *, comment, publish_at=None, unpublish_at=None, **_):
    """Set when the approved revision goes live and/or when the item is withdrawn."""
    if publish_at and unpublish_at and unpublish_at <= publish_at:
        raise WorkflowError("The withdrawal time must come after the publication time.", code="bad_schedule")
    now = timezone.now()
    for moment, what in ((publish_at, "publication"), (unpublish_at, "withdrawal")):
        if moment and moment <= now:
            raise WorkflowError(
                f"The {what} time {_when(moment)} has already passed; choose a time to come, or use "
                f"{'Publish now' if what == 'publication' else 'Unpublish'}.",
                code="schedule_in_past",
            )
    if publish_at and item.status != S.APPROVED:
        raise WorkflowError("Only an approved item can be scheduled for publication.", code="not_approved")
    publish_revision = item.latest_revision.number if publish_at else None
    _update(item, publish_at=publish_at, publish_revision=publish_revision, unpublish_at=unpublish_at)
    return Outcome(note=comment or _schedule_note(publish_at, publish_revision, unpublish_at))


def schedule_summary(item) -> str:
    """What is scheduled for `item`, in a sentence with the site's time zone: for the schedule form's message."""
    note = _schedule_note(item.publish_at, item.publish_revision, item.unpublish_at)
    return "nothing is scheduled any more" if note == "schedule cleared" else f"scheduled to {note}"


def _schedule_note(publish_at, publish_revision, unpublish_at):
    parts = []
    if publish_at:
        parts.append(f"publish revision {publish_revision} at {_when(publish_at)}")
    if unpublish_at:
        parts.append(f"unpublish at {_when(unpublish_at)}")
    return "; ".join(parts) or "schedule cleared"


def _re_review(item, *, by, **_):
    """Record a medical re-review of live content that did not change; renews the review dates."""
    live = item.live_revision
    if isinstance(item, Article):
        now = timezone.now()
        _update(item, **_review_dates(by, now))
        type(live).objects.filter(pk=live.pk).update(public_updated_at=now)  # the review dates it shows changed
    _announce(signals.RE_REVIEWED, item, live, by)
    return Outcome(live)


def _exempt_sources(item, *, by, comment, **_):
    """An editor lets an article through the source rule, saying why (the comment is the recorded reason)."""
    if not isinstance(item, Article):
        raise WorkflowError("Only articles need a checkable source.", code="not_an_article")
    if permissions.is_own_work(by, item):
        raise NotAllowed("You wrote or edited this article; another editor must exempt it from the source rule.")
    SourceExemption.objects.update_or_create(article=item, defaults={"reason": comment, "granted_by": by})
    return Outcome(item.latest_revision)


def _revoke_exemption(item, **_):
    deleted, _ = SourceExemption.objects.filter(article_id=item.pk).delete()
    if not deleted:
        raise WorkflowError(f"“{item}” has no source-rule exemption.", code="not_exempt")
    return Outcome(item.latest_revision)


def republish_refusal(item) -> str:
    """Why a withdrawn item cannot come back without a new review round; "" when it can."""
    latest = item.latest_revision
    last_live = item.revisions.filter(published_at__isnull=False).order_by("-number").first()
    if latest is None or last_live is None or latest.number != last_live.number or latest.approved_at is None:
        return "It was edited after it was withdrawn, so it needs a new review: reopen it and submit it."
    due = getattr(item, "next_review_due", None)
    if due is not None and due < timezone.localdate():
        return f"Its medical review was due on {due:%d %b %Y}, so it needs a new review before it comes back."
    return ""


def _republish(item, *, by, **_):
    if refusal := republish_refusal(item):
        raise WorkflowError(refusal, code="needs_review")
    _update(item, status=S.APPROVED)  # the approved revision it was; _publish takes it live
    return _publish(item, by=by)


MOVES = {
    Action.SUBMIT: _submit,
    Action.WITHDRAW: _send_back("withdraw"),
    Action.REQUEST_CHANGES: _send_back("request_changes"),
    Action.REOPEN: _reopen,
    Action.ARCHIVE: _archive,
    Action.APPROVE: _approve,
    Action.ACKNOWLEDGE_FINDING: _acknowledge_finding,
    Action.PUBLISH: _publish,
    Action.UNPUBLISH: _unpublish,
    Action.REPUBLISH: _republish,
    Action.SCHEDULE: _schedule,
    Action.RE_REVIEW: _re_review,
    Action.EXEMPT_SOURCES: _exempt_sources,
    Action.REVOKE_EXEMPTION: _revoke_exemption,
}
