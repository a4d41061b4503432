"""What the admin pages of all four content types share: saving keeps a revision,
locked items are read-only, and workflow actions go through the workflow service."""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.timezone import make_aware

from accounts import permissions
from evidence.admin.compare import compare_revisions
from evidence.admin.fields import LinkedItemField, LinkedItemsField
from evidence.admin.pagination import GrowingListAdmin
from evidence.exceptions import WorkflowError
from evidence.models import AuditEntry, Status
from evidence.services import workflow
from evidence.services.audit import audit
from evidence.services.revisions import restore_revision, working_copy_saved

_SIMPLE_MOVES = ("submit", "withdraw", "request_changes", "reopen", "archive")
_BUTTONS = [
    ("submit", "Submit for review"),
    ("withdraw", "Withdraw from review"),
    ("approve", "Approve"),
    ("request_changes", "Request changes"),
    ("publish", "Publish now"),
    ("re_review", "Record re-review (no change)"),
    ("unpublish", "Unpublish"),
    ("reopen", "Reopen for editing"),
    ("archive", "Archive"),
]


class LiveFilter(admin.SimpleListFilter):
    title = "on the public site"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("yes", "Live"), ("no", "Not live")]

    def queryset(self, request, queryset):
        # Exists() in the filter, where PostgreSQL joins it (a merge anti-join finds the first thousand items
        # that are not live among a million in 0.1 s); the column beside it is read per row shown instead.
        if self.value() in ("yes", "no"):
            live = Exists(live_revisions(queryset.model))
            return queryset.filter(live if self.value() == "yes" else ~live)
        return queryset


def live_revisions(model):
    """The live revision of each row of the outer query (one at most, a database constraint)."""
    return model.revision_model().objects.filter(item=OuterRef("pk"), is_live=True)


