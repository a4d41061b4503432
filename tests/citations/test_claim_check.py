"""The claim check: findings recorded on submission, acknowledged by a medical reviewer before approval."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accounts.roles import WRITER
from evidence.citations.claim_check import scan
from evidence.exceptions import NotAllowed, WorkflowError
from evidence.models import Article, AuditEntry, ClaimFinding, ClaimRule, RuleKind, Status
from evidence.models.actions import Action
from evidence.services import workflow
from evidence.services.revisions import working_copy_saved
from tests.factories import ArticleFactory, UserFactory


def acknowledge_finding(*, finding, by, reason):
    """A reviewer accepts a finding's wording, through the workflow's one door as the admin does."""
    return workflow.perform(Action.ACKNOWLEDGE_FINDING, item=finding.article, by=by, comment=reason, finding=finding)


pytestmark = pytest.mark.django_db


def hits(claim_rules, **text):
    article = ArticleFactory.build(title=text.get("title", "A title"), summary=text.get("summary", "A summary."),
                                   body=text.get("body", ""))  # fmt: skip
    return [(hit.rule.name, hit.matched_text) for hit in scan(article, claim_rules.values())]


@pytest.mark.parametrize(
    ("sentence", "rule", "matched"),
    [
        ("Stem cells cure diabetes.", "Cure claim", "cure"),
        ("Results are guaranteed.", "Guarantee", "guaranteed"),
        ("Our FDA-registered clinic offers it.", "FDA approval or registration", "FDA-registered"),
        ("The FDA approved treatment.", "FDA approval or registration", "FDA approved"),
        ("There are No Side Effects.", "No side effects", "No Side Effects"),
        ("It is proven to help.", "Proven to", "proven to"),
        ("It worked for 100% of patients [@x].", "100 percent", "100%"),
        ("A miraculous recovery.", "Miracle", "miraculous"),
        ("Exosomes reverse ageing.", "Reverses disease", "reverse"),
    ],
)
def test_each_default_rule_fires_on_its_wording(claim_rules, sentence, rule, matched):
    assert (rule, matched) in hits(claim_rules, body=sentence)


def test_words_that_merely_contain_a_rule_do_not_fire(claim_rules):
    assert hits(claim_rules, body="A secure procedure, then curettage; it reversibly binds; 1000 mice [@x].") == []


def test_figure_without_a_citation_in_its_sentence_fires(claim_rules):
    found = hits(
        claim_rules, body="In one trial 40 patients improved. About 12% relapsed (n = 5). Later, 1.5 million people."
    )
    assert [m for r, m in found if r == "Figure without a source"] == [
        "40 patients",
        "12%",
        "n = 5",
        "1.5 million people",
    ]


def test_figure_with_a_citation_or_footnote_in_its_sentence_does_not(claim_rules):
    body = (
        "In one trial 40 patients improved [@trial]. Close to 1.5 million people have it[^1].\n\n- 2% to 5% [@review]"
    )
    assert hits(claim_rules, body=body) == []


def test_markers_are_not_read_as_claims(claim_rules):
    assert hits(claim_rules, body="As shown [@cure-trial-2020] and [@doi:10.5555/miracle.1].") == []


def test_title_and_summary_are_checked_too(claim_rules):
    found = hits(claim_rules, title="A miracle cure?", summary="Guaranteed results.")
    assert {r for r, _ in found} == {"Miracle", "Cure claim", "Guarantee"}


def test_editor_rules_are_validated():
    with pytest.raises(ValidationError) as invalid:
        ClaimRule(name="Broken", kind=RuleKind.REGEX, pattern="(unclosed", explanation="x").full_clean()
    assert invalid.value.error_dict["pattern"][0].code == "invalid_pattern"
    with pytest.raises(ValidationError) as empty:
        ClaimRule(name="Empty", kind=RuleKind.PHRASE, pattern=" ", explanation="x").full_clean()
    assert empty.value.error_dict["pattern"][0].code == "pattern_required"


def test_inactive_rules_do_not_run(claim_rules):
    ClaimRule.objects.filter(name="Cure claim").update(is_active=False)
    article = walk_in_review_with("Stem cells cure it.")
    assert not ClaimFinding.objects.filter(article=article).exists()


@pytest.fixture
def in_review(claim_rules, writer, walk):
    """An article submitted with two risky sentences."""
    article = ArticleFactory(author=writer, body="Stem cells cure MS. In one trial 40 patients improved.")
    return walk(article, Status.IN_REVIEW)


def walk_in_review_with(body):
    author = UserFactory(roles=[WRITER])
    article = ArticleFactory(author=author, body=body)
    working_copy_saved(item=article, by=author)
    workflow.perform("submit", item=article, by=author)
    return article


def test_submission_records_findings_against_the_revision_submitted(in_review):
    findings = list(in_review.claim_findings.select_related("rule", "revision"))

    assert [(f.rule.name, f.matched_text, f.field, f.revision.number) for f in findings] == [
        ("Cure claim", "cure", "body", 1),
        ("Figure without a source", "40 patients", "body", 1),
    ]
    assert findings[1].excerpt == "In one trial 40 patients improved."


def test_an_unacknowledged_finding_blocks_approval(in_review, reviewer):
    with pytest.raises(WorkflowError) as refused:
        workflow.perform("approve", item=in_review, by=reviewer)

    assert refused.value.code == "unacknowledged_findings"
    assert "2 claim-check findings on revision 1" in refused.value.message
    assert Article.objects.get(pk=in_review.pk).status == Status.IN_REVIEW


def test_approval_goes_through_once_a_reviewer_acknowledges_each_finding_with_a_reason(in_review, reviewer):
    first, second = in_review.claim_findings.all()
    acknowledge_finding(finding=first, by=reviewer, reason="Quoted from the trial's conclusion.")
    with pytest.raises(WorkflowError, match="1 claim-check finding on revision 1 needs"):
        workflow.perform("approve", item=in_review, by=reviewer)

    acknowledge_finding(finding=second, by=reviewer, reason="The trial is cited in the next sentence.")
    workflow.perform("approve", item=in_review, by=reviewer)

    assert in_review.status == Status.APPROVED
    first.refresh_from_db()
    assert (first.acknowledged_by, first.acknowledgement) == (reviewer, "Quoted from the trial's conclusion.")
    entry = AuditEntry.objects.for_item(in_review).filter(action="acknowledge_finding").first()
    assert (entry.actor, entry.revision_number) == (reviewer, 1)
    assert entry.comment.startswith("Figure without a source: “40 patients”.")


def test_acknowledging_needs_a_reason(in_review, reviewer):
    finding = in_review.claim_findings.first()
    with pytest.raises(WorkflowError) as refused:
        acknowledge_finding(finding=finding, by=reviewer, reason="   ")
    assert refused.value.code == "comment_required"
    assert refused.value.message == "Say why the wording is acceptable: a reason is required."


@pytest.mark.parametrize("person", ["writer", "editor", "marketer"])
def test_only_a_medical_reviewer_can_acknowledge(in_review, request, person):
    finding = in_review.claim_findings.first()
    with pytest.raises(NotAllowed) as refused:
        acknowledge_finding(finding=finding, by=request.getfixturevalue(person), reason="Fine by me.")
    assert refused.value.code == "permission_denied"
    assert not ClaimFinding.objects.filter(acknowledged_at__isnull=False).exists()


def test_a_reviewer_who_edited_the_article_cannot_acknowledge_its_findings(claim_rules, writer, reviewer, edit, walk):
    article = walk(ArticleFactory(author=writer, body="A draft."), Status.DRAFT)
    edit(article, by=reviewer, body="Stem cells cure MS.")
    workflow.perform("submit", item=article, by=writer)

    with pytest.raises(NotAllowed, match="You wrote or edited this article"):
        acknowledge_finding(finding=article.claim_findings.get(), by=reviewer, reason="Fine.")


def test_findings_can_only_be_acknowledged_while_their_revision_is_in_review(in_review, writer, reviewer):
    finding = in_review.claim_findings.first()
    workflow.perform("withdraw", item=in_review, by=writer)

    with pytest.raises(WorkflowError) as refused:
        acknowledge_finding(finding=finding, by=reviewer, reason="Fine.")
    assert refused.value.code == "illegal_acknowledge_finding"


def test_resubmitting_the_same_revision_keeps_acknowledgements_and_adds_nothing_twice(in_review, writer, reviewer):
    first = in_review.claim_findings.first()
    acknowledge_finding(finding=first, by=reviewer, reason="Quoted.")
    workflow.perform("withdraw", item=in_review, by=writer)

    workflow.perform("submit", item=in_review, by=writer)

    assert in_review.claim_findings.count() == 2
    assert in_review.claim_findings.filter(acknowledged_by=reviewer).count() == 1


def test_an_edit_after_changes_requested_is_checked_afresh(in_review, writer, reviewer, other_reviewer, edit):
    workflow.perform("request_changes", item=in_review, by=reviewer, comment="Please reword.")
    edit(in_review, body="One small trial reported fewer relapses.")

    workflow.perform("submit", item=in_review, by=writer)
    workflow.perform("approve", item=in_review, by=other_reviewer)

    assert in_review.status == Status.APPROVED
    assert not in_review.latest_revision.claim_findings.exists()


def test_the_demo_library_passes_the_default_rules(claim_rules):
    call_command("load_demo", "--force", stdout=StringIO())

    # The two overviews citing no study stay drafts (the source rule); every other article was published.
    assert set(Article.objects.values_list("status", flat=True)) == {Status.PUBLISHED, Status.DRAFT}
    assert not ClaimFinding.objects.exists()


def test_figures_are_checked_in_the_body_only_where_citations_can_be(claim_rules):
    # The summary is a standfirst for the body, which cites the source; it cannot carry a marker itself.
    assert hits(claim_rules, summary="A trial of 110 people.", body="A trial of 110 people [@trial].") == []
