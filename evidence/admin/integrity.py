"""The editors' integrity report (evidence.selectors.integrity) as an admin page with filters and a CSV export,
and the page where medical reviewers record their specialties."""

import csv

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from evidence.models import ReviewerSpecialty
from evidence.selectors.integrity import KINDS, integrity_report, totals


class IntegrityReportAdminMixin:
    """Adds /admin/evidence/article/integrity/ to the article admin, for those who may publish articles."""

    def get_urls(self):
        own = [path("integrity/", self.admin_site.admin_view(self.integrity_view), name="evidence_integrity_report")]
        return own + super().get_urls()

    def integrity_view(self, request):
        if not request.user.has_perm("evidence.publish_article"):
            raise PermissionDenied("The integrity report is for editors.")
        checks = integrity_report()
        counts = totals(checks)
        kind = request.GET.get("kind", "")
        shown = [c for c in checks if kind in {f.kind for f in c.findings}] if kind in KINDS else checks
        if request.GET.get("failing"):
            shown = [c for c in shown if c.fails]
        if request.GET.get("format") == "csv":
            return _csv(request, shown)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Integrity report",
            "checks": shown,
            "totals": counts,
            "kinds": [(key, label, severity, counts["per_kind"][key]) for key, (severity, label) in KINDS.items()],
            "kind": kind if kind in KINDS else "",
            "failing": bool(request.GET.get("failing")),
        }
        return TemplateResponse(request, "admin/evidence/integrity.html", context)


def _csv(request, checks):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="integrity-report.csv"'
    writer = csv.writer(response)
    writer.writerow(["article", "public page", "passes", "finding", "fails", "detail", "fix at"])
    for check in checks:
        page = request.build_absolute_uri(check.revision.get_absolute_url())
        if not check.findings:
            writer.writerow([check.revision.title, page, "yes", "", "", "", ""])
        for finding in check.findings:
            fix = request.build_absolute_uri(finding.fix_url)
            row = [check.revision.title, page, "no" if check.fails else "yes", finding.label]
            writer.writerow([*row, "yes" if finding.fails else "no", finding.detail, fix])
    return response


@admin.register(ReviewerSpecialty)
class ReviewerSpecialtyAdmin(admin.ModelAdmin):
    list_display = ("reviewer", "condition")
    list_filter = ("condition",)
    search_fields = ("reviewer__display_name", "reviewer__email", "condition__name")
    autocomplete_fields = ("condition",)

    def _editor(self, request):
        return request.user.has_perm("evidence.change_reviewerspecialty")

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("reviewer", "condition")
        return rows if self._editor(request) else rows.filter(reviewer=request.user)

    def get_changeform_initial_data(self, request):
        return {"reviewer": request.user.pk}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reviewer" and not self._editor(request):
            kwargs["queryset"] = get_user_model().objects.filter(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
