"""What the public saw change, and when, read from the audit trail.

The workflow writes an audit entry for every publish, withdrawal and medical
re-review in the same transaction as the change itself, so the trail is a
durable, ordered log of public changes that needs no second table: it cannot
miss a change that committed, nor record one that rolled back.

Entry ids grow in the order rows were inserted, not in the order their
transactions committed. A reader that moved past id 101 could miss id 100 if
100's transaction committed a moment later. So the feed and the ETags only
trust entries older than EVIDENCE_API_SETTLE_SECONDS: by then every
publishing transaction (a few queries under a row lock) has committed.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from evidence.models import Article, AuditEntry, Condition, Disclaimer, Study
from evidence.models.actions import PUBLIC_ACTIONS

TYPES = {"article": Article, "study": Study, "condition": Condition, "disclaimer": Disclaimer}


def settled_before(now=None):
    return (now or timezone.now()) - timedelta(seconds=settings.EVIDENCE_API_SETTLE_SECONDS)


def public_changes(types=None):
    """Audit entries of public changes, oldest first; `types` narrows to some of TYPES' names."""
    models = [TYPES[name] for name in (types or TYPES)]
    content_types = ContentType.objects.get_for_models(*models).values()
    return AuditEntry.objects.filter(action__in=PUBLIC_ACTIONS, content_type__in=content_types).order_by("pk")


def content_version(now=None):
    """(latest change id, latest settled change id, latest change time): what every public answer depends on.

    Both ids go into ETags: the first changes at once when something is
    published; the second changes again once a change settles, so a change
    that committed late (see above) still yields a new ETag. Two look-ups that
    each read a row or two from the end of the `audit_public_changes` index,
    however long the trail grows.
    """
    changes = _newest_public_changes()
    latest = changes.values_list("pk", "created_at").first() or (0, None)
    settled = changes.filter(created_at__lte=settled_before(now)).values_list("pk", flat=True).first() or 0
    return latest[0], settled, latest[1]


def latest_change_at():
    """When the public last saw a change (None before the first): one row from the end of the index."""
    return _newest_public_changes().values_list("created_at", flat=True).first()


def _newest_public_changes():
    return AuditEntry.objects.filter(action__in=PUBLIC_ACTIONS).order_by("-pk")
