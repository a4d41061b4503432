"""What the workflow asks of an article before it enters review, before it is approved and before it goes live.

Submit: every inline citation marker must name a study the article cites, the article must rest on a checkable
source, and the claim check records its findings against the revision submitted.
Approve: a checkable source, no retraction or expression of concern on a cited paper that a reviewer has not
said how the summary handles (evidence.retractions), every finding on the revision under review acknowledged,
and no comment thread on the text left open (evidence.comments).
Publish: the studies as the public will see them (their live revisions) still make a checkable source.

A checkable source is a cited study that a reader can find by an identifier: a DOI, PMID or PMCID, or for the
kinds of source that have none, an ISBN or a trial registration number. An editor's recorded exemption
(evidence.models.SourceExemption) stands in for one.
"""

from evidence.citations.marker_checks import dangling_in_revision
from evidence.comments.selectors import unresolved_for
from evidence.exceptions import WorkflowError
from evidence.models import SourceExemption, StudyRevision
from evidence.retractions.selectors import unhandled_notices
from evidence.services.claims import record_findings


def before_submit(*, revision) -> None:
    if dangling := dangling_in_revision(revision):
        listed = " ".join(d.message for d in dangling)
        raise WorkflowError(f"Fix the citation markers before submitting: {listed}", code="dangling_citation")
    _require_checkable_source(revision, "submitted for review")
    record_findings(revision=revision)


def before_approve(*, revision) -> None:
    _require_checkable_source(revision, "approved")
    if notices := list(unhandled_notices(revision.item, revision)[:5]):
        listed = "; ".join(str(notice) for notice in notices)
        raise WorkflowError(
            f"A paper this article cites was retracted or drew an expression of concern: {listed}. A medical "
            "reviewer must record how the summary handles it (Retraction notices, “Record how an article handles "
            "this”) before any revision citing it is approved.",
            code="unhandled_notice",
        )
    waiting = revision.claim_findings.unacknowledged().count()
    if waiting:
        raise WorkflowError(
            f"{waiting} claim-check finding{'s' if waiting != 1 else ''} on revision {revision.number} "
            f"{'need' if waiting != 1 else 'needs'} a medical reviewer's acknowledgement, with a reason, "
            "before approval.",
            code="unacknowledged_findings",
        )
    if threads := unresolved_for(revision).count():
        raise WorkflowError(
            f"{threads} comment thread{'s' if threads != 1 else ''} on the text {'are' if threads != 1 else 'is'} "
            "still open. The writer answers and resolves each (Comments, beside the text) before approval.",
            code="unresolved_comments",
        )


def before_publish(*, revision) -> None:
    _require_checkable_source(revision, "published", as_public_sees=True)


def missing_source(revision, *, as_public_sees=False) -> str:
    """What keeps `revision` from resting on a checkable source, in a sentence; "" when nothing does.

    `as_public_sees`: judge each study by its live revision (what the reference list will print), not by the
    library's working copy.
    """
    studies = [citation.study for citation in revision.citations.select_related("study")]
    if as_public_sees:
        live = {r.item_id: r for r in _live_revisions(studies)}
        studies = [live[s.pk] for s in studies if s.pk in live]
    if any(study.checkable_by for study in studies):
        return ""
    if not studies:
        return "It cites no study. Cite at least one study from the library that readers can look up."
    names = "; ".join(f"“{study}”" for study in studies[:5])
    return (
        f"None of the studies it cites has a DOI, PMID, PMCID, ISBN or trial registration number: {names}. "
        "Add the identifier to the study, or cite a study that has one."
    )


def is_exempt(article) -> bool:
    return SourceExemption.objects.filter(article_id=article.pk).exists()


def _require_checkable_source(revision, becoming: str, *, as_public_sees=False) -> None:
    missing = missing_source(revision, as_public_sees=as_public_sees)
    if missing and not is_exempt(revision.item):
        raise WorkflowError(
            f"This article rests on no source readers can check, so it cannot be {becoming}. {missing} "
            "(An editor may exempt it, with a reason, where no such source can exist.)",
            code="no_checkable_source",
        )


def _live_revisions(studies):
    return StudyRevision.objects.live().filter(item__in=[s.pk for s in studies])
