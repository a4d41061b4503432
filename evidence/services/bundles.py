"""One review round per article: the studies and conditions it brings with it go through review beside it.

An article that cites a new study under a new condition used to need three rounds (article, study, condition).
Now the article's *bundle* — every study it cites and every condition it is about (and each new study's
conditions) that has never been public — moves with it: submitted with it, approved or sent back with it, and
published before it in the same transaction, all or nothing. Each item still moves through `workflow.perform`,
so it keeps its own revisions, audit entries and four-eyes rule; an item already live is left alone.
"""

import hashlib

from evidence.models import Condition, Status, Study

S = Status


def bundle_of(article) -> list:
    """The never-public studies and conditions `article`'s working copy brings into its review, studies first."""
    studies = list(Study.objects.filter(citations__article=article).exclude(revisions__is_live=True).distinct())
    conditions = Condition.objects.filter(articles=article) | Condition.objects.filter(studies__in=studies)
    conditions = conditions.exclude(revisions__is_live=True).distinct()
    return [*studies, *conditions.order_by("name")]


def bundle_digest(article) -> str:
    """A fingerprint of the bundle as it stands (items, revisions, texts): what the reviewer's page showed.

    Sent back with the decision, like the article's own digest, so nobody approves a study revision saved after
    they opened the article; "" when the article brings nothing."""
    parts = [
        (item._meta.label, item.pk, latest.number, latest.text_digest())
        for item in bundle_of(article)
        if (latest := item.latest_revision) is not None
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20] if parts else ""


# The article's move -> what each bundled item in which status does beside it.
_CARRIED = {
    "submit": ({S.DRAFT, S.CHANGES_REQUESTED}, "submit"),
    "withdraw": ({S.IN_REVIEW}, "withdraw"),
    "request_changes": ({S.IN_REVIEW}, "request_changes"),
    "approve": ({S.IN_REVIEW}, "approve"),
    "publish": ({S.APPROVED}, "publish"),
}


def carry(action, article, *, by, comment="", perform, now=None) -> list:
    """Make `action`'s counterpart on every bundled item that stands where it applies; return the items moved.

    `perform` is `workflow.perform` (passed in: this module sits below the door). A refusal for any item
    propagates, so the article's move fails with it and nothing is half done. The system's moves (a scheduled
    publication, `by` None) skip the person checks, as the article's own move does.
    """
    if action not in _CARRIED:
        return []
    statuses, counterpart = _CARRIED[action]
    moved = []
    for item in bundle_of(article):
        if item.status not in statuses or item.latest_revision is None:
            continue  # a withdrawn or archived item stays out, as does one never saved (nothing to review)
        note = comment or f"In one review with the article “{article}”."
        details = {"now": now} if counterpart == "publish" and now else {}
        perform(
            counterpart, item=item, by=by, comment=note, skip_permission_checks=by is None, bundled_with=article,
            **details,
        )  # fmt: skip
        moved.append(item)
    return moved
