"""Writing the audit trail: one entry per action, in the same transaction as the action."""

from django.contrib.contenttypes.models import ContentType

from evidence.models import AuditEntry


def audit(*, item, actor, action, from_status="", to_status="", revision_number=None, comment=""):
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        item_label=str(item)[:300],
        from_status=from_status,
        to_status=to_status,
        revision_number=revision_number,
        comment=comment,
    )
