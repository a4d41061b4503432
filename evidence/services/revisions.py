"""Every save of a working copy keeps a revision; revisions are never edited.

A revision copies the content fields, the many-to-many links and the ordered
child rows (citations, references) of the working copy at that moment.
"""

from django.db import transaction
from django.db.models import F, Max

from evidence.exceptions import WorkflowError
from evidence.models import Status
from evidence.services.audit import audit
from evidence.signals import revision_recorded

# An edit of content that the public can see, or could see again, starts a new
# round of review; the live revision stays what the public sees meanwhile.
_EDIT_REOPENS = {Status.PUBLISHED, Status.UNPUBLISHED, Status.ARCHIVED}


def record_revision(*, item, by, note: str = "", restored_from=None):
    """Snapshot `item` as its next revision and return the revision."""
    revision_model = item.revision_model()
    with transaction.atomic():
        number = (item.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        values = {name: getattr(item, name) for name in item.CONTENT_FIELDS}
        revision = revision_model.objects.create(
            item=item, number=number, created_by=by, note=note, restored_from=restored_from, **values
        )
        for name in item.CONTENT_M2M:
            getattr(revision, name).set(getattr(item, name).all())
        item.copy_children_to(revision)
        revision_recorded.send(sender=revision_model, revision=revision, item=item)
    return revision


def working_copy_saved(*, item, by, note: str = "", restored_from=None):
    """Record a writer's save: a new revision, a new edit version and, if needed, a return to draft."""
    with transaction.atomic():
        type(item).objects.filter(pk=item.pk).update(edit_version=F("edit_version") + 1)
        item.refresh_from_db(fields=["edit_version", "status"])
        revision = record_revision(item=item, by=by, note=note, restored_from=restored_from)
        from_status = item.status
        if from_status in _EDIT_REOPENS:
            item.status = Status.DRAFT
            type(item).objects.filter(pk=item.pk).update(status=Status.DRAFT)
        audit(
            item=item,
            actor=by,
            action="saved",
            from_status=from_status,
            to_status=item.status,
            revision_number=revision.number,
            comment=note,
        )
    return revision


def restore_revision(*, item, revision, by):
    """Make an old revision the working copy again, as a new draft revision."""
    if item.is_locked:
        raise WorkflowError(
            f"“{item}” is {item.get_status_display().lower()}; reopen it for editing before restoring a revision.",
            code="locked",
        )
    with transaction.atomic():
        for name in item.CONTENT_FIELDS:
            setattr(item, name, getattr(revision, name))
        item.full_clean()
        item.save()
        for name in item.CONTENT_M2M:
            getattr(item, name).set(getattr(revision, name).all())
        item.restore_children_from(revision)
        # The revision whose author wrote these words: a restore of a restore still names the first writer, so
        # the four-eyes rule (accounts.permissions) finds them however many times the text was brought back.
        origin = revision.restored_from or revision
        return working_copy_saved(
            item=item, by=by, note=f"Restored from revision {revision.number}", restored_from=origin
        )
