"""The integrity report: every live article against what a public summary promises, on a page for editors,
as CSV, and as a command that fails monitoring when an article fails."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command

from evidence.models import Article, ReviewerSpecialty, Status
from evidence.retractions.models import Nature
from evidence.selectors.integrity import integrity_report, totals
from evidence.services import workflow
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    ConditionFactory,
    DisclaimerFactory,
    NoticeFactory,
    StudyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(walk, writer, reviewer):
    """A live article that keeps every promise: a credentialled specialist reviewer, a study with a DOI, an
    evidence label, a disclaimer that applies."""
    reviewer.credentials = "MD"
    reviewer.save()
    condition = walk(ConditionFactory(name="Lupus"))
    ReviewerSpecialty.objects.create(reviewer=reviewer, condition=condition)
    walk(DisclaimerFactory(applies_to="everywhere"))
    study = walk(StudyFactory(doi="10.5555/integrity.1"))

    def live_article(**fields):
        article = ArticleFactory(author=writer, exempt_from_source_rule=False, **fields)
        article.conditions.set([condition])
        CitationFactory(article=article, study=study)
        return walk(article)

    return live_article, study


def findings(article):
    check = next(c for c in integrity_report() if c.revision.item_id == article.pk)
    return check, {finding.kind for finding in check.findings}


def test_an_article_that_keeps_every_promise_passes(library):
    live_article, _ = library
    check, kinds = findings(live_article(body="Short."))
    assert not check.fails
    assert kinds == set()


def test_an_overdue_review_fails(library):
    live_article, _ = library
    article = live_article()
    Article.objects.filter(pk=article.pk).update(next_review_due=datetime.date(2020, 1, 1))
    check, kinds = findings(article)
    assert check.fails and "review_overdue" in kinds


def test_a_reviewer_without_credentials_fails_and_one_outside_their_specialty_is_noted(library, reviewer):
    live_article, _ = library
    article = live_article()
    reviewer.credentials = ""
    reviewer.save()
    ReviewerSpecialty.objects.all().delete()
    check, kinds = findings(article)
    assert check.fails
    assert {"reviewer_without_credentials", "specialty"} <= kinds


def test_a_retraction_nobody_addressed_fails(library):
    live_article, study = library
    article = live_article()
    NoticeFactory(study=study, nature=Nature.RETRACTION)
    check, kinds = findings(article)
    assert check.fails and "evidence_changed" in kinds


def test_an_exempt_article_passes_with_the_exemption_noted(walk, writer, editor, library):
    article = ArticleFactory(author=writer, exempt_from_source_rule=False)
    workflow.perform("exempt_sources", item=article, by=editor, comment="Says what nobody knows yet.")
    walk(article)
    check, kinds = findings(article)
    assert "exempt" in kinds and "no_checkable_source" not in kinds
    assert "Says what nobody knows yet." in " ".join(f.detail for f in check.findings)


def test_an_exemption_revoked_after_publication_leaves_a_failure_to_fix(walk, writer, editor, library):
    article = ArticleFactory(author=writer, exempt_from_source_rule=False)
    workflow.perform("exempt_sources", item=article, by=editor, comment="For now.")
    walk(article)
    workflow.perform("revoke_exemption", item=article, by=editor)
    check, kinds = findings(article)
    assert check.fails and {"no_checkable_source", "no_evidence_label"} <= kinds


def test_drafts_are_not_in_the_report(library, walk, writer):
    walk(ArticleFactory(author=writer), Status.IN_REVIEW)
    assert totals(integrity_report())["live"] == 0


def test_the_command_exits_non_zero_when_an_article_fails(library):
    live_article, _ = library
    article = live_article()
    out = io.StringIO()
    call_command("integrity_report", stdout=out)
    assert "1 live articles, 0 failing" in out.getvalue()

    Article.objects.filter(pk=article.pk).update(next_review_due=datetime.date(2020, 1, 1))
    with pytest.raises(SystemExit) as failed:
        call_command("integrity_report", "--failing", stdout=(out := io.StringIO()))
    assert failed.value.code == 1
    assert "Review overdue: The next review was due on 01 Jan 2020." in out.getvalue()


def test_editors_read_filter_and_download_the_report_and_writers_cannot(client, library, editor, writer):
    live_article, _ = library
    fine, late = live_article(), live_article()
    Article.objects.filter(pk=late.pk).update(next_review_due=datetime.date(2020, 1, 1))

    client.force_login(writer)
    assert client.get("/admin/evidence/article/integrity/").status_code == 403

    client.force_login(editor)
    page = client.get("/admin/evidence/article/integrity/").content.decode()
    assert "2</strong> live articles" in page and "1 fails" in page
    assert f'href="/admin/evidence/article/{late.pk}/change/"' in page

    failing = client.get("/admin/evidence/article/integrity/?failing=1").content.decode()
    assert late.title in failing and fine.title not in failing

    rows = list(csv.reader(io.StringIO(client.get("/admin/evidence/article/integrity/?format=csv").content.decode())))
    assert rows[0][:3] == ["article", "public page", "passes"]
    late_row = next(row for row in rows if row[0] == late.title)
    assert late_row[2:5] == ["no", "Review overdue", "yes"]
    assert late_row[6].endswith(f"/admin/evidence/article/{late.pk}/change/")


def test_a_reviewer_records_only_their_own_specialties(client, reviewer, other_reviewer, walk):
    condition = walk(ConditionFactory(name="Osteoarthritis"))
    client.force_login(reviewer)
    client.post("/admin/evidence/reviewerspecialty/add/", {"reviewer": other_reviewer.pk, "condition": condition.pk})
    assert not ReviewerSpecialty.objects.filter(reviewer=other_reviewer).exists()
    client.post("/admin/evidence/reviewerspecialty/add/", {"reviewer": reviewer.pk, "condition": condition.pk})
    assert ReviewerSpecialty.objects.filter(reviewer=reviewer, condition=condition).exists()
