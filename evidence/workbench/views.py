"""The workbench's endpoints behind the admin's sign-in: the live preview, the autosave, and the study look-ups
(the citation picker's library search, "Fill in from a DOI, PMID or PMCID", adding a study from the picker).

All answer JSON to the editor's scripts, refuse what the person's admin permissions refuse, and are never
cached. The preview writes nothing (it runs in a transaction that is rolled back); the autosave writes only
the person's own draft row; adding a study saves it as the person's draft, as the Add study form would.
"""

import json

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from evidence.admin.previews import dressed_preview
from evidence.citations import claim_check
from evidence.citations.marker_checks import dangling_markers
from evidence.lookups.http import LookupFailed, NotFound
from evidence.lookups.study_from_identifier import NotAnIdentifier, identify
from evidence.models import Article, ClaimRule, Condition, Disclaimer, Study
from evidence.presenters.reading_age import reading_age
from evidence.workbench import autosaves, drops
from evidence.workbench.citing import unknown_identifiers
from evidence.workbench.drafts import BadDraft, draft_from_form
from evidence.workbench.library import search_library
from evidence.workbench.studies import NoDesignSuggested, add_study, in_library, look_up_study, study_values

KINDS = {model._meta.model_name: model for model in (Article, Study, Condition, Disclaimer)}


def _answer(data, status=200):
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _item_for(request, model, object_id):
    """The item the person may edit, None on the add form; otherwise refuse.

    Both endpoints serve the editor, so both ask what editing asks: the change permission (for a POST the
    admin asks it of the model, so a page opened before a lock still keeps its typing), or the add
    permission on the add form. People who only read (marketing, a reviewer) have "Preview revision N".
    """
    model_admin = admin.site.get_model_admin(model)
    if object_id is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    item = get_object_or_404(model, pk=object_id)
    if not model_admin.has_change_permission(request, item):
        raise PermissionDenied
    return item


@require_POST
def article_preview(request, object_id=None):
    """The article page as the public would see the form's text now, plus what the renderer would drop."""
    item = _item_for(request, Article, object_id)
    try:
        draft = draft_from_form(request.POST, item=item, person=request.user)
    except BadDraft as error:
        return _answer({"error": str(error)}, status=400)
    with transaction.atomic():
        preview = dressed_preview(draft.article, draft.citations, draft.conditions)
        page = render_to_string("evidence/article_detail.html", preview.context(), request=request)
        hits = claim_check.scan(draft.article, ClaimRule.objects.active())
        dangling = dangling_markers(draft.article.body, [citation.study for citation in draft.citations])
        transaction.set_rollback(True)  # a preview never writes, whatever a lower layer might try
    return _answer(
        {
            "page": page,
            "dropped": drops.as_json(drops.dropped(draft.article.body)),
            "dangling": [d.message for d in dangling],
            "claims": [
                {"rule": h.rule.name, "field": h.field, "text": h.matched_text, "explanation": h.rule.explanation}
                for h in hits
            ],
            "unpublished": [str(thing) for thing in preview.unpublished],
            "addable": [{"marker": str(m), "identifier": m.value} for m in unknown_identifiers(draft.article.body)],
            "notes": draft.notes,
            "reading_age": _reading_age(draft.article),
        }
    )


def _reading_age(article) -> dict:
    """The summary and body's reading age against the target (EVIDENCE_READING_AGE_TARGET), beside the editor."""
    age, target = reading_age(article.summary, article.body), settings.EVIDENCE_READING_AGE_TARGET
    return {"age": age, "target": target, "above_target": age is not None and age > target}


def _kind(kind):
    if kind not in KINDS:
        raise Http404("No such kind of item.")
    return KINDS[kind]


@require_POST
def autosave(request, kind, object_id=None):
    """Keep the person's typing as their draft of the item; answer when it was kept."""
    model = _kind(kind)
    item = _item_for(request, model, object_id)
    try:
        fields = json.loads(request.POST.get("fields", ""))
        seen = request.POST.get("seen_edit_version", "")
        row = autosaves.keep(
            user=request.user,
            model=model,
            item_id=getattr(item, "pk", None),
            fields=fields,
            seen_edit_version=int(seen) if seen.isdecimal() else None,
        )
    except (ValueError, autosaves.BadAutosave) as error:  # json's JSONDecodeError is a ValueError
        message = str(error) if isinstance(error, autosaves.BadAutosave) else "The draft could not be read."
        return _answer({"error": message}, status=400)
    saved_at = timezone.localtime(row.saved_at)
    return _answer({"saved_at": saved_at.isoformat(), "time": saved_at.strftime("%H:%M")})


