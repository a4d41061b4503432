"""What the article's admin page shows beside the text: citation problems, claim-check findings, exports."""

from dataclasses import dataclass, field

from evidence.citations import claim_check
from evidence.citations.export import FORMATS
from evidence.citations.marker_checks import dangling_in_article
from evidence.models import Status
from evidence.models.actions import Action
from evidence.services import workflow


@dataclass
class CitationChecks:
    dangling: list = field(default_factory=list)
    findings: list = field(default_factory=list)  # recorded against the latest revision
    preview_hits: list = field(default_factory=list)  # what a submission would record now
    revision_number: int | None = None
    can_acknowledge: bool = False
    exports: list = field(default_factory=list)  # (label, extension)

    @property
    def waiting(self):
        return [f for f in self.findings if not f.is_acknowledged]


def citation_checks(article, person) -> CitationChecks:
    latest = article.latest_revision
    checks = CitationChecks(
        exports=[(f.label, extension) for extension, f in FORMATS.items()],
        revision_number=latest.number if latest else None,
    )
    if latest is not None:
        checks.findings = list(latest.claim_findings.select_related("rule", "acknowledged_by"))
    if article.status in (Status.DRAFT, Status.CHANGES_REQUESTED):
        # While the writer can still change the text, show what submitting would run into.
        checks.dangling = dangling_in_article(article)
        checks.preview_hits = [] if checks.findings else claim_check.preview(article)
    checks.can_acknowledge = Action.ACKNOWLEDGE_FINDING in workflow.available(article, person)
    return checks
