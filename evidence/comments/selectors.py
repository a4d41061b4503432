"""Reads about comments that cross models: what holds up approval, the threads beside the text and the diff,
and which revision "compare" starts from. Staff only; nothing public reads these (evidence.selectors.live)."""

from django.db.models import F, Max, Prefetch

from evidence.comments.models import Comment, Reply
from evidence.models import AuditEntry
from evidence.models.actions import Action


def unresolved_for(revision):
    """Open threads on `revision`'s article: approval of `revision` waits for them.

    The issue asks for the threads made on a revision since the last approval. Since approval is refused while
    any thread is open, every thread older than the last approval was resolved by then, so those are simply the
    open threads; read this way, a thread started on the live revision after its approval, or reopened since,
    holds up the next approval too, as it should.
    """
    return Comment.objects.open().filter(article_id=revision.item_id)


def threads_for(article, *, up_to=None):
    """The article's threads, open ones first, with their replies and people (three queries);
    `up_to`: only threads made on that revision number or before."""
    threads = Comment.objects.filter(article=article)
    if up_to is not None:
        threads = threads.filter(revision__number__lte=up_to)
    return (
        threads.select_related("author", "resolved_by", "revision", "article")
        .prefetch_related(Prefetch("replies", Reply.objects.select_related("author")))
        .order_by(F("resolved_at").asc(nulls_first=True), "created_at", "pk")
    )


def open_threads_on(revision):
    """The article's open threads made on `revision` or before it, as a preview of that revision shows them."""
    return threads_for(revision.item_id, up_to=revision.number).filter(resolved_at__isnull=True)


def last_reviewed_number(article) -> int | None:
    """The revision a medical reviewer last decided on: the newest approved, or sent back with changes requested."""
    approved = article.revisions.filter(approved_at__isnull=False).aggregate(n=Max("number"))["n"]
    sent_back = (
        AuditEntry.objects.for_item(article)
        .filter(action=Action.REQUEST_CHANGES)
        .aggregate(n=Max("revision_number"))["n"]
    )
    numbers = [n for n in (approved, sent_back) if n is not None]
    return max(numbers) if numbers else None
