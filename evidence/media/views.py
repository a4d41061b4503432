"""Stored figure files served from local storage, and the editor's figure chooser.

With local storage (the demo, a single server) this site serves the files itself. The rule: a reader gets a
rendition only while a live article shows its figure with the approved pixels (selectors.publicly_shown_file);
staff signed in to the admin get any figure file, so the admin and previews can show drafts. With an object
store, URLs point at the store and no request comes here.
"""

import mimetypes

from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.views.decorators.http import require_safe

from evidence.media import selectors

FIGURE_FOLDER = "figures/"
PUBLIC_MAX_AGE = 24 * 60 * 60  # names never change; a day bounds how long a withdrawn figure lingers in caches


@require_safe
def figure_file(request, name):
    if not name.startswith(FIGURE_FOLDER) or ".." in name.split("/"):
        raise Http404("No such file.")
    staff = request.user.is_active and request.user.is_staff
    if not staff and selectors.publicly_shown_file(name) is None:
        raise Http404("No such file.")
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404("No such file.") from error
    response = FileResponse(stored, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response["Cache-Control"] = "private, max-age=300" if staff else f"public, max-age={PUBLIC_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _thumbnail(figure):
    renditions = sorted(figure.renditions.all(), key=lambda r: (r.format != "WEBP", r.width))
    return renditions[0].file.url if renditions else ""


@require_safe
@staff_member_required
def chooser(request):
    """JSON for the editor's "insert figure" dialog: ?q= searches title, alt text and caption."""
    if not request.user.has_perm("media.view_figure"):
        return JsonResponse({"error": "You may not see the figure library."}, status=403)
    figures = selectors.chooser_figures(request.GET.get("q", "")[:200])
    return JsonResponse(
        {
            "results": [
                {
                    "id": figure.pk,
                    "title": figure.title,
                    "alt_text": figure.alt_text,
                    "decorative": figure.decorative,
                    "caption": figure.caption,
                    "width": figure.width,
                    "height": figure.height,
                    "thumbnail": _thumbnail(figure),
                    "marker": figure.marker,
                }
                for figure in figures
            ]
        }
    )
