"""The source rule: no article enters review, is approved or goes live without a study readers can check,
unless an editor exempted it with a recorded reason."""

import pytest
from django.core.exceptions import ValidationError

from evidence.exceptions import NotAllowed, WorkflowError
from evidence.models import AuditEntry, SourceExemption, Status
from evidence.models.identifiers import normalise_isbn, normalise_registration
from evidence.services import workflow
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unexempt(writer):
    def article(*studies):
        made = ArticleFactory(author=writer, exempt_from_source_rule=False)
        for position, study in enumerate(studies, start=1):
            CitationFactory(article=made, study=study, position=position)
        return made

    return article


def test_an_article_citing_no_study_is_not_submitted_and_is_told_why(unexempt, walk):
    article = unexempt()
    with pytest.raises(WorkflowError, match="It cites no study") as refused:
        walk(article, Status.IN_REVIEW)
    assert refused.value.code == "no_checkable_source"
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_studies_without_an_identifier_are_named(unexempt, walk):
    article = unexempt(StudyFactory(title="A trial nobody can look up"))
    with pytest.raises(WorkflowError, match=r"“.*A trial nobody can look up”") as refused:
        walk(article, Status.IN_REVIEW)
    assert "DOI, PMID, PMCID, ISBN or trial registration number" in refused.value.message


@pytest.mark.parametrize(
    "identifier",
    [
        {"doi": "10.5555/source-rule.1"},
        {"pmid": "30644983"},
        {"pmcid": "PMC6439765"},
        {"isbn": "978-0-19-852972-9"},
        {"trial_registration": "NCT01234567"},
    ],
)
def test_any_one_checkable_identifier_lets_the_article_through(unexempt, walk, identifier):
    study = StudyFactory.build(**identifier)
    study.full_clean()  # normalised as the admin form does ("978-0-19-852972-9" → 13 digits) before it is stored
    study.save()
    article = unexempt(StudyFactory(), study)  # one study without an identifier beside it is fine
    assert walk(article, Status.APPROVED).status == Status.APPROVED


def test_approval_checks_again(unexempt, walk, reviewer):
    study = StudyFactory(doi="10.5555/source-rule.2")
    article = walk(unexempt(study), Status.IN_REVIEW)
    study.doi = ""
    study.save()  # the identifier went from the library meanwhile

    with pytest.raises(WorkflowError, match="cannot be approved"):
        workflow.perform("approve", item=article, by=reviewer)


def test_publication_judges_the_studies_as_the_public_will_see_them(unexempt, walk, edit, editor):
    study = walk(StudyFactory(), Status.PUBLISHED)  # live without an identifier
    edit(study, doi="10.5555/source-rule.3")  # added to the working copy, not yet approved or live
    article = walk(unexempt(study), Status.APPROVED)

    with pytest.raises(WorkflowError, match="cannot be published") as refused:
        workflow.perform("publish", item=article, by=editor)
    assert "None of the studies it cites has" in refused.value.message

    walk(study, Status.PUBLISHED)  # the identifier goes live
    workflow.perform("publish", item=article, by=editor)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_an_editor_exempts_with_a_reason_that_is_recorded_and_can_revoke_it(unexempt, walk, editor, reviewer):
    article = unexempt()
    with pytest.raises(WorkflowError, match="reason is required"):
        workflow.perform("exempt_sources", item=article, by=editor)

    workflow.perform("exempt_sources", item=article, by=editor, comment="Explains that no trial has been run yet.")
    exemption = SourceExemption.objects.get(article=article)
    assert (exemption.granted_by, exemption.reason) == (editor, "Explains that no trial has been run yet.")
    entry = AuditEntry.objects.for_item(article).get(action="exempt_sources")
    assert entry.actor == editor and "no trial has been run yet" in entry.comment
    walk(article, Status.IN_REVIEW)

    workflow.perform("revoke_exemption", item=article, by=editor)
    assert not SourceExemption.objects.filter(article=article).exists()
    with pytest.raises(WorkflowError, match="cannot be approved"):
        workflow.perform("approve", item=article, by=reviewer)


def test_only_an_editor_who_did_not_write_it_may_exempt(unexempt, writer, reviewer, editor, edit):
    article = unexempt()
    for person in (writer, reviewer):
        with pytest.raises(NotAllowed):
            workflow.perform("exempt_sources", item=article, by=person, comment="Please.")
    edit(article, by=editor, body="The editor's own words.")
    with pytest.raises(NotAllowed, match="another editor must exempt it"):
        workflow.perform("exempt_sources", item=article, by=editor, comment="My own article.")
    assert not SourceExemption.objects.filter(article=article).exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("978-0-19-852972-9", "9780198529729"), ("ISBN 0-306-40615-2", "0306406152"), ("080442957x", "080442957X")],
)
def test_isbns_are_checked_by_their_check_digit(typed, stored):
    assert normalise_isbn(typed) == stored


@pytest.mark.parametrize("typed", ["978-0-19-852972-8", "12345", "ISBN 0-306-40615-X"])
def test_a_wrong_isbn_is_refused_with_an_example(typed):
    with pytest.raises(ValidationError, match="978-0-19-852972-9"):
        normalise_isbn(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("nct01234567", "NCT01234567"), ("ISRCTN 12345678", "ISRCTN12345678"), ("2012-001234-56", "2012-001234-56")],
)
def test_trial_registrations_are_kept_as_the_registry_prints_them(typed, stored):
    assert normalise_registration(typed) == stored


@pytest.mark.parametrize("typed", ["NCT123", "trial 7", "10.5555/not-a-registration"])
def test_a_wrong_trial_registration_is_refused(typed):
    with pytest.raises(ValidationError, match="NCT01234567"):
        normalise_registration(typed)
