"""Staff see what visitors sent, filter and search it, and export it as CSV (with permission).

The list shows unconfirmed enquiries too (so staff can answer "I never got the
e-mail"), marked as such; the export holds confirmed ones only, since nobody
agreed to anything until they confirmed.
"""

import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone

from evidence.admin.pagination import GrowingListAdmin
from evidence.enquiries.models import Enquiry

CSV_COLUMNS = (
    "created_at", "kind", "name", "email", "condition", "message", "consent_text", "consented_at", "confirmed_at",
)  # fmt: skip


@admin.register(Enquiry)
class EnquiryAdmin(GrowingListAdmin, admin.ModelAdmin):
    list_display = ("created_at", "kind", "email", "name", "condition", "is_confirmed")
    list_filter = ("kind", ("confirmed_at", admin.EmptyFieldListFilter), "condition", "created_at")
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

    @admin.display(description="confirmed", boolean=True, ordering="confirmed_at")
    def is_confirmed(self, enquiry):
        return enquiry.is_confirmed

    def has_export_permission(self, request):
        return request.user.has_perm("enquiries.export_enquiry")

    @admin.action(description="Export selected confirmed enquiries as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        if left_out := queryset.filter(confirmed_at__isnull=True).count():
            # Shown on the next page the person opens: this answer is the file.
            self.message_user(request, f"{left_out} unconfirmed enquiries were left out of the export.", "warning")
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="enquiries-{stamp}.csv"'
        response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
        writer = csv.writer(response)
        writer.writerow([Enquiry._meta.get_field(name).verbose_name for name in CSV_COLUMNS])
        for enquiry in queryset.confirmed().select_related("condition").order_by("-created_at", "-pk"):
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
