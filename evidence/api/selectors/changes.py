"""The changes feed: what was published, updated or withdrawn after a point, so a copy elsewhere stays right.

Each change names an item once, with its state *now*: an item that is public
now is "published" (first public after the point) or "updated"; one that is
not is a tombstone, "withdrawn". A client applies changes in order (upsert or
delete) and keeps the cursor for next time. Reading the same changes twice
is harmless, and a change made while a client pages shows up on a later page.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from evidence import selectors
from evidence.models.changes import TYPES, public_changes, settled_before

PUBLISHED, UPDATED, WITHDRAWN = "published", "updated", "withdrawn"
_CURSOR_PREFIX = "c1."


class BadPosition(ValueError):
    """`since` is neither a time nor a cursor from this feed."""


@dataclass(frozen=True)
class Position:
    """After change `after_id` (a cursor; `since` is then that change's time), or after a time `since`."""

    after_id: int | None = None
    since: datetime | None = None

    def encode(self) -> str:
        data = {"a": self.after_id, "t": self.since.isoformat() if self.since else None}
        return _CURSOR_PREFIX + base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    @classmethod
    def parse(cls, value: str | None) -> "Position":
        if not value:
            return cls()
        if value.startswith(_CURSOR_PREFIX):
            return cls._decode(value.removeprefix(_CURSOR_PREFIX))
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is None:
            raise BadPosition("Give an ISO 8601 time (e.g. 2026-01-31T09:00:00Z) or the cursor of a previous answer.")
        try:
            # In UTC: databases refuse some offsets Python accepts (e.g. -23:11).
            aware = moment if timezone.is_aware(moment) else moment.replace(tzinfo=timezone.UTC)
            since = aware.astimezone(timezone.UTC)
        except OverflowError:
            raise BadPosition("Give a time between the years 1 and 9999.") from None
        return cls(since=since)

    @classmethod
    def _decode(cls, encoded):
        try:
            data = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
            after_id, since = data["a"], data["t"]
            since = parse_datetime(since) if since else None
            if not (after_id is None or (isinstance(after_id, int) and 0 <= after_id < 2**63)):
                raise ValueError(after_id)
        except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
            raise BadPosition("This cursor is not valid; use the cursor of a previous answer unchanged.") from None
        return cls(after_id=after_id, since=since)


@dataclass
class Change:
    type: str
    id: int
    change: str
    changed_at: datetime
    reason: str  # why: published, new_revision, re_reviewed, withdrawn, or e.g. disclaimer_changed
    revision: object = None  # the live revision, for published and updated items
    withdrawal_reason: str = ""  # for withdrawn items: the public reason (evidence.models.base.WithdrawalReason)


# The reason an item's own workflow move gives; a change to something it shows carries its own (`reason`).
_OWN_REASONS = {"publish": "new_revision", "unpublish": "withdrawn", "re_review": "re_reviewed"}


def _reason(action, reason, change):
    if change == PUBLISHED:
        return "published"
    return reason or _OWN_REASONS.get(action, action)


@dataclass
class ChangesPage:
    changes: list
    position: Position
    has_more: bool


def _entries(position, types, limit):
    entries = public_changes(types).filter(created_at__lte=settled_before())
    if position.after_id is not None:
        entries = entries.filter(pk__gt=position.after_id)
    elif position.since is not None:
        entries = entries.filter(created_at__gt=position.since)
    columns = ("pk", "content_type__model", "object_id", "created_at", "action", "reason")
    return list(entries.values_list(*columns)[: limit + 1])


def _live_revisions(item_ids_by_type):
    """The live revision of each named item, per type, from the selectors (one light query per type)."""
    querysets = {
        "article": selectors.live_articles,
        "study": selectors.live_studies,
        "condition": selectors.live_conditions,
        "disclaimer": selectors.live_disclaimers,
    }
    found = {}
    for name, ids in item_ids_by_type.items():
        revisions = (
            querysets[name]()
            .select_related(None)
            .prefetch_related(None)
            .filter(item_id__in=ids)
            .annotate(first_published=F("item__first_published_at"))
        )
        found[name] = {revision.item_id: revision for revision in revisions}
    return found


def _withdrawal_reasons(item_ids_by_type):
    """{(type, id): public reason} of withdrawn items (one query per type that has any)."""
    found = {}
    for name, ids in item_ids_by_type.items():
        if ids:
            model = TYPES[name]
            rows = model.objects.filter(pk__in=ids).values_list("pk", "withdrawal_reason")
            found |= {(name, pk): reason for pk, reason in rows}
    return found


def _now_if_future(position: Position) -> Position:
    """A `since` later than now is read as now: the answer's cursor is never ahead of the server's clock, so a
    change made in between is never skipped."""
    now = timezone.now()
    if position.after_id is None and position.since is not None and position.since > now:
        return Position(since=now)
    return position


def changes_since(position: Position, *, types=None, limit=100) -> ChangesPage:
    position = _now_if_future(position)
    rows = _entries(position, types, limit)
    has_more, rows = len(rows) > limit, rows[:limit]
    latest = {}  # (type, id) -> (time, action, reason) of its last change on this page, in order of last change
    for _pk, model_name, object_id, created_at, action, reason in rows:
        latest.pop((model_name, object_id), None)
        latest[(model_name, object_id)] = (created_at, action, reason)
    ids_by_type = {}
    for name, object_id in latest:
        ids_by_type.setdefault(name, []).append(object_id)
    live = _live_revisions(ids_by_type)
    gone = {name: [i for i in ids if i not in live[name]] for name, ids in ids_by_type.items()}
    reasons = _withdrawal_reasons(gone)
    changes = []
    for (name, object_id), (changed_at, action, reason) in latest.items():
        revision = live[name].get(object_id)
        if revision is None:
            why = reasons.get((name, object_id), "")
            changes.append(Change(name, object_id, WITHDRAWN, changed_at, "withdrawn", withdrawal_reason=why))
            continue
        # `since` is the time of the point read from (None: from the very beginning).
        is_new = position.since is None or revision.first_published > position.since
        change = PUBLISHED if is_new else UPDATED
        changes.append(Change(name, object_id, change, changed_at, _reason(action, reason, change), revision))
    next_position = Position(after_id=rows[-1][0], since=rows[-1][3]) if rows else position
    return ChangesPage(changes=changes, position=next_position, has_more=has_more)


__all__ = ["TYPES", "BadPosition", "Change", "ChangesPage", "Position", "changes_since"]
