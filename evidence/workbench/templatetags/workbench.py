"""`{% workbench %}` on a working copy's change form: the editor's settings, the restore offer, the conflict view."""

from django import forms, template
from django.urls import reverse
from django.utils import timezone

from evidence.workbench import autosaves
from evidence.workbench.conflicts import conflicts, is_stale_edit

register = template.Library()

MARKDOWN_FIELDS = {"article": ["body"]}  # what the public renders as Markdown; other long fields are plain text
_TEXT_WIDGETS = (forms.TextInput, forms.Textarea, forms.URLInput, forms.NumberInput, forms.EmailInput)


def _text_fields(form):
    return [name for name, f in form.fields.items() if isinstance(f.widget, _TEXT_WIDGETS) and not f.disabled]


def _urls(kind, pk):
    where = {"kind": kind} | ({"object_id": pk} if pk else {})
    urls = {
        "autosave": reverse("workbench:autosave" if pk else "workbench:autosave_add", kwargs=where),
        "discard": reverse("workbench:discard" if pk else "workbench:discard_add", kwargs=where),
    }
    if kind == "article":
        urls["preview"] = reverse(
            "workbench:article_preview" if pk else "workbench:article_preview_add",
            kwargs={"object_id": pk} if pk else {},
        )
        # The citation picker: search the library, add a study by its identifier, or open Add study with it.
        urls |= {
            "librarySearch": reverse("workbench:library_search"),
            "addStudy": reverse("workbench:study_add"),
            "addStudyPage": reverse("admin:evidence_study_add"),
        }
        # The figure chooser behind the editor's Figure button, and the page to upload what it lacks.
        urls |= {"figureChooser": reverse("media:chooser"), "figureUpload": reverse("admin:media_figure_upload")}
    if kind == "study" and not pk:
        urls["lookup"] = reverse("workbench:study_lookup")  # "Fill in from a DOI, PMID or PMCID"
    return urls


def _offered(request, model, item, form, names):
    if request.method != "GET":
        return None  # a refused save shows the typed text itself
    values = {name: form[name].value() for name in names}
    values = {name: form.fields[name].prepare_value(value) for name, value in values.items()}
    row = autosaves.offer(user=request.user, model=model, item=item, form_values=values)
    if row is None:
        return None
    at = timezone.localtime(row.saved_at)
    return {"fields": row.fields, "savedAt": at.isoformat(), "time": at.strftime("%H:%M"), "day": at.strftime("%d %b")}


@register.inclusion_tag("admin/evidence/includes/workbench.html", takes_context=True)
def workbench(context):
    request, adminform = context["request"], context.get("adminform")
    if adminform is None:
        return {"workbench": None}
    form, item, opts = adminform.form, context.get("original"), context["opts"]
    kind, names = opts.model_name, _text_fields(form)
    editable = bool(names) and (context.get("has_change_permission") or context.get("add"))
    if not editable:
        return {"workbench": None}
    last_saved = autosaves.last_own_save(user=request.user, model=opts.model, item=item)
    stale = request.method == "POST" and item is not None and is_stale_edit(form)
    saved = type(item).objects.get(pk=item.pk) if stale else None
    return {
        "csp_nonce": context.get("csp_nonce"),  # an inclusion tag's template starts a new context: pass the nonce on
        "workbench": {
            "kind": kind,
            "objectId": getattr(item, "pk", None),
            "urls": _urls(kind, getattr(item, "pk", None)),
            "markdownFields": MARKDOWN_FIELDS.get(kind, []),
            "textFields": names,
            "offer": _offered(request, opts.model, item, form, names),
            "userLastSavedAt": last_saved.isoformat() if last_saved else None,
            "storageKey": f"evidence-workbench:{request.user.pk}:{kind}:{getattr(item, 'pk', None) or 'new'}",
            "serverNow": timezone.now().isoformat(),
            "currentEditVersion": saved.edit_version if saved else None,
        },
        "conflicts": conflicts(form, saved, names) if saved else [],
        "saved_by": getattr(saved, "latest_revision", None),
    }
