"""Admin pages for sources and claims, mixed into the study and article admins.

Studies: import references (upload or paste → preview → confirm), and the
study's AMA and Vancouver references on its page. Articles: the citation and
claim check beside the text, acknowledging findings, and the working copy's
references as RIS, BibTeX or CSL-JSON.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from evidence.admin.citation_forms import ConfirmImportForm, ImportForm
from evidence.admin.claim_panel import citation_checks
from evidence.admin.workflow import tell_what_changed, what_was_read
from evidence.citations import format as citation_format
from evidence.citations import parsers
from evidence.citations.export import FORMATS
from evidence.citations.markers import number_references
from evidence.citations.plan import Outcome, plan_import
from evidence.exceptions import NotAllowed, WorkflowError
from evidence.models.actions import STEPS, Action
from evidence.services import workflow
from evidence.services.imports import ImportRefused, import_references
from evidence.views.references import references_response


class StudyImportAdminMixin:
    change_list_template = "admin/evidence/citations/study_change_list.html"

    def get_urls(self):
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="evidence_study_import"),
        ]
        return own + super().get_urls()

    # -- the formatted reference on the study's page ----------------------------------------
    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "ama_reference", "vancouver_reference")

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.insert(1, ("Formatted reference", {"fields": ["ama_reference", "vancouver_reference"]}))
        return fieldsets

    @admin.display(description="AMA")
    def ama_reference(self, obj):
        return citation_format.ama(obj)

    @admin.display(description="Vancouver")
    def vancouver_reference(self, obj):
        return citation_format.vancouver(obj)

    # -- import ------------------------------------------------------------------------------
    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_import(request)
        form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            return self._preview(request, data["content"], data["format"], data["design"], data["source"])
        return self._import_page(request, form=form)

    def _plan(self, content, format, design, source):
        parsed = parsers.parse(content, format, source)
        return parsed, plan_import(parsed, design=design, source=source)

    def _preview(self, request, content, format, design, source, *, notice=""):
        try:
            parsed, plan = self._plan(content, format, design, source)
        except parsers.UnreadableFile as error:
            return self._import_page(request, form=_again(content, format, design, source), error=str(error))
        confirm = ConfirmImportForm(
            initial={
                "content": content,
                "format": parsed.format,
                "design": design,
                "source": source,
                "fingerprint": plan.fingerprint(),
            }
        )
        # Nothing importable: the form comes back under the preview with the pasted text still in it.
        again = None if plan.can_import else _again(content, format, design, source)
        return self._import_page(request, plan=plan, confirm=confirm, notice=notice, form=again)

    def _confirm_import(self, request):
        form = ConfirmImportForm(request.POST)
        if not form.is_valid():
            return self._import_page(request, form=ImportForm(), error="The preview was incomplete; start again.")
        data = form.cleaned_data
        try:
            _, plan = self._plan(data["content"], data["format"], data["design"], data["source"])
        except parsers.UnreadableFile as error:
            return self._import_page(request, form=ImportForm(), error=str(error))
        if plan.fingerprint() != data["fingerprint"]:
            notice = "The library changed since your preview. Here is what the import would do now; check it again."
            return self._preview(
                request, data["content"], data["format"], data["design"], data["source"], notice=notice
            )
        try:
            result = import_references(plan=plan, by=request.user)
        except ImportRefused as error:
            return self._preview(
                request, data["content"], data["format"], data["design"], data["source"], notice=error.message
            )
        self.message_user(
            request,
            f"Imported from {plan.source}: {len(result.created)} new draft studies, "
            f"{len(result.merged)} studies given new details.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:evidence_study_changelist") + "?status__exact=draft")

    def _import_page(self, request, *, form=None, plan=None, confirm=None, error="", notice=""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import references",
            "form": form,
            "plan": plan,
            "confirm": confirm,
            "error": error,
            "notice": notice,
            "outcomes": Outcome,
            "groups": _groups(plan) if plan else [],
        }
        return TemplateResponse(request, "admin/evidence/citations/import.html", context)


def _again(content, format, design, source):
    """The import form to try again with: the choices kept, and pasted text kept (a file must be chosen again)."""
    text = content if source == "pasted references" else ""
    return ImportForm(initial={"text": text, "format": format, "design": design})


def _groups(plan):
    """The preview's sections, problems first, each with its entries."""
    order = (Outcome.INVALID, Outcome.CREATE, Outcome.MERGE, Outcome.DUPLICATE, Outcome.UNCHANGED)
    return [(Outcome(o).label, o, plan.of(o)) for o in order if plan.of(o)]


class ArticleCitationsAdminMixin:
    def get_urls(self):
        own = [
            path(
                "<int:object_id>/findings/<int:finding_id>/acknowledge/",
                self.admin_site.admin_view(self.acknowledge_view),
                name="evidence_article_acknowledge_finding",
            ),
            path(
                "<int:object_id>/source-rule/",
                self.admin_site.admin_view(self.source_rule_view),
                name="evidence_article_source_rule",
            ),
            path(
                "<int:object_id>/references.<str:extension>",
                self.admin_site.admin_view(self.references_view),
                name="evidence_article_references",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = extra_context or {}
        if obj is not None:
            extra["citation_checks"] = citation_checks(obj, request.user)
        return super().change_view(request, object_id, form_url, extra)

    def acknowledge_view(self, request, object_id, finding_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        finding = get_object_or_404(article.claim_findings, pk=finding_id)
        read = None
        try:
            read = what_was_read(request, Action.ACKNOWLEDGE_FINDING)
            workflow.perform(
                Action.ACKNOWLEDGE_FINDING,
                item=article,
                by=request.user,
                comment=request.POST.get(f"ack-reason-{finding.pk}", ""),
                read=read,
                finding=finding,
            )
        except (WorkflowError, NotAllowed) as error:
            self.message_user(request, error.message, messages.ERROR)
            tell_what_changed(self, request, article, error, read)
        else:
            self.message_user(request, f"Acknowledged: {finding}.", messages.SUCCESS)
        url = reverse("admin:evidence_article_change", args=[article.pk])
        return HttpResponseRedirect(f"{url}#claim-check")

    def source_rule_view(self, request, object_id):
        """An editor exempts the article from the source rule, with a reason, or revokes the exemption."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        action = Action.REVOKE_EXEMPTION if "revoke-exemption" in request.POST else Action.EXEMPT_SOURCES
        try:
            workflow.perform(action, item=article, by=request.user, comment=request.POST.get("exempt-reason", ""))
        except (WorkflowError, NotAllowed) as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, f"“{article}”: {STEPS[action].done}.", messages.SUCCESS)
        url = reverse("admin:evidence_article_change", args=[article.pk])
        return HttpResponseRedirect(f"{url}#claim-check")

    def references_view(self, request, object_id, extension):
        """The working copy's cited studies (any status: this is for staff) as a reference file."""
        article = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if extension not in FORMATS:
            raise Http404("References can be downloaded as .ris, .bib or .json.")
        cited = [c.study for c in article.citations.select_related("study").order_by("position", "pk")]
        studies, _ = number_references(article.body, cited)
        return references_response(studies, name=article.slug, extension=extension)
