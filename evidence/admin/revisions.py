"""A working copy's revision pages: the list with comparisons, the preview of any revision, and restore."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from accounts import permissions
from evidence.admin.compare import compare_revisions
from evidence.services.revisions import restore_revision


def refuse_published_only(user, obj):
    if permissions.sees_published_only(user, obj):
        raise PermissionDenied("Marketing sees published content only; revisions are work in the making.")


class RevisionsAdminMixin:
    preview_template = None  # the public template that draws a revision, where the type has a page

    def preview_context(self, revision):
        raise NotImplementedError

    def get_urls(self):
        app, model = self.opts.app_label, self.opts.model_name
        own = [
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

    def revisions_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        refuse_published_only(request.user, obj)
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
        refuse_published_only(request.user, obj)
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
        except ValidationError as error:  # WorkflowError included
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, f"Revision {number} restored as new draft revision {new.number}.")
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )
