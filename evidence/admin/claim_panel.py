"""What the article's admin page shows beside the text: citation problems, claim-check findings, exports."""

from dataclasses import dataclass, field

from evidence.citations import claim_check
from evidence.citations.export import FORMATS
from evidence.citations.marker_checks import dangling_in_article
from evidence.models import SourceExemption, Status
from evidence.models.actions import Action
from evidence.services import review_gate, workflow


@dataclass
class CitationChecks:
    dangling: list = field(default_factory=list)
    findings: list = field(default_factory=list)  # recorded against the latest revision
    preview_hits: list = field(default_factory=list)  # what a submission would record now
    revision_number: int | None = None
    can_acknowledge: bool = False
    source_missing: str = ""  # why the text rests on no checkable source (review_gate.missing_source)
    exemption: object = None  # the editor's SourceExemption, if any
    can_exempt: bool = False
    can_revoke: bool = False
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
    available = workflow.available(article, person)
    checks.can_acknowledge = Action.ACKNOWLEDGE_FINDING in available
    checks.source_missing = review_gate.missing_source(article)
    checks.exemption = SourceExemption.objects.filter(article=article).select_related("granted_by").first()
    checks.can_exempt = Action.EXEMPT_SOURCES in available
    checks.can_revoke = checks.exemption is not None and Action.REVOKE_EXEMPTION in available
    return checks
