"""The workbench's two endpoints behind the admin's sign-in: the live preview and the autosave.

Both answer JSON to the editor's scripts, refuse what the person's admin permissions refuse, and are
never cached. The preview writes nothing (it runs in a transaction that is rolled back); the autosave
writes only the person's own draft row.
"""

import json

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from evidence.admin.previews import dressed_preview
from evidence.citations import claim_check
from evidence.citations.marker_checks import dangling_markers
from evidence.models import Article, ClaimRule, Condition, Disclaimer, Study
from evidence.workbench import autosaves, drops
from evidence.workbench.drafts import BadDraft, draft_from_form

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
            "notes": draft.notes,
        }
    )


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
