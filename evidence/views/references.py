"""Public downloads of a live article's references, read through the selectors like every public page."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from evidence import selectors
from evidence.citations.export import FORMATS, WRITERS
from evidence.citations.markers import number_references
from evidence.presenters.pages import live_studies_of
from evidence.views.moved import moved_or_404


def references_response(studies, *, name: str, extension: str) -> HttpResponse:
    """The studies as a file download in the format named by `extension`."""
    response = HttpResponse(WRITERS[extension](studies), content_type=FORMATS[extension].content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}-references.{extension}"'
    return response


@require_safe
def article_references(request, slug, extension):
    if extension not in FORMATS:
        raise Http404("References can be downloaded as .ris, .bib or .json.")
    article = selectors.live_article(slug)
    if article is None:
        current = selectors.article_redirect_slug(slug)
        return moved_or_404(request, current, "evidence:article_references", "slug", "article", extension=extension)
    # The same studies, in the same order, as the article page's reference list.
    studies, _ = number_references(article.body, live_studies_of(article))
    return references_response(studies, name=article.slug, extension=extension)
