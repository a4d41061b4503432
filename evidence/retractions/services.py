"""Recording notices and reviewers' handling of them: every write of retraction watch.

A notice is known by its study, source and key at the source (a Retraction Watch record ID, a Crossref
update DOI): found again it is updated in place, so imports and checks can run any number of times.

What the public sees of a study changes when its notices do, so a change goes through the one door every
change to something shown goes through, `evidence.services.dependencies.shown_changed`: the study's live
revision and every live article showing it get a new `public_updated_at` (their ETags, kept pages and API
answers follow it), a changes-feed entry and webhook with reason `study_changed`, and a CDN purge. A notice
that newly blocks (a retraction or expression of concern in force) puts every live article citing the paper
on its reviewer's and the editors' desks (`selectors.articles_with_changed_evidence`) and e-mails them once
the change commits.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from evidence.models import Citation, RevisionCitation, Study, StudyRevision
from evidence.models.dependencies import PublicDependency, Shown
from evidence.retractions import permissions, signals
from evidence.retractions.models import Notice, NoticeHandling
from evidence.services.dependencies import shown_changed

SHOWN_FIELDS = ("nature", "date", "reasons", "notice_doi", "notice_url")


@dataclass(frozen=True)
class Found:
    """A notice a source gives for one study of the library."""

    study_id: int
    source_key: str
    nature: str
    date: date
    reasons: str = ""
    notice_doi: str = ""
    notice_url: str = ""

    def values(self) -> dict:
        return {name: getattr(self, name) for name in SHOWN_FIELDS}


@dataclass
class Recorded:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    newly_blocking: list = field(default_factory=list)  # notice ids


def record_notices(found, *, source) -> Recorded:
    """Record what `source` found (Found rows; the last of two with one study and key wins), in one transaction."""
    latest = {(f.study_id, f.source_key): f for f in found}
    study_ids = sorted({study_id for study_id, _ in latest})
    result, changed = Recorded(), set()
    with transaction.atomic():
        blocking_before = _blocking(study_ids)
        known = {(n.study_id, n.source_key): n for n in Notice.objects.filter(study_id__in=study_ids, source=source)}
        new, updated, now = [], [], timezone.now()
        for key, notice_found in latest.items():
            notice = known.get(key)
            if notice is None:
                new.append(Notice(study_id=key[0], source=source, source_key=key[1], **notice_found.values()))
            elif any(getattr(notice, name) != value for name, value in notice_found.values().items()):
                for name, value in notice_found.values().items():
                    setattr(notice, name, value)
                notice.updated_at = now  # bulk_update does not run auto_now
                updated.append(notice)
            else:
                result.unchanged += 1
                continue
            changed.add(key[0])
        Notice.objects.bulk_create(new, batch_size=500)
        Notice.objects.bulk_update(updated, [*SHOWN_FIELDS, "updated_at"], batch_size=500)
        result.new, result.updated = len(new), len(updated)
        result.newly_blocking = sorted(_blocking(study_ids) - blocking_before)
        _follow(changed)
        if result.newly_blocking:
            signals.notices_now_block.send(sender=Notice, notice_ids=result.newly_blocking)
    return result


def _blocking(study_ids) -> set[int]:
    return set(Notice.objects.blocking().filter(study_id__in=study_ids).values_list("pk", flat=True))


def _follow(study_ids):
    """Tell everything showing these studies that their notices changed, as an edit of the study would."""
    live = StudyRevision.objects.live().filter(item_id__in=study_ids).select_related("item")
    for revision in live:  # a study that is not public is shown nowhere: nothing to tell
        label = str(revision.item)
        shown_changed({revision.item_id}, reason="study_changed", label=label, by=None, model=Study)
        articles = set(PublicDependency.objects.showing(Shown.STUDY, [revision.item_id]))
        shown_changed(articles, reason="study_changed", label=label, by=None)


def record_handling(*, notice, article, by, note: str) -> NoticeHandling:
    """Record (or replace) how `article`'s summary handles `notice`, in a medical reviewer's words."""
    if not permissions.may_record_handling(by):
        raise PermissionDenied("Only a medical reviewer can record how a summary handles a notice.")
    cites = (
        Citation.objects.filter(article=article, study_id=notice.study_id).exists()
        or RevisionCitation.objects.filter(revision__item=article, study_id=notice.study_id).exists()
    )
    if not cites:
        raise ValidationError(
            "“%(article)s” does not cite the study this notice is about.",
            code="article_does_not_cite",
            params={"article": article},
        )
    with transaction.atomic():
        handling = NoticeHandling.objects.filter(notice=notice, article=article).select_for_update().first()
        handling = handling or NoticeHandling(notice=notice, article=article)
        handling.by, handling.note, handling.at = by, (note or "").strip(), timezone.now()
        handling.full_clean()
        handling.save()
    return handling