@require_POST
def discard_autosave(request, kind, object_id=None):
    """Forget the person's draft of the item (they chose not to restore it)."""
    model = _kind(kind)
    item = _item_for(request, model, object_id)
    autosaves.discard(user=request.user, model=model, item_id=getattr(item, "pk", None))
    return _answer({"discarded": True})


# -- studies: the citation picker and "Fill in from a DOI, PMID or PMCID" ---------------------------------------
def _may_cite(request):
    """The picker serves whoever may write an article (marketing and reviewers may not)."""
    article_admin = admin.site.get_model_admin(Article)
    if not (article_admin.has_add_permission(request) or article_admin.has_change_permission(request)):
        raise PermissionDenied


def _study(study, request) -> dict:
    public = getattr(study, "is_live_now", None)
    if public is None:
        public = study.live_revision is not None
    authors = [a.get("family", "") for a in study.authors[:2]]
    return {
        "key": study.citation_key,
        "label": str(study),
        "title": study.title,
        "authors": ", ".join(authors) + (" et al." if len(study.authors) > 2 or not study.authors_complete else ""),
        "year": study.year,
        "journal": study.journal,
        "doi": study.doi,
        "pmid": study.pmid,
        "status": study.get_status_display(),
        "public": public,
        "url": reverse("admin:evidence_study_change", args=[study.pk]),
    }


def _failed(error):
    """A registry's failure, said plainly; the writer types the details as before."""
    status = 404 if isinstance(error, NotFound) else 502
    return _answer({"error": f"{error} You can type the details yourself."}, status=status)


@require_GET
def library_search(request):
    """Studies matching the picker's search; an identifier the library lacks is offered for adding."""
    _may_cite(request)
    term = request.GET.get("q", "")
    studies = search_library(term)
    identifier = None
    try:
        kind, value = identify(term)
    except NotAnIdentifier:
        pass
    else:
        if in_library(term) is None:
            identifier = {"kind": kind, "value": value}
    may_add = admin.site.get_model_admin(Study).has_add_permission(request)
    return _answer({"results": [_study(s, request) for s in studies], "identifier": identifier, "mayAdd": may_add})


def form_values(values: dict) -> dict:
    """Study values as the Add study form's fields hold them (authors one per line as "Family, Given")."""
    shown = dict(values)
    if "authors" in shown:
        shown["authors"] = "\n".join(", ".join(p for p in (a["family"], a["given"]) if p) for a in shown["authors"])
    return {name: value if isinstance(value, bool) else str(value) for name, value in shown.items()}


@require_POST
def study_lookup(request):
    """What the registries say about the paper an identifier names, for the Add study form; nothing is saved."""
    _item_for(request, Study, None)
    try:
        lookup = look_up_study(request.POST.get("identifier", ""))
    except NotAnIdentifier as error:
        return _answer({"error": str(error)}, status=400)
    except LookupFailed as error:
        return _failed(error)
    if lookup.existing is not None:
        return _answer({"existing": _study(lookup.existing, request)})
    found, design = lookup.found, lookup.found.fields.get("design", "")
    return _answer(
        {
            "fields": form_values(study_values(found)),
            "design": {
                "value": design,
                "label": Study(design=design).get_design_display(),
                "reason": found.design_reason,
            },
            "sources": found.sources,
            "warnings": found.warnings,
        }
    )


@require_POST
def study_add(request):
    """Add the study an identifier names as the writer's draft (or find it in the library), for the picker."""
    _may_cite(request)
    _item_for(request, Study, None)
    term = request.POST.get("identifier", "")
    try:
        study, added = add_study(term=term, by=request.user)
    except NotAnIdentifier as error:
        return _answer({"error": str(error)}, status=400)
    except LookupFailed as error:
        return _failed(error)
    except NoDesignSuggested as error:
        return _answer({"error": str(error)}, status=409)
    return _answer({"study": _study(study, request), "added": added})
