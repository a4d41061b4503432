"""Recording the claim check's findings against a submitted revision (the check itself: citations.claim_check)."""

from evidence.citations.claim_check import scan
from evidence.models import ClaimFinding, ClaimRule


def record_findings(*, revision) -> list[ClaimFinding]:
    """Run the active rules on a submitted revision; keep acknowledgements of findings that still apply."""
    hits = {hit.key: hit for hit in scan(revision, ClaimRule.objects.active())}
    existing = {(f.rule_id, f.field, f.position): f for f in revision.claim_findings.all()}
    stale = [f.pk for key, f in existing.items() if key not in hits and not f.is_acknowledged]
    ClaimFinding.objects.filter(pk__in=stale).delete()
    ClaimFinding.objects.bulk_create(
        ClaimFinding(
            article_id=revision.item_id,
            revision=revision,
            rule=hit.rule,
            field=hit.field,
            position=hit.position,
            matched_text=hit.matched_text,
            excerpt=hit.excerpt,
        )
        for key, hit in hits.items()
        if key not in existing
    )
    return list(revision.claim_findings.select_related("rule"))
