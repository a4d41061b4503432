"""The integrity report: every live article held against what a public summary promises.

A summary promises a named author, a medical reviewer with credentials who is not its author, review dates that
are not past, at least one cited study readers can look up (or an editor's recorded exemption), an evidence
label and the disclaimers that apply, and no retracted paper left unaddressed. Those are failures. The report
also notes what an editor should look at without it being wrong: an exemption, a reviewer whose specialties do
not cover the article's conditions, a reading age above the target.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from evidence.models import ReviewerSpecialty, SourceExemption
from evidence.presenters.reading_age import reading_age
from evidence.retractions.selectors import articles_with_changed_evidence
from evidence.selectors.disclaimers import disclaimers_for_articles
from evidence.selectors.live import live_articles

FAILS, NOTES = "fails", "notes"

# kind: (severity, label). The order is the report's column order.
KINDS = {
    "no_author": (FAILS, "No author"),
    "no_independent_reviewer": (FAILS, "No reviewer other than the author"),
    "reviewer_without_credentials": (FAILS, "Reviewer's credentials not recorded"),
    "no_review_dates": (FAILS, "No review dates"),
    "review_overdue": (FAILS, "Review overdue"),
    "no_checkable_source": (FAILS, "No source readers can check"),
    "no_evidence_label": (FAILS, "No evidence label"),
    "no_disclaimers": (FAILS, "No disclaimer applies"),
    "evidence_changed": (FAILS, "Evidence changed"),
    "exempt": (NOTES, "Exempt from the source rule"),
    "specialty": (NOTES, "Reviewer's specialties do not cover its conditions"),
    "reading_age": (NOTES, "Reading age above target"),
}


@dataclass
class Finding:
    kind: str
    detail: str
    fix_url: str

    @property
    def label(self):
        return KINDS[self.kind][1]

    @property
    def fails(self):
        return KINDS[self.kind][0] == FAILS


@dataclass
class ArticleCheck:
    revision: object  # the live revision: what the public reads
    findings: list = field(default_factory=list)

    @property
    def fails(self):
        return any(finding.fails for finding in self.findings)

    def add(self, kind, detail, fix_url):
        self.findings.append(Finding(kind, detail, fix_url))


def integrity_report(today=None) -> list[ArticleCheck]:
    """One check per live article, in title order."""
    today = today or timezone.localdate()
    revisions = list(live_articles().select_related("approved_by", "item__last_reviewed_by").order_by("title"))
    disclaimers = disclaimers_for_articles(revisions)
    exemptions = {e.article_id: e for e in SourceExemption.objects.select_related("granted_by")}
    changed = set(articles_with_changed_evidence().values_list("pk", flat=True))
    specialties = {}
    for specialty in ReviewerSpecialty.objects.all():
        specialties.setdefault(specialty.reviewer_id, set()).add(specialty.condition_id)
    checks = []
    for revision in revisions:
        check = ArticleCheck(revision)
        _people(check, revision, specialties)
        _dates(check, revision.item, today)
        _sources(check, revision, exemptions.get(revision.item_id))
        if not disclaimers.get(revision.pk):
            check.add("no_disclaimers", "No published disclaimer applies to it.", _admin("disclaimer"))
        if revision.item_id in changed:
            check.add("evidence_changed", "A paper it cites was retracted or drew an expression of concern.",
                      _admin("notice", app="retractions"))  # fmt: skip
        age = reading_age(revision.summary, revision.body)
        if age is not None and age > settings.EVIDENCE_READING_AGE_TARGET:
            check.add("reading_age", f"Reads at age {age}; the target is {settings.EVIDENCE_READING_AGE_TARGET}.",
                      _admin("article", revision.item_id))  # fmt: skip
        checks.append(check)
    return checks


def totals(checks) -> dict:
    """Counts for the report's head and the demo loader: articles, failing, and articles per kind of finding."""
    per_kind = {kind: 0 for kind in KINDS}
    for check in checks:
        for kind in {finding.kind for finding in check.findings}:
            per_kind[kind] += 1
    return {"live": len(checks), "failing": sum(check.fails for check in checks), "per_kind": per_kind}


def summary(counts) -> str:
    """The totals in a sentence, for the command line and the demo loader."""
    found = [f"{KINDS[kind][1].lower()}: {n}" for kind, n in counts["per_kind"].items() if n]
    head = f"Integrity: {counts['live']} live articles, {counts['failing']} failing the checklist"
    return head + (f" ({'; '.join(found)})." if found else ".")


def _people(check, revision, specialties):
    article_url = _admin("article", revision.item_id)
    if revision.author_id is None:
        check.add("no_author", "The live revision names no author.", article_url)
    reviewer = revision.item.last_reviewed_by or revision.approved_by
    if reviewer is None or reviewer.pk == revision.author_id:
        check.add("no_independent_reviewer", "Nobody but its author approved or re-reviewed it.", article_url)
        return
    if not reviewer.credentials:
        check.add("reviewer_without_credentials", f"{reviewer} has no credentials recorded.",
                  _admin("user", reviewer.pk, app="accounts"))  # fmt: skip
    conditions = {condition.pk for condition in revision.conditions.all()}
    if conditions and not conditions & specialties.get(reviewer.pk, set()):
        check.add("specialty", f"{reviewer.byline} has recorded no specialty in its conditions.",
                  _admin("reviewerspecialty"))  # fmt: skip


def _dates(check, article, today):
    url = _admin("article", article.pk)
    if article.last_reviewed_at is None or article.next_review_due is None:
        check.add("no_review_dates", "No review date is recorded.", url)
    elif article.next_review_due < today:
        check.add("review_overdue", f"The next review was due on {article.next_review_due:%d %b %Y}.", url)


def _sources(check, revision, exemption):
    studies = [citation.live_study for citation in revision.live_citations]
    if exemption is not None:
        check.add("exempt", f"Granted by {exemption.granted_by} on {exemption.granted_at:%d %b %Y}: {exemption.reason}",
                  _admin("article", revision.item_id))  # fmt: skip
        return
    if not any(study.checkable_by for study in studies):
        unlisted = next((study for study in studies if not study.checkable_by), None)
        url = _admin("study", unlisted.item_id) if unlisted else _admin("article", revision.item_id)
        check.add("no_checkable_source", "None of its published studies has a DOI, PMID, PMCID, ISBN or trial "
                  "registration number." if studies else "It cites no published study.", url)  # fmt: skip
    if not studies:
        check.add("no_evidence_label", "Without a published study the page shows no evidence label.",
                  _admin("article", revision.item_id))  # fmt: skip


def _admin(model, pk=None, app="evidence"):
    if pk is None:
        return reverse(f"admin:{app}_{model}_changelist")
    return reverse(f"admin:{app}_{model}_change", args=[pk])
