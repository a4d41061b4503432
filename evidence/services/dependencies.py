"""Keeping the record of what each live article shows, and following a change to everything that shows it.

Called by the workflow inside the move's transaction, so the record, the feed entries and the webhook outbox
rows of every affected article commit with the change itself or not at all. A change to a study, condition,
disclaimer or person's public profile writes, for each live article that shows it, one `shown_changed`
audit entry (the changes feed reads it as `updated`, with the reason) and a new `public_updated_at` on its
live revision (the API's `updated_at`); `shown_content_changed` tells the webhook outbox and the caches.
Everything is written in bulk, so a disclaimer shown on every article costs a few statements, not one
per article.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from evidence import selectors, signals
from evidence.models import (
    Article,
    ArticleRevision,
    AuditEntry,
    Disclaimer,
    DisclaimerRevision,
    PublicDependency,
    RevisionCitation,
    Shown,
    Study,
    StudyRevision,
)
from evidence.models.actions import Action

_BATCH = 500
KIND_OF = {"study": Shown.STUDY, "condition": Shown.CONDITION, "disclaimer": Shown.DISCLAIMER}


def shown_by_revision(article, revision) -> set[tuple[str, int]]:
    """Everything the live `revision` of `article` shows, as (kind, id) pairs."""
    shown = {(Shown.STUDY, pk) for pk in revision.citations.values_list("study_id", flat=True)}
    shown |= {(Shown.CONDITION, pk) for pk in revision.conditions.values_list("pk", flat=True)}
    shown |= {(Shown.PERSON, pk) for pk in _people(article, revision)}
    disclaimers = selectors.disclaimers_for(revision).values_list("item_id", flat=True)
    return shown | {(Shown.DISCLAIMER, pk) for pk in disclaimers}


LISTING = (Shown.STUDY, Shown.CONDITION)  # the kinds whose own pages list the articles showing them


def listing_pages(article_ids) -> set[tuple[str, int]]:
    """The study and condition pages that list these articles, as (kind, id) pairs."""
    rows = PublicDependency.objects.filter(article_id__in=article_ids, kind__in=LISTING)
    return set(rows.values_list("kind", "shown_id").distinct())


def record_article(article, revision):
    """Replace what `article` is recorded to show by what its new live `revision` shows."""
    PublicDependency.objects.filter(article=article).delete()
    PublicDependency.objects.bulk_create(
        [PublicDependency(article=article, kind=kind, shown_id=pk) for kind, pk in shown_by_revision(article, revision)]
    )


def forget_article(article):
    PublicDependency.objects.filter(article=article).delete()


def rebuild(progress=None, batch=1_000) -> int:
    """Record again what every live article shows, `batch` articles per transaction, in a few set-based
    statements per batch (so 100,000 articles take minutes, not hours); `progress(done, total)` after each.
    Returns how many articles were recorded."""
    live = ArticleRevision.objects.live().order_by("pk")
    total, done, last = live.count(), 0, 0
    while chunk := list(live.filter(pk__gt=last).select_related("item")[:batch]):
        with transaction.atomic():
            PublicDependency.objects.filter(article_id__in=[r.item_id for r in chunk]).delete()
            PublicDependency.objects.bulk_create(_rows_for(chunk), batch_size=_BATCH)
        done, last = done + len(chunk), chunk[-1].pk
        if progress:
            progress(done, total)
    return done


def _rows_for(revisions):
    """What these live revisions show, as dependency rows: `shown_by_revision` for many at once."""
    item_of = {r.pk: r.item_id for r in revisions}
    shown = {(r.item_id, Shown.PERSON, pk) for r in revisions for pk in _people(r.item, r)}
    cited = RevisionCitation.objects.filter(revision__in=revisions).values_list("revision_id", "study_id")
    shown |= {(item_of[rev], Shown.STUDY, pk) for rev, pk in cited}
    field = ArticleRevision._meta.get_field("conditions")
    owner, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    about = field.remote_field.through.objects.filter(**{f"{owner}__in": list(item_of)}).values_list(owner, target)
    shown |= {(item_of[rev], Shown.CONDITION, pk) for rev, pk in about}
    for rev, disclaimers in selectors.disclaimers_for_articles(revisions).items():
        shown |= {(item_of[rev], Shown.DISCLAIMER, d.item_id) for d in disclaimers}
    return [PublicDependency(article_id=article, kind=kind, shown_id=pk) for article, kind, pk in shown]


def _people(article, revision):
    """The author, the approving reviewer and the last re-reviewer: bylines on the page."""
    people = (article.author_id, revision.approved_by_id, article.last_reviewed_by_id)
    return {pk for pk in people if pk is not None}


def _reach_disclaimer(disclaimer, change, revision) -> set[int]:
    """Bring the record up to date with where the disclaimer is shown now; return the articles that see a
    change: those it reached or left, and those it stays on when what they show of it changed."""
    before = set(PublicDependency.objects.showing(Shown.DISCLAIMER, [disclaimer.pk]))
    shown = selectors.shown_disclaimer(disclaimer)
    now = set(selectors.live_articles_showing(shown).values_list("item_id", flat=True)) if shown else set()
    PublicDependency.objects.filter(kind=Shown.DISCLAIMER, shown_id=disclaimer.pk, article_id__in=before - now).delete()
    PublicDependency.objects.bulk_create(
        [PublicDependency(article_id=pk, kind=Shown.DISCLAIMER, shown_id=disclaimer.pk) for pk in now - before],
        batch_size=_BATCH,
    )
    return (before ^ now) | (before & now if _named_differently(disclaimer, change, revision) else set())


def follow(item, change, revision, *, by) -> set[tuple[str, int]]:
    """After `item` was published, updated, withdrawn or re-reviewed: keep the record and tell what shows it.

    Returns the study and condition pages that listed or now list the article, for the CDN's purge.
    """
    if isinstance(item, Article):  # what an article shows is its own record
        pages = listing_pages([item.pk])
        if change == signals.WITHDRAWN:
            forget_article(item)
        else:
            record_article(item, revision)
        if _named_differently(item, change, revision):  # disclaimers' API items name the articles chosen
            _tell_embedding(item, "article", change, by)
        return pages | listing_pages([item.pk])
    kind = KIND_OF[item._meta.model_name]
    if change == signals.RE_REVIEWED:  # only articles are re-reviewed
        return set()
    if kind == Shown.DISCLAIMER:  # its reach may have changed, as well as its words
        shown_changed(_reach_disclaimer(item, change, revision), reason=_reason(kind, change), label=str(item), by=by)
    elif _named_differently(item, change, revision):
        affected = set(PublicDependency.objects.showing(kind, [item.pk]))
        shown_changed(affected, reason=_reason(kind, change), label=str(item), by=by)
        if kind == Shown.CONDITION:
            _tell_embedding(item, kind, change, by)
    return set()


# What other items show of an article or a condition: its name and address, and a condition's synonyms (article
# pages name them in their structured data); a disclaimer's words and placement, where it is shown. Cards on
# study and condition pages show more of an article, but those pages follow the articles they list
# (evidence.selectors.stamps). Studies are shown whole.
NAMED_BY = {
    "article": ("title", "slug"),
    "condition": ("name", "slug", "synonyms"),
    "disclaimer": ("title", "text", "placement"),
}


def _named_differently(item, change, revision) -> bool:
    """Whether items showing `item` see this change: always, unless a new revision keeps all they show of it
    (a condition's description edited), so no mirror fetches an answer that did not change."""
    if change == signals.RE_REVIEWED:
        return False
    shown = NAMED_BY.get(item._meta.model_name)
    if change != signals.UPDATED or shown is None:
        return True
    earlier = item.revisions.filter(published_at__isnull=False).exclude(pk=revision.pk)
    before = earlier.order_by("-published_at", "-pk").first()
    return before is None or any(getattr(before, name) != getattr(revision, name) for name in shown)


def _tell_embedding(item, kind, change, by):
    """Library items whose API answer names `item` (studies and disclaimers name their conditions,
    disclaimers the articles they are chosen for) changed with it."""
    reason, label = _reason(kind, change), str(item)
    if kind == Shown.CONDITION:
        studies = StudyRevision.objects.live().filter(conditions=item.pk).values_list("item_id", flat=True)
        shown_changed(set(studies), reason=reason, label=label, by=by, model=Study)
    linked = DisclaimerRevision.objects.live().filter(**{f"{kind}s": item.pk}).values_list("item_id", flat=True)
    shown_changed(set(linked), reason=reason, label=label, by=by, model=Disclaimer)


_REASONS = {signals.PUBLISHED: "published", signals.UPDATED: "changed", signals.WITHDRAWN: "withdrawn"}


def _reason(kind, change) -> str:
    """The feed's `reason` for what showed `kind`: "study_changed", "disclaimer_published"…"""
    return f"{kind}_{_REASONS[change]}"


def person_saving(sender, *, instance, raw=False, **kwargs):
    """Receiver of the user model's `pre_save`: when the public profile changes, so does every page showing it
    (inside the save's transaction, as the admin saves)."""
    if raw or instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).first()
    if before is not None and before.public_profile() != instance.public_profile():
        person_changed(instance)


