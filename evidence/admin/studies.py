from django.contrib import admin

from evidence.citations.admin_views import StudyImportAdminMixin
from evidence.models import Study

from .base import LiveFilter, WorkingCopyAdmin
from .forms import StudyForm


@admin.register(Study)
class StudyAdmin(StudyImportAdminMixin, WorkingCopyAdmin):
    form = StudyForm
    list_display = ("__str__", "design", "journal", "year", "status_badge", "is_live", "updated_at")
    list_filter = ("status", LiveFilter, "design", "population", "conditions")
    search_fields = ("title", "citation_key", "=doi", "=pmid", "=pmcid", "journal", "authors")
    autocomplete_fields = ("conditions",)
    prepopulated_fields = {"citation_key": ("title",)}
    fieldsets = [
        (None, {"fields": ["citation_key", "title", "authors", "authors_complete", "seen_edit_version"]}),
        ("Where it was published", {"fields": [("journal", "year"), ("volume", "issue", "pages")]}),
        ("Identifiers", {"fields": ["doi", "pmid", "pmcid", "url"]}),
        ("What kind of evidence", {"fields": ["design", "population", "sample_size", "conditions"]}),
        ("Funding and notes", {"fields": ["funding", "conflicts", "notes"], "classes": ["collapse"]}),
        ("Record", {"fields": ["status", "created_at", "updated_at", "first_published_at"], "classes": ["collapse"]}),
    ]
