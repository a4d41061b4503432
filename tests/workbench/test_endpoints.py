"""The preview and autosave endpoints: who may use them, what they answer, and that they leave no trace."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import WRITER
from accounts.services import issue_api_key
from evidence.models import ArticleRevision, ClaimRule
from evidence.services.revisions import working_copy_saved
from evidence.workbench.models import Autosave
from tests.factories import ArticleFactory, CitationFactory, StudyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(writer):
    article = ArticleFactory(author=writer, body="Intro [@burt-2019].")
    study = StudyFactory(citation_key="burt-2019", title="Stem cells in MS")
    working_copy_saved(item=study, by=writer)  # the preview shows a study that is not live from its latest revision
    CitationFactory(article=article, study=study, position=1)
    working_copy_saved(item=article, by=writer)
    return article


def preview_url(article=None):
    if article is None:
        return reverse("workbench:article_preview_add")
    return reverse("workbench:article_preview", kwargs={"object_id": article.pk})


def form_data(article, **fields):
    citation = article.citations.get()
    return {
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "citations-TOTAL_FORMS": "1",
        "citations-0-study": str(citation.study_id),
        "citations-0-position": "1",
        **fields,
    }


def test_the_preview_numbers_citations_and_lists_references_with_the_public_template(client, writer, article):
    client.force_login(writer)
    response = client.post(preview_url(article), form_data(article, body="New text [@burt-2019].\n\n# Oops"))
    assert response.status_code == 200
    data = response.json()
    assert '<sup class="cite"><a href="#ref-1"' in data["page"] and '<li id="ref-1" value="1">' in data["page"]
    assert "Stem cells in MS" in data["page"] and 'id="refs-heading"' in data["page"]
    assert 'class="evidence-box"' in data["page"]
    assert [d["kind"] for d in data["dropped"]] == ["heading"]
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))


def test_the_preview_of_an_article_not_yet_saved_uses_the_add_permission(client, writer):
    client.force_login(writer)
    response = client.post(preview_url(), {"title": "New", "body": "Text [@nowhere]."})
    assert response.status_code == 200
    assert response.json()["dangling"]  # the marker names no study the form cites


def test_the_preview_writes_nothing(client, writer, article):
    client.force_login(writer)
    revisions = ArticleRevision.objects.count()
    with CaptureQueriesContext(connection) as queries:
        client.post(preview_url(article), form_data(article, body="Changed [@burt-2019]."))
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert ArticleRevision.objects.count() == revisions
    article.refresh_from_db()
    assert article.body == "Intro [@burt-2019]."


def test_the_preview_shows_claim_check_hits(client, writer, article):
    ClaimRule.objects.create(name="Cure claim", kind="phrase", pattern="cure", explanation="Say what was measured.")
    client.force_login(writer)
    data = client.post(preview_url(article), form_data(article, body="Stem cells cure MS.")).json()
    assert [c["text"] for c in data["claims"]] == ["cure"]


@pytest.mark.parametrize(
    "fields",
    [
        {"citations-TOTAL_FORMS": "many", "conditions": ["x", "9999999"], "author": "nobody"},
        {"citations-TOTAL_FORMS": "2", "citations-1-study": "not-a-number", "references-TOTAL_FORMS": "1",
         "references-0-title": "WHO", "references-0-published_on": "yesterday"},
        {"body": "<<<[@]]]][^x]|||\n===\n<div"},
    ],
)  # fmt: skip
def test_bad_input_is_previewed_with_a_note_never_a_server_error(client, writer, article, fields):
    client.force_login(writer)
    response = client.post(preview_url(article), form_data(article, **fields))
    assert response.status_code == 200, response.content[:500]
    assert "page" in response.json()


def test_a_body_too_long_to_preview_is_answered_with_a_message(client, writer, article):
    client.force_login(writer)
    response = client.post(preview_url(article), form_data(article, body="x" * 400_001))
    assert response.status_code == 400
    assert "too long to preview" in response.json()["error"]


def test_the_preview_refuses_get(client, writer, article):
    client.force_login(writer)
    assert client.get(preview_url(article)).status_code == 405


def test_marketing_and_staff_without_a_role_may_not_preview_or_autosave(client, marketer, article):
    roleless = UserFactory(email="nobody@example.com", roles=[])
    for person in (marketer, roleless):
        client.force_login(person)
        assert client.post(preview_url(article), form_data(article)).status_code in (302, 403)
        assert client.post(autosave_url(article), {"fields": "{}"}).status_code in (302, 403)


def test_anonymous_people_are_sent_to_sign_in(client, article):
    response = client.post(preview_url(article), form_data(article))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post(autosave_url(article), {"fields": "{}"}).status_code == 302


def test_a_missing_article_is_not_found(client, writer):
    client.force_login(writer)
    assert client.post(reverse("workbench:article_preview", kwargs={"object_id": 999999}), {}).status_code == 404


def test_csrf_is_required(writer, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    assert client.post(preview_url(article), form_data(article)).status_code == 403


def autosave_url(article=None, kind="article"):
    if article is None:
        return reverse("workbench:autosave_add", kwargs={"kind": kind})
    return reverse("workbench:autosave", kwargs={"kind": kind, "object_id": article.pk})


def test_autosave_keeps_one_draft_per_person_and_item_and_no_revision(client, writer, article):
    client.force_login(writer)
    revisions = ArticleRevision.objects.count()
    for text in ("first", "second"):
        response = client.post(autosave_url(article), {"fields": json.dumps({"body": text}), "seen_edit_version": "1"})
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    draft = Autosave.objects.get()
    assert draft.fields == {"body": "second"} and draft.object_id == article.pk and draft.user == writer
    assert ArticleRevision.objects.count() == revisions
    article.refresh_from_db()
    assert article.body == "Intro [@burt-2019]."


def test_the_add_form_autosaves_under_the_person_with_no_item(client, writer):
    client.force_login(writer)
    assert client.post(autosave_url(kind="study"), {"fields": json.dumps({"title": "A trial"})}).status_code == 200
    assert Autosave.objects.get().object_id is None


@pytest.mark.parametrize(
    "fields", ["not json", json.dumps(["a"]), json.dumps({"body": 3}), json.dumps({"b": "x" * 1_000_001})]
)
def test_autosave_refuses_what_is_not_a_forms_text_with_a_message(client, writer, article, fields):
    client.force_login(writer)
    response = client.post(autosave_url(article), {"fields": fields})
    assert response.status_code == 400 and response.json()["error"]
    assert not Autosave.objects.exists()


def test_an_unknown_kind_is_not_found(client, writer):
    client.force_login(writer)
    assert client.post("/admin/workbench/user/add/autosave/", {"fields": "{}"}).status_code == 404


def test_the_restore_offer_is_shown_only_to_its_writer_until_they_save(client, writer, article):
    client.force_login(writer)
    change = reverse("admin:evidence_article_change", args=[article.pk])
    client.post(autosave_url(article), {"fields": json.dumps({"body": "Typed but not saved"})})
    config = client.get(change).context["workbench"]
    assert config["offer"]["fields"] == {"body": "Typed but not saved"}

    colleague = UserFactory(email="colleague@example.com", roles=[WRITER])
    client.force_login(colleague)
    assert client.get(change).context["workbench"]["offer"] is None

    client.force_login(writer)
    working_copy_saved(item=article, by=writer)  # the writer saved after the draft was kept
    assert client.get(change).context["workbench"]["offer"] is None
    assert not Autosave.objects.exists()


def test_autosaved_text_is_never_public_nor_in_the_api(client, writer, walk):
    article = walk(ArticleFactory(author=writer))
    marker = "UNSAVED-MARKER-7731"
    client.force_login(writer)
    client.post(autosave_url(article), {"fields": json.dumps({"body": marker, "title": marker})})
    client.logout()
    for url in ("/", "/articles/", article.live_revision.get_absolute_url(), "/search/?q=UNSAVED", "/feeds/articles/"):
        response = client.get(url, follow=True)
        assert marker not in response.content.decode(), url
    api = Client(headers={"Authorization": f"Bearer {issue_api_key(name='Newsletter tool')[1]}"})
    for url in ("/api/v1/articles/", f"/api/v1/articles/{article.live_revision.slug}/", "/api/v1/changes/"):
        response = api.get(url)
        assert response.status_code == 200, url
        assert marker not in response.content.decode(), url
