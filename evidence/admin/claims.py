"""Admin pages for the claim check: editors keep the rules; findings are a read-only record."""

from django.contrib import admin

from accounts import permissions
from evidence.admin.pagination import GrowingListAdmin
from evidence.models import ClaimFinding, ClaimRule


@admin.register(ClaimRule)
class ClaimRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "pattern", "is_active", "updated_at")
    list_filter = ("is_active", "kind")
    search_fields = ("name", "pattern", "explanation")
    fields = ("name", "kind", "pattern", "explanation", "is_active")

    def has_view_permission(self, request, obj=None):
        # Writers and reviewers read the rules to know what the check looks for.
        return permissions.may_read_claim_checks(request.user) or self.has_change_permission(request, obj)

    def has_add_permission(self, request):
        return permissions.may_maintain_claim_rules(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.may_maintain_claim_rules(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # findings point at their rule; untick "active" instead

    def has_module_permission(self, request):
        return self.has_view_permission(request)


@admin.register(ClaimFinding)
class ClaimFindingAdmin(GrowingListAdmin, admin.ModelAdmin):
    list_display = ("article", "revision_number", "rule", "matched_text", "field", "acknowledged_by", "acknowledged_at")
    list_filter = ("rule", ("acknowledged_at", admin.EmptyFieldListFilter))
    list_select_related = ("article", "revision", "rule", "acknowledged_by")
    search_fields = ("matched_text", "excerpt", "article__title")

    @admin.display(description="revision", ordering="revision__number")
    def revision_number(self, obj):
        return obj.revision.number

    def has_view_permission(self, request, obj=None):
        return permissions.may_read_claim_checks(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False  # findings come from a submission, acknowledgements from the article's page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