def person_changed(person):
    """A person's public profile (name, credentials, bio) changed: every live article showing them did too."""
    affected = PublicDependency.objects.showing(Shown.PERSON, [person.pk])
    shown_changed(set(affected), reason="person_changed", label=person.byline, by=None)


def shown_changed(item_ids, *, reason, label, by, model=Article):
    """Record that what these live items (articles, unless `model` says otherwise) show changed: feed entries,
    API `updated_at`, webhooks, caches.

    The first EVIDENCE_FAN_OUT_BATCH items are recorded here, in the change's transaction; the rest are handed,
    batch by batch and still inside that transaction, to `shown_change_deferred`, whose receiver queues a
    background task per batch (evidence.tasks.follow_shown_change). So a disclaimer shown on 100,000 articles
    never holds up the editor's request, and no batch is lost if the process dies after the commit.
    """
    ids, batch = sorted(item_ids), settings.EVIDENCE_FAN_OUT_BATCH
    if not ids:
        return
    _record_shown_change(ids[:batch], reason=reason, label=label, by=by, model=model)
    later = [ids[start : start + batch] for start in range(batch, len(ids), batch)]
    if later:
        signals.shown_change_deferred.send(sender=model, batches=later, reason=reason, label=label, by=by)


def _record_shown_change(item_ids, *, reason, label, by, model):
    now = timezone.now()
    revision_model = model._meta.get_field("revisions").related_model
    revisions = list(revision_model.objects.live().filter(item_id__in=item_ids).select_related("item"))
    revision_model.objects.filter(pk__in=[r.pk for r in revisions]).update(public_updated_at=now)
    content_type = ContentType.objects.get_for_model(model)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=by,
                action=Action.SHOWN_CHANGED,
                reason=reason,
                content_type=content_type,
                object_id=revision.item_id,
                item_label=str(revision.item)[:300],
                from_status=revision.item.status,
                to_status=revision.item.status,
                revision_number=revision.number,
                comment=f"Shows {label}, which changed ({reason.replace('_', ' ')}).",
            )
            for revision in revisions
        ],
        batch_size=_BATCH,
    )
    pages = listing_pages(item_ids) if model is Article else set()  # article cards on study and condition pages
    signals.shown_content_changed.send(sender=model, revisions=revisions, reason=reason, pages=pages)
