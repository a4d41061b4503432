"""Reads on figures. The public's rule lives here: a stored image file reaches a reader only as a rendition of a
figure that a live article revision shows, with the very pixels that revision's reviewer approved.
"""

from django.db.models import F, Prefetch, Q, prefetch_related_objects

from evidence.media.markers import figure_ids_in, has_figures
from evidence.media.models import SNAPSHOT_FIELDS, Figure, Rendition, RevisionFigure
from evidence.models import ArticleRevision, Status, Study
from evidence.selectors.live import with_live_revision

CHOOSER_SIZE = 24


def _shown_by_public():
    # The pixels must be the ones approved: a snapshot whose digest is not the figure's never counts.
    return Q(revision__is_live=True) & Q(file_digest=F("figure__file_digest"))


def revisions_holding(figure: Figure):
    """Article revisions that keep `figure` from being deleted: the live ones, and approved ones waiting to go live."""
    waiting = Q(approved_at__isnull=False, item__status=Status.APPROVED)
    return (
        ArticleRevision.objects.filter(figure_snapshots__figure=figure)
        .filter(Q(is_live=True) | waiting)
        .distinct()
        .order_by("title")
    )


def revisions_using(figure: Figure):
    """The latest ten article revisions whose body places `figure` (for the figure's admin page)."""
    return (
        ArticleRevision.objects.filter(figure_snapshots__figure=figure)
        .select_related("item")
        .order_by("-created_at", "-pk")[:10]
    )


def publicly_shown_file(name: str) -> Rendition | None:
    """The rendition stored as `name` if a live article shows its figure, else None (originals never are)."""
    shown = RevisionFigure.objects.filter(_shown_by_public())
    return Rendition.objects.filter(file=name, figure__snapshots__in=shown).first()


def chooser_figures(text: str = ""):
    """The library's figures for the editor's chooser, newest first, with their renditions for thumbnails."""
    return Figure.objects.search(text).prefetch_related("renditions")[:CHOOSER_SIZE]


def _snapshots():
    studies = with_live_revision(Study.objects.all(), "live_study")
    return RevisionFigure.objects.select_related("figure").prefetch_related(
        "figure__renditions", Prefetch("source_study", queryset=studies)
    )


def attach_figures(revisions) -> None:
    """Prefetch the figure snapshots of those `revisions` whose body places a figure (no query when none does).

    Draft objects of the workbench (not saved revisions) are skipped: they bring their own (unsaved_snapshots).
    """
    wanted = [
        revision
        for revision in revisions
        if isinstance(revision, ArticleRevision)
        and has_figures(revision.body)
        and "figure_snapshots" not in getattr(revision, "_prefetched_objects_cache", {})
    ]
    if wanted:
        prefetch_related_objects(wanted, Prefetch("figure_snapshots", queryset=_snapshots()))


def unsaved_snapshots(body: str) -> list[RevisionFigure]:
    """The snapshots saving `body` would make, not saved: the figures it places with their words as they are now,
    in order of first use, prefetched as attach_figures prefetches saved ones. For the workbench's live preview,
    so a figure placed in text not saved yet shows as it will once saved."""
    ids = figure_ids_in(body)
    if not ids:
        return []
    studies = with_live_revision(Study.objects.all(), "live_study")
    figures = Figure.objects.prefetch_related("renditions", Prefetch("source_study", queryset=studies)).in_bulk(ids)
    placed = [figures[figure_id] for figure_id in ids if figure_id in figures]
    return [
        RevisionFigure(figure=figure, position=position, **{name: getattr(figure, name) for name in SNAPSHOT_FIELDS})
        for position, figure in enumerate(placed, 1)
    ]
