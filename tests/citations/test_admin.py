"""The admin: import with a preview, the citation and claim check beside the text, and the rules."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.citations import parsers
from evidence.citations.plan import plan_import
from evidence.models import ClaimFinding, ClaimRule, Status, Study
from tests.citations.conftest import FILES
from tests.conftest import shown_text
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

pytestmark = pytest.mark.django_db

IMPORT = "/admin/evidence/study/import/"


def upload(name):
    return SimpleUploadedFile(name, (FILES / name).read_bytes())


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def change_page(article):
    return reverse("admin:evidence_article_change", args=[article.pk])


# -- import -------------------------------------------------------------------------------------


def test_study_list_links_to_the_import_for_writers(client, writer, marketer):
    client.force_login(writer)
    assert IMPORT in client.get("/admin/evidence/study/").text
    client.force_login(marketer)
    assert IMPORT not in client.get("/admin/evidence/study/").text
    assert client.get(IMPORT).status_code == 403


def test_preview_shows_what_would_happen_and_writes_nothing(client, writer, wu_2014):
    client.force_login(writer)

    response = client.post(IMPORT, {"file": upload("pubmed.nbib")})

    assert response.status_code == 200
    plan = response.context["plan"]
    assert [e.outcome for e in plan.entries] == ["merge", "create"]
    assert f"to #{wu_2014.pk}" in response.text and "sarsenova-2023" in response.text
    assert Study.objects.count() == 1


def test_confirming_the_preview_imports_and_reports(client, writer, wu_2014):
    client.force_login(writer)
    confirm = client.post(IMPORT, {"file": upload("pubmed.nbib")}).context["confirm"]

    response = client.post(IMPORT, {**confirm.initial, "confirm": "Import"})

    assert response.status_code == 302
    assert Study.objects.get(pmid="99999901").created_by == writer
    assert messages_of(response) == ["Imported from pubmed.nbib: 1 new draft studies, 1 studies given new details."]


def test_pasted_references_are_previewed_too(client, writer):
    client.force_login(writer)

    response = client.post(IMPORT, {"text": (FILES / "references.json").read_text(), "format": ""})

    assert [e.reference.title[:5] for e in response.context["plan"].entries] == ["Human", "A syn"]
    assert response.context["plan"].source == "pasted references"


def test_a_preview_gone_stale_is_shown_again_not_committed(client, writer):
    client.force_login(writer)
    confirm = client.post(IMPORT, {"file": upload("references.json")}).context["confirm"]
    StudyFactory(doi="10.5555/test.8")  # someone adds one of the papers meanwhile

    response = client.post(IMPORT, {**confirm.initial, "confirm": "Import"})

    assert response.status_code == 200
    assert "The library changed since your preview" in response.text
    assert [e.outcome for e in response.context["plan"].entries] == ["create", "merge"]
    assert Study.objects.count() == 1


def test_a_broken_file_shows_every_problem_and_offers_no_import(client, writer):
    client.force_login(writer)

    response = client.post(IMPORT, {"file": upload("cut-off.ris"), "design": "observational"})

    assert not response.context["plan"].can_import
    assert "line 9" in response.text
    assert "it has no closing “ER  - ” line, so the file looks cut off" in response.text
    assert 'name="confirm"' not in response.text


def test_a_forged_confirmation_of_a_broken_file_imports_nothing(client, writer):
    client.force_login(writer)
    content = (FILES / "cut-off.ris").read_text()
    fields = {"content": content, "format": "ris", "design": "observational", "source": "x.ris", "confirm": "1"}
    fingerprint = plan_import(parsers.parse(content), design="observational", source="x.ris").fingerprint()

    response = client.post(IMPORT, {**fields, "fingerprint": fingerprint})

    assert "Nothing was imported" in response.text
    assert Study.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a file to upload, or paste references."),
        ({"file": "not-references.pdf"}, "This file is not text"),
        ({"file": "latin1.ris"}, "The file is not UTF-8 text"),
        ({"text": "just some notes"}, "This does not look like RIS, BibTeX"),
        ({"file": "references.json", "text": "TY  - JOUR"}, "Upload a file or paste references, not both."),
    ],
)
def test_bad_input_gets_a_clear_message_not_an_error_page(client, writer, data, message):
    client.force_login(writer)
    if "file" in data:
        data = {**data, "file": upload(data["file"])}

    response = client.post(IMPORT, data)

    assert response.status_code == 200
    assert message in response.text


def test_study_page_shows_the_ama_and_vancouver_reference(client, writer, burt_2019):
    client.force_login(writer)

    response = client.get(reverse("admin:evidence_study_change", args=[burt_2019.pk]))

    assert "JAMA. 2019;321(2):165-174." in response.text and "JAMA. 2019;321(2):165-74." in response.text


# -- the citation and claim check beside the text ------------------------------------------------


def test_writer_sees_dangling_markers_and_claims_while_editing(client, writer, claim_rules, walk):
    article = walk(ArticleFactory(author=writer, body="It is a miracle [@ghost-2020]."), Status.DRAFT)
    client.force_login(writer)

    response = client.get(change_page(article))

    checks = response.context["citation_checks"]
    assert [str(d.marker) for d in checks.dangling] == ["[@ghost-2020]"]
    assert [h.rule.name for h in checks.preview_hits] == ["Miracle"]
    assert "no study in the library has the citation key “ghost-2020”" in response.text
    assert not ClaimFinding.objects.exists()  # a preview records nothing


def test_submit_button_reports_a_dangling_citation(client, writer, walk):
    article = walk(ArticleFactory(author=writer, body="Unknown [@ghost-2020]."), Status.DRAFT)
    client.force_login(writer)

    response = client.post(
        reverse("admin:evidence_article_workflow", args=[article.pk]), {"action": "submit"}, follow=True
    )

    assert any("[@ghost-2020]" in m for m in messages_of(response))
    article.refresh_from_db()
    assert article.status == Status.DRAFT


@pytest.fixture
def in_review(claim_rules, writer, walk):
    return walk(ArticleFactory(author=writer, body="Stem cells cure MS."), Status.IN_REVIEW)


def acknowledge_url(article, finding):
    return reverse("admin:evidence_article_acknowledge_finding", args=[article.pk, finding.pk])


def test_reviewer_sees_findings_with_a_form_to_acknowledge_each(client, reviewer, writer, in_review):
    finding = in_review.claim_findings.get()
    client.force_login(reviewer)
    page = client.get(change_page(in_review)).text
    assert "Cure claim" in page and acknowledge_url(in_review, finding) in page
    client.force_login(writer)
    assert acknowledge_url(in_review, finding) not in client.get(change_page(in_review)).text  # writers only read

    client.force_login(reviewer)
    response = client.post(
        acknowledge_url(in_review, finding), shown_text(in_review) | {f"ack-reason-{finding.pk}": "Quoted as a myth."}
    )

    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.acknowledged_by, finding.acknowledgement) == (reviewer, "Quoted as a myth.")


def test_acknowledging_without_a_reason_is_refused_with_a_message(client, reviewer, in_review):
    finding = in_review.claim_findings.get()
    client.force_login(reviewer)

    response = client.post(acknowledge_url(in_review, finding), shown_text(in_review), follow=True)

    assert "a reason is required" in " ".join(messages_of(response))
    finding.refresh_from_db()
    assert not finding.is_acknowledged


def test_approve_button_reports_unacknowledged_findings(client, reviewer, in_review):
    client.force_login(reviewer)

    response = client.post(
        reverse("admin:evidence_article_workflow", args=[in_review.pk]),
        shown_text(in_review) | {"action": "approve"},
        follow=True,
    )

    assert any("needs a medical reviewer's acknowledgement" in m for m in messages_of(response))
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_acknowledge_needs_post(client, reviewer, in_review):
    client.force_login(reviewer)
    assert client.get(acknowledge_url(in_review, in_review.claim_findings.get())).status_code == 405


def test_working_copy_references_download_for_staff(client, writer, walk, burt_2019):
    article = ArticleFactory(author=writer, slug="draft-article", body="A [@burt-2019].")
    CitationFactory(article=article, study=burt_2019)
    walk(article, Status.DRAFT)
    client.force_login(writer)

    response = client.get(reverse("admin:evidence_article_references", args=[article.pk, "ris"]))

    assert response["Content-Disposition"] == 'attachment; filename="draft-article-references.ris"'
    assert "TI  - Effect of Nonmyeloablative" in response.content.decode()
    assert client.get(reverse("admin:evidence_article_references", args=[article.pk, "docx"])).status_code == 404


# -- the rules -------------------------------------------------------------------------------------


def test_editors_maintain_the_rules_and_writers_read_them(client, editor, writer, claim_rules):
    rule = claim_rules["Cure claim"]
    change = reverse("admin:evidence_claimrule_change", args=[rule.pk])
    client.force_login(editor)
    response = client.post(
        change, {"name": rule.name, "kind": "regex", "pattern": r"\bcures?\b", "explanation": "Say what changed."}
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.pattern, rule.is_active) == (r"\bcures?\b", False)  # an unticked box deactivates it

    client.force_login(writer)
    assert client.get(reverse("admin:evidence_claimrule_changelist")).status_code == 200
    assert client.post(change, {"name": "x", "kind": "phrase", "pattern": "x", "explanation": "x"}).status_code == 403
    assert ClaimRule.objects.get(pk=rule.pk).name == "Cure claim"


def test_an_invalid_pattern_is_refused_on_the_form(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:evidence_claimrule_add"),
        {"name": "Broken", "kind": "regex", "pattern": "(unclosed", "explanation": "x", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "This is not a valid regular expression" in response.text


def ris(count):
    return "".join(f"TY  - JOUR\nTI  - Synthetic paper {n}\nDO  - 10.5555/test.adm{n}\nER  - \n" for n in range(count))


def test_preview_of_hundreds_of_entries_takes_the_same_queries_as_a_few(client, writer, django_assert_num_queries):
    client.force_login(writer)
    client.post(IMPORT, {"text": ris(1), "design": "observational"})  # warm up the session and permissions

    with CaptureQueriesContext(connection) as few:
        client.post(IMPORT, {"text": ris(3), "design": "observational"})
    assert len(few) == 8  # session, user, permissions, the library's keys and identifiers
    with django_assert_num_queries(len(few)):
        response = client.post(IMPORT, {"text": ris(400), "design": "observational"})

    assert response.context["plan"].counts["create"] == 400
    assert "Import 400 new and 0 merged" in response.text


def test_article_page_queries_do_not_grow_with_the_number_of_findings(client, reviewer, writer, claim_rules, walk,
                                                                         django_assert_num_queries):  # fmt: skip
    few = walk(ArticleFactory(author=writer, body="It cures."), Status.IN_REVIEW)
    many = walk(
        ArticleFactory(author=writer, body="It cures. A miracle. Guaranteed. 40 patients. 100%."), Status.IN_REVIEW
    )
    assert many.claim_findings.count() > few.claim_findings.count() == 1
    client.force_login(reviewer)
    client.get(change_page(few))

    with CaptureQueriesContext(connection) as first:
        client.get(change_page(few))
    with django_assert_num_queries(len(first)):
        client.get(change_page(many))


PASTED_BROKEN = "TY  - JOUR\nTI  - A trial whose record was cut off\nAU  - Example, A\n"


def test_pasted_references_that_cannot_be_imported_come_back_in_the_form(client, writer):
    client.force_login(writer)

    response = client.post(IMPORT, {"text": PASTED_BROKEN, "format": "ris", "design": "observational"})

    assert not response.context["plan"].can_import
    assert "Try again" in response.text
    assert "A trial whose record was cut off" in response.context["form"].initial["text"]
    assert response.context["form"].initial["design"] == "observational"


def test_unreadable_pasted_text_is_kept_with_the_message(client, writer):
    client.force_login(writer)

    response = client.post(IMPORT, {"text": "Dear colleague, not references at all.", "format": "", "design": ""})

    assert response.status_code == 200
    form = response.context["form"]
    assert form is not None and "not references at all" in (form.initial.get("text") or form.data.get("text", ""))
