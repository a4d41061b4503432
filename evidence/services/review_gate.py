"""What the workflow asks of an article before it enters review and before it is approved.

Submit: every inline citation marker must name a study the article cites, and
the claim check records its findings against the revision submitted.
Approve: every finding on the revision under review must be acknowledged.
"""

from evidence.citations.marker_checks import dangling_in_revision
from evidence.exceptions import WorkflowError
from evidence.services.claims import record_findings


def before_submit(*, revision) -> None:
    if dangling := dangling_in_revision(revision):
        listed = " ".join(d.message for d in dangling)
        raise WorkflowError(f"Fix the citation markers before submitting: {listed}", code="dangling_citation")
    record_findings(revision=revision)


def before_approve(*, revision) -> None:
    waiting = revision.claim_findings.unacknowledged().count()
    if waiting:
        raise WorkflowError(
            f"{waiting} claim-check finding{'s' if waiting != 1 else ''} on revision {revision.number} "
            f"{'need' if waiting != 1 else 'needs'} a medical reviewer's acknowledgement, with a reason, "
            "before approval.",
            code="unacknowledged_findings",
        )
