"""The admin of a working copy (article, study, condition, disclaimer): saving keeps a revision, locked
items open read-only, deletion is only for what the public never saw; the workflow panel and the revision
pages come from their mixins."""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from accounts import permissions
from evidence.admin.base import IsoDates, LinksByPossibleIds, live_revisions
from evidence.admin.error_summary import error_summary
from evidence.admin.pagination import GrowingListAdmin
from evidence.admin.revisions import RevisionsAdminMixin
from evidence.admin.workflow import WorkflowAdminMixin
from evidence.models import AuditEntry, Status
from evidence.models.actions import Action
from evidence.services.audit import audit
from evidence.services.revisions import working_copy_saved


class WorkingCopyAdmin(
    WorkflowAdminMixin, RevisionsAdminMixin, IsoDates, LinksByPossibleIds, GrowingListAdmin, admin.ModelAdmin
):
    change_form_template = "admin/evidence/working_copy_change_form.html"
    list_per_page = 50
    readonly_fields = ("status", "created_at", "updated_at", "first_published_at")

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
        queryset = super().get_queryset(request).annotate(is_live_now=Coalesce(Subquery(live), False))
        if permissions.sees_published_only(request.user, self.model):
            queryset = queryset.filter(Exists(live_revisions(self.model)))  # marketing: live items only
        return queryset

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj):
        """The status, and what is scheduled for the item, so the list shows what will change and when."""
        badge = format_html('<span class="status status-{}">{}</span>', obj.status, obj.get_status_display())
        planned = [
            format_html('<br><span class="scheduled">{} {}</span>', what, date_format(localtime(when), "j M Y, H:i T"))
            for what, when in (("goes live", obj.publish_at), ("withdrawn", obj.unpublish_at))
            if when is not None
        ]
        return format_html("{}{}", badge, format_html_join("", "{}", ((p,) for p in planned)))

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
        if obj is not None and permissions.may_discard_own_drafts(request.user, obj):
            return self.is_never_submitted_draft_of(obj, request.user)
        return super().has_delete_permission(request, obj)

    @staticmethod
    def is_never_submitted_draft_of(obj, user) -> bool:
        """A draft `user` created that no reviewer was ever asked to read and the public never saw."""
        return (
            obj.created_by_id == user.pk
            and obj.status == Status.DRAFT
            and obj.live_revision is None
            and not AuditEntry.objects.for_item(obj).filter(action=Action.SUBMIT).exists()
        )

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # bulk deletion would bypass the per-item check above
        return actions

    def delete_model(self, request, obj):
        audit(item=obj, actor=request.user, action=Action.DELETED, from_status=obj.status, to_status="", comment="")
        super().delete_model(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        revision = working_copy_saved(item=form.instance, by=request.user)
        self.message_user(request, f"Saved as revision {revision.number}.", messages.SUCCESS)

    def message_user(self, request, *args, **kwargs):
        # A pop-up (a condition added from the study form) closes on save: a message queued now would be shown
        # in the main window's next page, about something it did not do there.
        if IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET:
            return
        super().message_user(request, *args, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        if context.get("errors"):
            context["error_summary"] = error_summary(context["adminform"].form, context["inline_admin_formsets"])
        return super().render_change_form(request, context, *args, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and permissions.sees_published_only(request.user, obj):
            # Marketing reads what the public reads: the live revision's page, never the working copy's draft
            # text, review comments, claim findings or the writers' panels. Items not live are not found at all.
            public = self.view_on_site(obj)
            if public:
                return HttpResponseRedirect(public)
            raise PermissionDenied("Marketing sees published content only; this has no public page.")
        extra = extra_context or {}
        if obj is not None:
            extra |= self.workflow_context(request, obj) | {
                "live_revision": obj.live_revision,
                "latest_revision": obj.latest_revision,
                "can_preview": self.preview_template is not None,
            }
        return super().change_view(request, object_id, form_url, extra)
