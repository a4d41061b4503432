"""What each person has on their desk: the admin dashboard's reads (staff only, never public).

A worklist spans the four content types. "Mine" means the person created the
item, is its credited author, or saved a revision of it; "waiting for my
review" honours the four-eyes rule in the query itself, so a reviewer is
never offered work they wrote or edited.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from evidence.models import Article, ArticleRevision, Condition, Disclaimer, Status, Study
from evidence.models.base import live_filter

CONTENT_TYPES = (Article, Study, Condition, Disclaimer)
SHOWN_PER_LIST = 10


@dataclass
class Entry:
    item: object
    when: object = None
    note: str = ""

    @property
    def kind(self):
        return self.item._meta.verbose_name

    @property
    def admin_url(self):
        opts = self.item._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.item.pk])


@dataclass
class Worklist:
    key: str
    title: str
    empty: str
    entries: list[Entry] = field(default_factory=list)


def _involving(model, user):
    """Items the person created, is credited on, or saved a revision of."""
    mine = Q(created_by=user) | Q(Exists(model.revision_model().objects.filter(item=OuterRef("pk"), created_by=user)))
    if model is Article:
        mine |= Q(author=user)
    return model.objects.filter(mine)


def my_drafts(user):
    return [
        Entry(item, item.updated_at)
        for model in CONTENT_TYPES
        for item in _involving(model, user).filter(status=Status.DRAFT).order_by("-updated_at")[:SHOWN_PER_LIST]
    ]


def changes_requested_on_my_work(user):
    return [
        Entry(item, item.updated_at)
        for model in CONTENT_TYPES
        for item in _involving(model, user)
        .filter(status=Status.CHANGES_REQUESTED)
        .order_by("-updated_at")[:SHOWN_PER_LIST]
    ]


def waiting_for_my_review(user):
    entries = []
    for model in CONTENT_TYPES:
        if not permissions.may_review(user, model):
            continue
        queryset = permissions.excluding_own_work(model.objects.filter(status=Status.IN_REVIEW), user)
        if model is Article:
            # Articles assigned to someone else wait for that reviewer first.
            queryset = queryset.filter(Q(medical_reviewer=user) | Q(medical_reviewer__isnull=True))
        entries += [Entry(item, item.updated_at) for item in queryset.order_by("updated_at")[:SHOWN_PER_LIST]]
    return entries


def reviews_overdue(user, today=None):
    """Live articles past their review date: the person's own, or all of them for reviewers and editors."""
    overdue = articles_overdue_for_review(today)
    if not permissions.may_see_every_overdue_review(user):
        overdue = overdue.filter(Q(author=user) | Q(created_by=user))
    return [Entry(a, a.next_review_due, f"due {a.next_review_due:%-d %b %Y}") for a in overdue[:SHOWN_PER_LIST]]


def scheduled():
    """Publications and withdrawals set for later (or past due, when the cron job has not run yet)."""
    entries = []
    for model in CONTENT_TYPES:
        due = model.objects.filter(Q(publish_at__isnull=False) | Q(unpublish_at__isnull=False))
        for item in due.order_by(Coalesce("publish_at", "unpublish_at"))[:SHOWN_PER_LIST]:
            if item.publish_at:
                entries.append(Entry(item, item.publish_at, "goes live"))
            if item.unpublish_at:
                entries.append(Entry(item, item.unpublish_at, "withdrawn"))
    return sorted(entries, key=lambda e: e.when)[: SHOWN_PER_LIST * 2]


def ready_to_publish(user):
    """Approved items waiting for someone who may publish them, oldest approval first."""
    return [
        Entry(item, item.updated_at, "approved")
        for model in CONTENT_TYPES
        if user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")
        for item in model.objects.filter(status=Status.APPROVED).order_by("updated_at")[:SHOWN_PER_LIST]
    ]


def recently_published():
    """Live articles, newest publication first: what marketing reuses."""
    revisions = ArticleRevision.objects.live().select_related("item").order_by("-published_at")[:SHOWN_PER_LIST]
    return [Entry(revision.item, revision.published_at, "published") for revision in revisions]


def desk(user):
    """Every worklist the person sees on the admin home page, in the order they act on them."""
    if permissions.sees_published_only(user, Article):
        # Marketing: what is public, nothing in the making (no drafts, schedules or review work).
        return [Worklist("published", "Recently published", "Nothing is published yet.", recently_published())]
    lists = [
        Worklist("review", "Waiting for my review", "Nothing is waiting for your review.", waiting_for_my_review(user)),
        Worklist(
            "changes",
            "Changes requested on my work",
            "No reviewer has asked for changes.",
            changes_requested_on_my_work(user),
        ),
        Worklist("ready", "Approved, ready to publish", "Nothing approved is waiting.", ready_to_publish(user)),
        Worklist("drafts", "My drafts", "You have no drafts.", my_drafts(user)),
        Worklist("overdue", "Reviews overdue", "No live article is past its review date.", reviews_overdue(user)),
        Worklist("scheduled", "Scheduled", "Nothing is scheduled.", scheduled()),
    ]
    if not any(permissions.may_review(user, m) for m in CONTENT_TYPES):
        lists = lists[1:]
    return lists


def articles_overdue_for_review(today=None):
    """Live articles whose next medical review date has passed (for staff, not the public)."""
    today = today or timezone.localdate()
    return (
        Article.objects.filter(live_filter(through="revisions"), next_review_due__lt=today)
        .select_related("author", "last_reviewed_by", "medical_reviewer")
        .order_by("next_review_due")
    )
