"""The workflow panel on a working copy's admin page: the moves this person can make, through the one door.

Buttons, their order and texts, and the messages after a move all come from the
action table (evidence.models.actions); the move itself is `workflow.perform`.
"""

from datetime import UTC, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.timezone import make_aware

from evidence.admin.compare import compare_revisions
from evidence.exceptions import NotAllowed, WorkflowError
from evidence.models import Article, AuditEntry, Status
from evidence.models.actions import STEPS, Action
from evidence.models.base import WithdrawalReason
from evidence.services import bundles, workflow

_REVIEW_COMMENTS = (Action.REQUEST_CHANGES, Action.APPROVE, Action.WITHDRAW)


class WorkflowAdminMixin:
    def get_urls(self):
        app, model = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "<int:object_id>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name=f"{app}_{model}_workflow",
            ),
            path(
                "<int:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name=f"{app}_{model}_withdraw",
            ),
        ]
        return own + super().get_urls()

    def workflow_context(self, request, obj):
        """What the change form's workflow panel and history show."""
        available = workflow.available(obj, request.user)
        bundle = bundles.bundle_of(obj) if isinstance(obj, Article) else []
        latest, live = obj.latest_revision, obj.live_revision
        return {
            # What this page shows, sent back with a decision so that it binds to exactly this text.
            "read_latest": (latest.number, latest.text_digest()) if latest else None,
            "read_live": (live.number, live.text_digest()) if live else None,
            "workflow_actions": [(a.value, STEPS[a].button) for a in available if STEPS[a].button],
            "can_schedule": Action.SCHEDULE in available,
            # The never-public studies and conditions that go through review and live with an article.
            "bundle": [
                (item, item._meta.verbose_name, _admin_url(item, "change"), _admin_url(item, "revisions"))
                for item in bundle
            ],
            "bundle_digest": bundles.bundle_digest(obj) if isinstance(obj, Article) else "",
            # Unpublish asks first, on its own page, for the public reason (evidence.models.base.WithdrawalReason).
            "withdraw_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_withdraw", args=[obj.pk]),
            "review_refusal": workflow.refusal(obj, request.user) if obj.status == Status.IN_REVIEW else "",
            "review_comments": AuditEntry.objects.for_item(obj)
            .filter(action__in=_REVIEW_COMMENTS)
            .select_related("actor")[:5],
            "audit_entries": AuditEntry.objects.for_item(obj).select_related("actor")[:15],
        }

    def workflow_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        action, read = request.POST.get("action", ""), None
        cancel = action == "cancel_schedule"  # the schedule form's "Cancel schedule": clear both dates
        action = Action.SCHEDULE.value if cancel else action
        try:
            read = what_was_read(request, action)
            moved = workflow.perform(
                action,
                item=obj,
                by=request.user,
                comment=request.POST.get("comment", ""),
                read=read,
                **({"publish_at": None, "unpublish_at": None} if cancel else _details(request, action)),
            )
        except (WorkflowError, NotAllowed) as error:
            self.message_user(request, error.message, messages.ERROR)
            tell_what_changed(self, request, obj, error, read)
        else:
            done = workflow.schedule_summary(moved) if action == Action.SCHEDULE else STEPS[Action(action)].done
            self.message_user(request, f"“{obj}”: {done}.", messages.SUCCESS)
            for consequence in moved.consequences:
                self.message_user(request, consequence, messages.WARNING)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )

    def withdraw_view(self, request, object_id):
        """Confirm a withdrawal: the public reason readers will see and an internal note, then Unpublish."""
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        error = ""
        if request.method == "POST":
            reason = request.POST.get("reason", "")
            if reason not in WithdrawalReason.values:
                error = "Choose the reason readers will see on the withdrawn page."
            else:
                try:
                    workflow.perform(
                        Action.UNPUBLISH, item=obj, by=request.user, comment=request.POST.get("comment", ""),
                        reason=reason,
                    )  # fmt: skip
                except (WorkflowError, NotAllowed) as refused:
                    self.message_user(request, refused.message, messages.ERROR)
                else:
                    self.message_user(request, f"“{obj}”: {STEPS[Action.UNPUBLISH].done}.", messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Withdraw “{obj}” from the public site?",
            "reasons": WithdrawalReason.choices,
            "chosen": request.POST.get("reason", ""),
            "comment": request.POST.get("comment", ""),
            "error": error,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/evidence/withdraw.html", context)


def _admin_url(item, page):
    return reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_{page}", args=[item.pk])


def what_was_read(request, action):
    """(revision number, digest) the form showed, for a move that decides on a text (`Step.reads`)."""
    try:
        step = STEPS[Action(action)]
    except ValueError:
        return None  # not an action: the workflow says so
    if not step.reads:
        return None
    prefix = "live_" if step.reads == "live" else ""
    number, digest = request.POST.get(f"{prefix}revision", ""), request.POST.get(f"{prefix}digest", "")
    if not (number.isascii() and number.isdigit() and len(number) <= 9 and digest):
        raise WorkflowError(
            "This form did not say which text you read, so nothing was done. Reload the page, read it, and decide "
            "again.",
            code="read_unknown",
        )
    return int(number), digest


def tell_what_changed(model_admin, request, item, error, read):
    """After a move refused because the text changed while it was being read: which fields changed since the
    revision the person was shown, with a link to the comparison."""
    if getattr(error, "code", "") != "changed_while_reading":
        return
    item.refresh_from_db()
    shown, now = item.revisions.filter(number=read[0]).first(), item.latest_revision
    if shown is None or now is None or shown.number == now.number:
        return
    older, newer = sorted((shown, now), key=lambda revision: revision.number)
    changed = [change.label for change in compare_revisions(older, newer) if change.changed]
    url = reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_revisions", args=[item.pk])
    model_admin.message_user(
        request,
        format_html(
            'Changed between revision {} and revision {}: {}. <a href="{}?a={}&amp;b={}">See what changed</a>.',
            older.number,
            newer.number,
            ", ".join(changed) or "nothing in the text itself (it was saved again)",
            url,
            older.number,
            newer.number,
        ),
        messages.INFO,
    )


def _details(request, action):
    """The inputs a move takes beside its comment, read from the form."""
    if action == Action.APPROVE and "bundle_digest" in request.POST:
        return {"bundle_read": request.POST["bundle_digest"]}
    if action != Action.SCHEDULE:
        return {}
    return {
        "publish_at": _datetime(request.POST.get("publish_at"), "publication time"),
        "unpublish_at": _datetime(request.POST.get("unpublish_at"), "withdrawal time"),
    }


SCHEDULE_YEARS = range(2000, 3000)  # a schedule outside these is a typing slip, not a plan
LARGEST_OFFSET = timedelta(hours=14)  # no place on Earth is further from UTC


def _datetime(value, label):
    """A schedule time typed in the admin, read in the site's time zone unless it names an offset."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is not None:
            parsed = make_aware(parsed) if parsed.tzinfo is None else parsed
            parsed.astimezone(UTC)  # an offset that carries it off the calendar fails here, not in the database
    except (ValueError, OverflowError):  # well-formed but impossible: 30 February, hour 99, year 0
        parsed = None
    if parsed is None or parsed.year not in SCHEDULE_YEARS or abs(parsed.utcoffset()) > LARGEST_OFFSET:
        shown = value if len(value) <= 40 else f"{value[:40]}…"
        raise WorkflowError(
            f"The {label} “{shown}” is not a date and time we can schedule. Pick it in the form, "
            f"or type it as 2027-03-01 09:00.",
            code="bad_datetime",
        )
    return parsed
