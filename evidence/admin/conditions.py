from django.contrib import admin

from evidence.admin.base import LiveFilter
from evidence.admin.forms import ConditionForm
from evidence.admin.working_copy import WorkingCopyAdmin
from evidence.models import Condition


@admin.register(Condition)
class ConditionAdmin(WorkingCopyAdmin):
    form = ConditionForm
    list_display = ("name", "status_badge", "is_live", "updated_at")
    list_filter = ("status", LiveFilter)
    search_fields = ("name", "synonyms", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "synonyms", "seen_edit_version"]}),
        ("Record", {"fields": ["status", "created_at", "updated_at", "first_published_at"], "classes": ["collapse"]}),
    ]
