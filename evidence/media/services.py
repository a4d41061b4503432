"""Writes on figures. The rules: an upload is stored only once its content passes the checks (uploads.py), with
its renditions; each saved article revision keeps a copy of its figures' words; a figure a live article shows,
or an approved revision waiting to go live, cannot be deleted.
"""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from evidence.media.markers import figure_ids_in
from evidence.media.models import SNAPSHOT_FIELDS, Figure, RevisionFigure
from evidence.media.renditions import make_renditions
from evidence.media.selectors import revisions_holding
from evidence.media.uploads import CheckedImage, check_upload
from evidence.models import ArticleRevision


class FigureInUse(ValidationError):
    """A figure that a live article shows, or an approved revision is waiting to show."""


def figure_upload(*, upload, by, **fields) -> Figure:
    """Check `upload` by its content and store it (figure_create); ValidationError with a `code` if refused."""
    return figure_create(checked=check_upload(upload), name=getattr(upload, "name", ""), by=by, **fields)


def figure_create(*, checked: CheckedImage, name: str, by, **fields) -> Figure:
    """Store a checked image (EXIF already gone) as a new figure with its renditions, and return it.

    `fields` are the figure's words (alt_text, decorative, caption, …); a missing title is the file's name.
    Raises ValidationError for missing alt text; nothing is stored then.
    """
    fields["title"] = fields.get("title") or PurePosixPath(name or "image").stem[:200] or "image"
    figure = Figure(
        uploaded_by=by,
        file_digest=checked.digest,
        format=checked.format,
        width=checked.width,
        height=checked.height,
        **fields,
    )
    figure.full_clean(exclude=["file"])
    written = []
    try:
        with transaction.atomic():
            figure.file.save(f"upload{checked.extension}", ContentFile(checked.content), save=False)
            written.append(figure.file.name)
            figure.save()
            written += [rendition.file.name for rendition in make_renditions(figure)]
    except Exception as error:
        if not _storage_failure(error):
            raise
        _forget(figure.file.storage, [*written, figure.file.name])
        raise ValidationError(
            "The image could not be stored: the file store is not answering. Nothing was saved; try again in a "
            "few minutes, and tell an administrator if it keeps happening.",
            code="storage_unavailable",
        ) from error
    return figure


def _storage_failure(error) -> bool:
    """A local disk or folder that refuses (OSError), or an object store that does (boto's errors)."""
    if isinstance(error, OSError):
        return True
    return type(error).__module__.startswith(("botocore", "boto3", "storages"))


def _forget(storage, names):
    """Remove what a failed upload did write, as far as the store lets us (it may still be down)."""
    for name in {name for name in names if name}:
        try:
            storage.delete(name)
        except Exception:  # best effort: the store that just failed may fail again
            continue


def figure_delete(*, figure: Figure) -> None:
    """Delete a figure with its stored files, unless a live or approved article revision shows it."""
    holding = list(revisions_holding(figure))
    if holding:
        names = "; ".join(f"“{revision.title}”" for revision in holding[:5])
        raise FigureInUse(
            f"“{figure}” is shown by {names}. Remove it from the article and publish that revision first.",
            code="figure_in_use",
        )
    files = [figure.file, *(rendition.file for rendition in figure.renditions.all())]
    with transaction.atomic():
        figure.delete()
        # Files go once the rows are gone for good: a failed delete keeps both.
        transaction.on_commit(lambda: [stored.storage.delete(stored.name) for stored in files if stored.name])


def snapshot_figures(*, revision: ArticleRevision) -> list[RevisionFigure]:
    """Copy the words of every figure `revision`'s body places, in order of first use."""
    ids = figure_ids_in(revision.body)
    figures = Figure.objects.in_bulk(ids)
    snapshots = [
        RevisionFigure(
            revision=revision,
            figure=figures[figure_id],
            position=position,
            **{name: getattr(figures[figure_id], name) for name in SNAPSHOT_FIELDS},
        )
        for position, figure_id in enumerate((i for i in ids if i in figures), 1)
    ]
    return RevisionFigure.objects.bulk_create(snapshots)


def revision_recorded(sender, *, revision, **kwargs):
    """Receiver of evidence.signals.revision_recorded: article revisions keep their figures' words."""
    if sender is ArticleRevision:
        snapshot_figures(revision=revision)
