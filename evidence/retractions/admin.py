"""Notices in the admin: read-only for everyone who reads studies, with a form for medical reviewers to record
how each summary citing the paper handles a notice (the approval gate waits for it)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from evidence.retractions import permissions, selectors, services
from evidence.retractions.forms import HandlingForm
from evidence.retractions.models import Notice, NoticeHandling


class HandlingInline(admin.TabularInline):
    model = NoticeHandling
    fields = ("article", "note", "by", "at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return permissions.may_read_notices(request.user)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("study", "nature", "date", "source", "found_at")
    list_filter = ("nature", "source")
    search_fields = ("study__doi", "study__pmid", "study__title", "notice_doi")
    list_select_related = ("study",)
    date_hierarchy = "date"
    inlines = [HandlingInline]
    readonly_fields = (
        "study", "nature", "date", "reasons", "notice_doi", "notice_url", "source", "source_key", "found_at",
        "updated_at",
    )  # fmt: skip
    change_form_template = "admin/retractions/notice/change_form.html"

    # Notices come from the sources only: nobody adds, edits or deletes them by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return permissions.may_read_notices(request.user)

    def has_module_permission(self, request):
        return permissions.may_read_notices(request.user)

    def get_urls(self):
        handle = self.admin_site.admin_view(self.handle_view)
        return [path("<int:notice_id>/handle/", handle, name="retractions_notice_handle"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        notice = get_object_or_404(Notice, pk=object_id)
        extra = {
            "citing_articles": selectors.articles_citing(notice.study),
            "may_record": permissions.may_record_handling(request.user),
            "handle_url": reverse("admin:retractions_notice_handle", args=[notice.pk]),
        }
        return super().change_view(request, object_id, form_url, extra_context={**(extra_context or {}), **extra})

    def handle_view(self, request, notice_id):
        """Record how a summary handles this notice (medical reviewers only)."""
        notice = get_object_or_404(Notice.objects.select_related("study"), pk=notice_id)
        if not permissions.may_record_handling(request.user):
            raise PermissionDenied("Only a medical reviewer can record how a summary handles a notice.")
        form = HandlingForm(request.POST or None, articles=selectors.articles_citing(notice.study))
        if request.method == "POST" and form.is_valid():
            try:
                services.record_handling(
                    notice=notice, article=form.cleaned_data["article"], by=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, f"Recorded how “{form.cleaned_data['article']}” handles the notice.")
                return redirect("admin:retractions_notice_change", notice.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "notice": notice,
            "form": form,
            "title": f"How a summary handles: {notice}",
        }
        return TemplateResponse(request, "admin/retractions/notice/handle.html", context)
