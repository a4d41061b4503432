from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from accounts import permissions
from evidence.admin.base import FollowsParentPermissions, LiveFilter
from evidence.admin.citations import ArticleCitationsAdminMixin
from evidence.admin.forms import WorkingCopyForm
from evidence.admin.integrity import IntegrityReportAdminMixin
from evidence.admin.previews import article_preview
from evidence.admin.working_copy import WorkingCopyAdmin
from evidence.models import Article, ArticleReference, Citation
from evidence.workbench.citing import cite_marked_studies


class CitationInline(FollowsParentPermissions, admin.TabularInline):
    model = Citation
    autocomplete_fields = ("study",)
    extra = 0
    fields = ("position", "study")
    ordering = ("position", "pk")


class ReferenceInline(FollowsParentPermissions, admin.TabularInline):
    model = ArticleReference
    extra = 0
    fields = ("position", "title", "publisher", "url", "published_on", "accessed_on")


class ReviewDueFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("soon", "Due within 30 days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(
                Q(next_review_due__gte=today) & Q(next_review_due__lte=today + timezone.timedelta(days=30))
            )
        return queryset


class ArticleForm(WorkingCopyForm):
    class Meta:
        model = Article
        fields = [*Article.CONTENT_FIELDS, "conditions", "medical_reviewer"]


@admin.register(Article)
class ArticleAdmin(IntegrityReportAdminMixin, ArticleCitationsAdminMixin, WorkingCopyAdmin):
    form = ArticleForm
    inlines = [CitationInline, ReferenceInline]
    list_display = ("title", "status_badge", "is_live", "author", "medical_reviewer", "next_review_due", "updated_at")
    list_filter = ("status", LiveFilter, ReviewDueFilter, "conditions", "author", "medical_reviewer")
    # Words anywhere in the title or summary, and the start of the web address: each has an index (migration 0008).
    search_fields = ("title", "summary", "^slug")
    autocomplete_fields = ("conditions",)
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("author", "medical_reviewer")
    # The public article template with the open review threads beside the text (admin only, never public).
    preview_template = "admin/evidence/article_preview.html"
    readonly_fields = (*WorkingCopyAdmin.readonly_fields, "last_reviewed_at", "last_reviewed_by", "next_review_due")
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "conditions", "seen_edit_version"]}),
        ("People", {"fields": ["author", "medical_reviewer"]}),
        ("Search engines", {"fields": ["seo_description"], "classes": ["collapse"]}),
        (
            "Review and publication",
            {
                "fields": [
                    "status", "first_published_at", "last_reviewed_at", "last_reviewed_by", "next_review_due",
                    "created_at", "updated_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]  # fmt: skip

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Citation:  # cite once: the body's markers bring their studies, before the revision
            added = cite_marked_studies(article=form.instance)
            if added:
                names = "; ".join(f"“{study}”" for study in added)
                self.message_user(request, f"Cited from the markers in the text: {names}.", messages.SUCCESS)

    def preview_context(self, revision):
        return article_preview(revision).context()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        users = get_user_model().objects.filter(is_active=True, is_staff=True)
        if db_field.name == "author":
            kwargs["queryset"] = users
        elif db_field.name == "medical_reviewer":
            kwargs["queryset"] = users.filter(pk__in=permissions.reviewers().values("pk"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        # New articles are written by the person creating them, unless they say otherwise.
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}
