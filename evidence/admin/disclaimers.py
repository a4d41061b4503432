from django.contrib import admin

from evidence.admin.base import LiveFilter
from evidence.admin.forms import DisclaimerForm
from evidence.admin.working_copy import WorkingCopyAdmin
from evidence.models import Disclaimer


@admin.register(Disclaimer)
class DisclaimerAdmin(WorkingCopyAdmin):
    form = DisclaimerForm
    list_display = ("title", "applies_to", "is_active", "status_badge", "is_live", "updated_at")
    list_filter = ("status", LiveFilter, "applies_to", "is_active")
    search_fields = ("title", "text")
    autocomplete_fields = ("conditions", "articles")
    fieldsets = [
        (None, {"fields": ["title", "text", "is_active", "seen_edit_version"]}),
        ("Where it is shown", {"fields": ["applies_to", "conditions", "articles"]}),
        ("Record", {"fields": ["status", "created_at", "updated_at", "first_published_at"], "classes": ["collapse"]}),
    ]
