"""What a notice asks of people: the approval gate's selector, the desk's "evidence changed", the e-mail, and
the admin form where a medical reviewer records how a summary handles it (a writer cannot)."""

import datetime

import pytest
from django.core import mail

from evidence.exceptions import WorkflowError
from evidence.models import Status
from evidence.retractions.models import Nature, Notice, NoticeHandling, Source, in_force
from evidence.retractions.selectors import articles_with_changed_evidence, unhandled_notices
from evidence.retractions.services import Found, record_notices
from evidence.services import workflow
from tests.factories import ArticleFactory, CitationFactory, NoticeFactory, StudyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cited(walk, writer, reviewer):
    study = walk(StudyFactory(citation_key="mice-2020", doi="10.5555/mice.2020"), Status.PUBLISHED)
    article = ArticleFactory(author=writer, slug="mice", body="[@mice-2020]", medical_reviewer=reviewer)
    CitationFactory(article=article, study=study, position=1)
    return walk(article, Status.PUBLISHED), study


def record(study, nature=Nature.RETRACTION, key="8001", date=datetime.date(2024, 1, 15)):
    found = Found(study.pk, key, nature, date, "Fabrication", f"10.5555/notice.{key}")
    return record_notices([found], source=Source.RETRACTION_WATCH)


def test_the_blocking_rule_agrees_as_a_query_and_over_fetched_rows():
    study = StudyFactory()
    day = datetime.date
    NoticeFactory(study=study, nature=Nature.RETRACTION, date=day(2020, 1, 1))
    NoticeFactory(study=study, nature=Nature.REINSTATEMENT, date=day(2021, 1, 1))
    later = NoticeFactory(study=study, nature=Nature.EXPRESSION_OF_CONCERN, date=day(2022, 1, 1))
    correction = NoticeFactory(study=study, nature=Nature.CORRECTION, date=day(2019, 1, 1))

    assert list(Notice.objects.blocking()) == [later]
    assert set(Notice.objects.in_force()) == {later, correction}
    assert in_force(Notice.objects.all()) == [later, correction]


def test_unhandled_notices_lists_blocking_notices_on_cited_studies_until_a_reviewer_records_handling(cited, reviewer):
    article, study = cited
    other = StudyFactory()
    NoticeFactory(study=other)  # not cited
    NoticeFactory(study=study, nature=Nature.CORRECTION)  # blocks nothing
    retraction = NoticeFactory(study=study)

    assert list(unhandled_notices(article)) == [retraction]

    NoticeHandling.objects.create(notice=retraction, article=article, by=reviewer, note="No longer relied on.")
    assert list(unhandled_notices(article)) == []


def test_a_new_retraction_puts_live_articles_on_the_desks_and_emails_reviewer_and_editors(
    cited, reviewer, other_reviewer, editor, writer, django_capture_on_commit_callbacks
):
    article, study = cited
    with django_capture_on_commit_callbacks(execute=True):
        result = record(study)

    assert len(result.newly_blocking) == 1
    assert list(articles_with_changed_evidence()) == [article]
    assert list(articles_with_changed_evidence(editor)) == [article]
    assert list(articles_with_changed_evidence(reviewer)) == [article]
    assert list(articles_with_changed_evidence(other_reviewer)) == []  # assigned to someone else
    assert list(articles_with_changed_evidence(writer)) == []
    [message] = mail.outbox
    assert message.subject == f"Evidence changed: {article}"
    assert set(message.to) == {reviewer.email, editor.email}
    assert "https://doi.org/10.5555/notice.8001" in message.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = record(study)  # the same notice again: nothing new to tell
    assert (again.new, again.unchanged, again.newly_blocking, mail.outbox) == (0, 1, [], [])


def test_a_correction_is_recorded_but_puts_nothing_on_a_desk(cited, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record(cited[1], Nature.CORRECTION)

    assert list(articles_with_changed_evidence()) == []
    assert mail.outbox == []


def test_a_medical_reviewer_records_handling_in_the_admin_and_a_writer_cannot(client, cited, reviewer, writer):
    article, study = cited
    notice = NoticeFactory(study=study)
    url = f"/admin/retractions/notice/{notice.pk}/handle/"

    client.force_login(writer)
    assert client.get(f"/admin/retractions/notice/{notice.pk}/change/").status_code == 200
    assert client.post(url, {"article": article.pk, "note": "Fine."}).status_code == 403
    assert not NoticeHandling.objects.exists()

    client.force_login(reviewer)
    page = client.get(f"/admin/retractions/notice/{notice.pk}/change/").content.decode()
    assert "Record how an article handles this" in page and str(article) in page
    assert client.post(url, {"article": article.pk, "note": "  "}).status_code == 200  # a note is required
    response = client.post(url, {"article": article.pk, "note": "The summary no longer relies on it."})

    assert response.status_code == 302
    handling = NoticeHandling.objects.get()
    assert (handling.article, handling.by, handling.note) == (article, reviewer, "The summary no longer relies on it.")
    assert list(unhandled_notices(article)) == []
    assert list(articles_with_changed_evidence()) == []


def test_the_notice_list_searches_by_doi_and_filters_by_nature(client, cited, reviewer):
    NoticeFactory(study=cited[1], nature=Nature.EXPRESSION_OF_CONCERN)
    client.force_login(reviewer)

    found = client.get("/admin/retractions/notice/", {"q": "10.5555/mice.2020"}).content.decode()
    assert "mice" in found.lower() and "1 notice" in found
    assert "0 notices" in client.get("/admin/retractions/notice/", {"nature__exact": "retraction"}).content.decode()


def test_the_desk_shows_evidence_changed_to_the_reviewer(client, cited, reviewer, django_capture_on_commit_callbacks):
    client.force_login(reviewer)
    assert "Evidence changed" not in client.get("/admin/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        record(cited[1])

    page = client.get("/admin/").content.decode()
    assert "Evidence changed" in page and str(cited[0]) in page


def test_no_revision_citing_a_retracted_paper_is_approved_until_a_reviewer_says_how_the_summary_handles_it(
    cited, walk, edit, reviewer, other_reviewer
):
    article, study = cited
    edit(article, body="[@mice-2020] Updated after the notice.")
    walk(article, Status.IN_REVIEW)
    record(study)

    with pytest.raises(WorkflowError, match="was retracted or drew an expression of concern") as refused:
        workflow.perform("approve", item=article, by=reviewer)
    assert refused.value.code == "unhandled_notice"
    assert "Retraction" in refused.value.message

    NoticeHandling.objects.create(
        notice=Notice.objects.get(study=study), article=article, by=other_reviewer, note="Now says it was retracted."
    )
    workflow.perform("approve", item=article, by=reviewer)
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_a_correction_blocks_no_approval(cited, walk, edit, reviewer):
    article, study = cited
    edit(article, body="[@mice-2020] A second wording.")
    walk(article, Status.IN_REVIEW)
    record(study, nature=Nature.CORRECTION)

    workflow.perform("approve", item=article, by=reviewer)
