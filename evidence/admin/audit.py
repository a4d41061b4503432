from django.contrib import admin

from evidence.admin.pagination import GrowingListAdmin
from evidence.models import AuditEntry
from evidence.models.actions import Action


class ActionFilter(admin.SimpleListFilter):
    """The actions the trail records, from the list of their labels: Django's own filter for a text field
    would read every entry (SELECT DISTINCT) to find which actions occur."""

    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return Action.choices

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(GrowingListAdmin, admin.ModelAdmin):
    """The trail can be read and filtered, never changed or deleted."""

    list_display = (
        "created_at",
        "actor",
        "action",
        "content_type",
        "item_label",
        "from_status",
        "to_status",
        "revision_number",
    )
    # "When" offers today, the past 7 days, this month and this year without a query; a date hierarchy would
    # read the date of every entry (1,100,000 at scale) to draw its links on every page.
    list_filter = ("created_at", ActionFilter, "content_type", "actor")
    search_fields = ("item_label", "comment")  # both indexed (migration 0008)
    list_select_related = ("actor", "content_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
