"""The shape of seeded rows: which columns a working copy, a revision and an audit entry get, and when.

Kept apart from the seeders so that studies, conditions and articles are all
written with the same columns the workflow would have filled.
"""

from datetime import timedelta

from evidence.models import Status

S = Status
WORKING_COPY = ("id", "status", "edit_version", "created_at", "updated_at", "created_by_id", "first_published_at")
REVISION = (
    "id", "item_id", "number", "created_at", "created_by_id", "note", "is_live", "approved_by_id", "approved_at",
    "published_at",
)  # fmt: skip
ARTICLE_REVIEW = ("medical_reviewer_id", "last_reviewed_at", "last_reviewed_by_id", "next_review_due")
AUDIT = (
    "created_at", "actor_id", "action", "content_type_id", "object_id", "item_label", "from_status", "to_status",
    "revision_number", "comment",
)  # fmt: skip
NOTE = "Synthetic benchmark content (seed_bench)"
LIBRARY_AGE = timedelta(days=6 * 365)
REVIEW_INTERVAL = timedelta(days=365)

# The last action that left an unpublished article where it is.
UNPUBLISHED = (
    (S.DRAFT, "saved"),
    (S.IN_REVIEW, "submit"),
    (S.CHANGES_REQUESTED, "request_changes"),
    (S.APPROVED, "approve"),
    (S.UNPUBLISHED, "unpublish"),
)
EDITED = "edited"  # live, with a newer draft revision the public must not see


def content_columns(model):
    return tuple(model._meta.get_field(name).attname for name in model.CONTENT_FIELDS)


def article_state(number):
    """Where the workflow left article `number`: 1 in 20 not public, 1 in 10 live with a newer draft."""
    if number % 20 == 19:
        return UNPUBLISHED[(number // 20) % len(UNPUBLISHED)][0]
    return EDITED if number % 10 == 4 else S.PUBLISHED


def study_is_live(number):
    return number % 50 != 49  # 1 in 50 studies is still in review, and nobody cites it


class Batch:
    """The rows of one transaction: working copies, their revisions and their audit entries."""

    def __init__(self):
        self.items, self.revisions, self.audits = [], [], []


class Timeline:
    """When item n of `total` was saved, approved and published: spread evenly over the library's life."""

    def __init__(self, rng, now):
        self.rng, self.now, self.start = rng, now, now - LIBRARY_AGE

    def of(self, number, total):
        offset = LIBRARY_AGE * ((number + 1) / (total + 1)) + timedelta(seconds=self.rng.randrange(3600))
        published = min(self.start + offset, self.now)
        approved = published - timedelta(hours=self.rng.randint(1, 72))
        saved = approved - timedelta(days=self.rng.randint(1, 14))
        return saved, approved, published
