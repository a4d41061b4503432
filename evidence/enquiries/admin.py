"""Staff see what visitors sent, filter and search it, and export it as CSV (with permission)."""

import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone

from evidence.admin.pagination import GrowingListAdmin
from evidence.enquiries.models import Enquiry

CSV_COLUMNS = ("created_at", "kind", "name", "email", "condition", "message", "consent_text", "consented_at")


@admin.register(Enquiry)
class EnquiryAdmin(GrowingListAdmin, admin.ModelAdmin):
    list_display = ("created_at", "kind", "email", "name", "condition")
    list_filter = ("kind", "condition", "created_at")
    search_fields = ("email", "name", "message")
    date_hierarchy = "created_at"
    list_select_related = ("condition",)
    ordering = ("-created_at", "-pk")
    readonly_fields = (*CSV_COLUMNS, "client_fingerprint")
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False  # enquiries come from visitors, never typed in by staff

    def has_change_permission(self, request, obj=None):
        return False  # a record of what a visitor sent and agreed to is not edited

    def has_export_permission(self, request):
        return request.user.has_perm("enquiries.export_enquiry")

    @admin.action(description="Export selected enquiries as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="enquiries-{stamp}.csv"'
        response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
        writer = csv.writer(response)
        writer.writerow([Enquiry._meta.get_field(name).verbose_name for name in CSV_COLUMNS])
        for enquiry in queryset.select_related("condition").order_by("-created_at", "-pk"):
            writer.writerow([_cell(_value(enquiry, name)) for name in CSV_COLUMNS])
        return response


def _value(enquiry, name):
    return enquiry.get_kind_display() if name == "kind" else getattr(enquiry, name)


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula (visitors write these fields)."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
