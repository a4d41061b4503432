from django.contrib import admin

from evidence.admin.base import LiveFilter
from evidence.admin.citations import StudyImportAdminMixin
from evidence.admin.forms import StudyForm
from evidence.admin.working_copy import WorkingCopyAdmin
from evidence.models import Study


@admin.register(Study)
class StudyAdmin(StudyImportAdminMixin, WorkingCopyAdmin):
    form = StudyForm
    list_display = ("__str__", "design", "journal", "year", "status_badge", "is_live", "updated_at")
    list_filter = ("status", LiveFilter, "design", "population", "conditions")
    # Each field has an index (migration 0008): words anywhere in the title, authors or journal, and the start
    # of a citation key. Identifiers are matched whole by get_search_results, through their unique indexes.
    search_fields = ("title", "authors", "journal", "^citation_key")
    autocomplete_fields = ("conditions",)
    prepopulated_fields = {"citation_key": ("title",)}
    fieldsets = [
        (None, {"fields": ["citation_key", "title", "authors", "authors_complete", "seen_edit_version"]}),
        ("Where it was published", {"fields": [("journal", "year"), ("volume", "issue", "pages")]}),
        ("Identifiers", {"fields": ["doi", "pmid", "pmcid", "isbn", "trial_registration", "url"]}),
        ("What kind of evidence", {"fields": ["design", "population", "sample_size", "conditions"]}),
        ("Funding and notes", {"fields": ["funding", "conflicts", "notes"], "classes": ["collapse"]}),
        ("Record", {"fields": ["status", "created_at", "updated_at", "first_published_at"], "classes": ["collapse"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """The words' matches, plus the study the whole term names as an identifier (the list and the
        citation picker alike: the autocomplete searches through here)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        named = Study.identified_by(search_term) if search_term.strip() else None
        if named is not None:
            results = results | queryset.filter(named)
        return results, may_have_duplicates