class LinksByPossibleIds:
    """Linked-item fields that never look up an id that cannot exist (see fields.LinkedItemsField)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", LinkedItemField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", LinkedItemsField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class FollowsParentPermissions(LinksByPossibleIds):
    """Inline rows (citations, references) may be changed exactly when their article may."""

    def has_add_permission(self, request, obj=None):
        return (
            self.parent_admin().has_change_permission(request, obj)
            if obj
            else request.user.has_perm(f"evidence.add_{self.parent_model._meta.model_name}")
        )

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.parent_admin().has_view_permission(request, obj)

    def parent_admin(self):
        return self.admin_site._registry[self.parent_model]


class WorkingCopyAdmin(LinksByPossibleIds, GrowingListAdmin, admin.ModelAdmin):
    change_form_template = "admin/evidence/working_copy_change_form.html"
    list_per_page = 50
    readonly_fields = ("status", "created_at", "updated_at", "first_published_at")
    preview_template = None  # the public template that draws a revision, where the type has a page

    def preview_context(self, revision):
        raise NotImplementedError

    def view_on_site(self, obj):
        """Link to what the public sees: the live revision's address, not the working copy's."""
        live = obj.live_revision
        return live.get_absolute_url() if live is not None and hasattr(live, "get_absolute_url") else None

    # -- lists ---------------------------------------------------------------
    def get_queryset(self, request):
        # A correlated subquery read for the rows shown (one index entry each), not Exists(): PostgreSQL plans
        # an EXISTS in the select list as a hash of every live revision once they fit in memory, which for
        # 95,000 live articles cost 110-140 ms on every page of 50 (EXPLAIN ANALYZE, evidence_bench_large).
        live = live_revisions(self.model).values("is_live")[:1]
        return super().get_queryset(request).annotate(is_live_now=Coalesce(Subquery(live), False))

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj):
        return format_html('<span class="status status-{}">{}</span>', obj.status, obj.get_status_display())

    @admin.display(description="live", boolean=True, ordering="is_live_now")
    def is_live(self, obj):
        return getattr(obj, "is_live_now", None)

    # -- editing -------------------------------------------------------------
    def has_change_permission(self, request, obj=None):
        # In review or approved, the text is frozen and the page opens read-only. A save posted from a
        # page opened before the lock still reaches the form, which refuses it and keeps the typed text.
        if obj is not None and obj.is_locked and request.method != "POST":
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Content the public has seen leaves through Unpublish/Archive, which the audit trail, the API's
        # changes feed and webhooks all hear about; deleting it would vanish without a trace.
        if obj is not None and obj.first_published_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # bulk deletion would bypass the per-item check above
        return actions

    def delete_model(self, request, obj):
        audit(item=obj, actor=request.user, action="deleted", from_status=obj.status, to_status="", comment="")
        super().delete_model(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        revision = working_copy_saved(item=form.instance, by=request.user)
        self.message_user(request, f"Saved as revision {revision.number}.", messages.SUCCESS)

    # -- workflow ------------------------------------------------------------
    def get_urls(self):
        app, model = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "<int:object_id>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name=f"{app}_{model}_workflow",
            ),
            path(
                "<int:object_id>/revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name=f"{app}_{model}_revisions",
            ),
            path(
                "<int:object_id>/revisions/<int:number>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{app}_{model}_preview",
            ),
            path(
                "<int:object_id>/revisions/<int:number>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{app}_{model}_restore",
            ),
        ]
        return own + super().get_urls()

    def available_actions(self, request, obj):
        """The workflow buttons this person can use on this item now."""
        live = obj.revisions.filter(is_live=True).exists()
        shown = []
        for action, label in _BUTTONS:
            if obj.status not in workflow.MOVES[action].sources:
                continue
            if action == "unpublish" and not live:
                continue
            if permissions.can(request.user, action, obj):
                shown.append((action, label))
        return shown

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = extra_context or {}
        if obj is not None:
            extra |= {
                "workflow_actions": self.available_actions(request, obj),
                "can_schedule": permissions.can(request.user, "schedule", obj),
                "live_revision": obj.live_revision,
                "latest_revision": obj.latest_revision,
                "can_preview": self.preview_template is not None,
                "review_comments": AuditEntry.objects.for_item(obj)
                .filter(action__in=["request_changes", "approve", "withdraw"])
                .select_related("actor")[:5],
                "audit_entries": AuditEntry.objects.for_item(obj).select_related("actor")[:15],
                "review_refusal": self._review_refusal(request, obj),
            }
        return super().change_view(request, object_id, form_url, extra)

    def _review_refusal(self, request, obj):
        if obj.status == Status.IN_REVIEW and not permissions.can(request.user, "approve", obj):
            return permissions.refusal(request.user, "approve", obj)
        return ""

    def workflow_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        action = request.POST.get("action", "")
        comment = request.POST.get("comment", "").strip()
        try:
            self._perform(request, obj, action, comment)
        except WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, f"“{obj}”: {workflow.DONE.get(action, action)}.", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )

    def _perform(self, request, obj, action, comment):
        by = request.user
        if action in _SIMPLE_MOVES:
            workflow.transition(action, item=obj, by=by, comment=comment)
        elif action in ("approve", "publish", "unpublish", "re_review"):
            getattr(workflow, action)(item=obj, by=by, comment=comment)
        elif action == "schedule":
            workflow.schedule(
                item=obj,
                by=by,
                publish_at=_datetime(request.POST.get("publish_at"), "publication time"),
                unpublish_at=_datetime(request.POST.get("unpublish_at"), "withdrawal time"),
                comment=comment,
            )
        else:
            raise WorkflowError(f"“{action}” is not a workflow action.", code="unknown_action")

    # -- revisions -----------------------------------------------------------
    def revisions_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        revisions = list(obj.revisions.select_related("created_by", "approved_by"))
        numbers = [r.number for r in revisions]
        a, b = request.GET.get("a", ""), request.GET.get("b", "")
        comparison = None
        # isdecimal, not isdigit: int() refuses "²", which isdigit() accepts.
        if a.isdecimal() and b.isdecimal() and int(a) in numbers and int(b) in numbers:
            older = next(r for r in revisions if r.number == min(int(a), int(b)))
            newer = next(r for r in revisions if r.number == max(int(a), int(b)))
            changes = [c for c in compare_revisions(older, newer) if c.changed]
            comparison = {"older": older, "newer": newer, "changes": changes}
        elif a or b:
            self.message_user(request, "Choose two revisions of this item to compare.", messages.WARNING)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Revisions of “{obj}”",
            "revisions": revisions,
            "comparison": comparison,
            "can_restore": super().has_change_permission(request, obj) and not obj.is_locked,
            "can_preview": self.preview_template is not None,
        }
        return TemplateResponse(request, "admin/evidence/revisions.html", context)

    def preview_view(self, request, object_id, number):
        """The public page of any revision, drawn by the public template, for staff only."""
        obj = get_object_or_404(self.model, pk=object_id)
        if self.preview_template is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        revision = get_object_or_404(obj.revisions, number=number)
        response = TemplateResponse(request, self.preview_template, self.preview_context(revision))
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def restore_view(self, request, object_id, number):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = get_object_or_404(self.model, pk=object_id)
        if not super().has_change_permission(request, obj):
            raise PermissionDenied
        revision = get_object_or_404(obj.revisions, number=number)
        try:
            new = restore_revision(item=obj, revision=revision, by=request.user)
        except (WorkflowError, ValidationError) as error:
            self.message_user(request, getattr(error, "message", None) or " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, f"Revision {number} restored as new draft revision {new.number}.")
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )


def _datetime(value, label):
    value = (value or "").strip()
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise WorkflowError(f"The {label} “{value}” is not a date and time.", code="bad_datetime")
    return make_aware(parsed) if parsed.tzinfo is None else parsed
