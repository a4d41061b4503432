from django.contrib import admin

from evidence.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
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
    list_filter = ("action", "content_type", "actor")
    search_fields = ("item_label", "comment")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "content_type")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
