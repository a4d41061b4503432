"""The admin as each role sees it: which pages open, what can be saved, and the workflow buttons."""

from datetime import timedelta

import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.roles import MEDICAL_REVIEWER, WRITER
from bench.leaks.library import form_data  # one reading of a rendered admin form, shared with the no-leak walk
from evidence.models import Article, AuditEntry, Status, Study
from evidence.services import workflow
from tests.conftest import shown_text
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    ConditionFactory,
    DisclaimerFactory,
    StudyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = Status
ROLES = ["writer", "reviewer", "editor", "marketer"]
FACTORIES = {
    "article": ArticleFactory,
    "study": StudyFactory,
    "condition": ConditionFactory,
    "disclaimer": DisclaimerFactory,
}
# Who may add and change each kind of content; every role may look at all of it.
EDITORS_OF = {
    "article": {"writer", "editor"},
    "study": {"writer", "editor"},
    "condition": {"writer", "editor"},
    "disclaimer": {"editor"},
}


def url(model, page, pk=None):
    args = [pk] if pk is not None else []
    return reverse(f"admin:evidence_{model}_{page}", args=args)


def messages_of(response):
    return [(message.level, str(message)) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def login(client, request):
    """Return login(role): sign the test client in as the person with that role (fixture name)."""

    def login_as(role):
        user = request.getfixturevalue(role)
        client.force_login(user)
        return user

    return login_as


@pytest.fixture
def draft_of(walk, writer):
    """Return draft_of(model): an item of that kind saved once, as a draft."""

    def make(model):
        item = FACTORIES[model](author=writer) if model == "article" else FACTORIES[model]()
        return walk(item, S.DRAFT)

    return make


# -- who sees which page ----------------------------------------------------------------------


@pytest.mark.parametrize("model", FACTORIES)
@pytest.mark.parametrize("role", [r for r in ROLES if r != "marketer"])  # marketing: published only (issue 15)
def test_every_role_can_open_the_list_change_and_revisions_pages(client, login, draft_of, role, model):
    item = draft_of(model)
    login(role)

    for page in ("changelist", "change", "revisions"):
        response = client.get(url(model, page) if page == "changelist" else url(model, page, item.pk))
        assert response.status_code == 200, page


@pytest.mark.parametrize("model", FACTORIES)
@pytest.mark.parametrize("role", ROLES)
def test_only_roles_that_write_a_kind_of_content_can_open_its_add_page(client, login, role, model):
    login(role)

    response = client.get(url(model, "add"))

    assert response.status_code == (200 if role in EDITORS_OF[model] else 403)


def test_marketing_cannot_add_an_article(client, login):
    login("marketer")

    assert client.get(url("article", "add")).status_code == 403
    assert client.post(url("article", "add"), {"title": "Buy now"}).status_code == 403
    assert not Article.objects.exists()


def test_writer_cannot_add_a_disclaimer(client, login):
    login("writer")

    assert client.get(url("disclaimer", "add")).status_code == 403


@pytest.mark.parametrize("model", FACTORIES)
@pytest.mark.parametrize("role", [r for r in ROLES if r != "marketer"])  # marketing never opens a draft
def test_change_page_has_a_save_button_only_for_roles_that_may_change(client, login, draft_of, role, model):
    item = draft_of(model)
    login(role)

    response = client.get(url(model, "change", item.pk))

    may_change = role in EDITORS_OF[model]
    assert response.context["has_change_permission"] is may_change
    assert ('name="_save"' in response.text) is may_change


def test_viewer_cannot_post_changes(client, login, draft_of):
    article = draft_of("article")
    login("marketer")

    response = client.post(url("article", "change", article.pk), {"title": "Rewritten by marketing"})

    assert response.status_code in (302, 403)  # a draft is not found for marketing; nothing is written either way
    assert Article.objects.get(pk=article.pk).title != "Rewritten by marketing"


@pytest.mark.parametrize("model", FACTORIES)
@pytest.mark.parametrize("page", ["changelist", "add", "change", "revisions"])
def test_anonymous_visitor_is_sent_to_the_login_page(client, draft_of, model, page):
    item = draft_of(model)

    response = client.get(url(model, page, None if page in ("changelist", "add") else item.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# -- the audit trail in the admin ---------------------------------------------------------------


@pytest.fixture
def audit_entry(draft_of):
    return AuditEntry.objects.for_item(draft_of("article")).get()


@pytest.mark.parametrize(
    ("role", "allowed"), [("writer", False), ("reviewer", True), ("editor", True), ("marketer", False)]
)
def test_audit_trail_is_visible_to_reviewers_and_editors_only(client, login, audit_entry, role, allowed):
    login(role)

    changelist = client.get(url("auditentry", "changelist"))
    change = client.get(url("auditentry", "change", audit_entry.pk))

    assert changelist.status_code == change.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin_user"])
def test_audit_entry_page_is_read_only(client, login, audit_entry, role):
    login(role)

    response = client.get(url("auditentry", "change", audit_entry.pk))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.text
    assert client.post(url("auditentry", "change", audit_entry.pk), {"comment": "Edited"}).status_code == 403
    assert AuditEntry.objects.get(pk=audit_entry.pk).comment == ""


@pytest.mark.parametrize("role", ["writer", "reviewer", "editor", "marketer", "admin_user"])
def test_nobody_can_add_or_delete_audit_entries(client, login, audit_entry, role):
    login(role)

    assert client.get(url("auditentry", "add")).status_code == 403
    assert client.post(url("auditentry", "delete", audit_entry.pk), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=audit_entry.pk).exists()


def test_audit_trail_lists_what_happened(client, login, audit_entry):
    login("editor")

    response = client.get(url("auditentry", "changelist"))

    assert list(response.context["cl"].result_list) == [audit_entry]


# -- saving through the admin -------------------------------------------------------------------


def test_writer_adds_an_article_with_a_citation_and_gets_revision_1(client, login, writer):
    study = StudyFactory(title="Autologous stem cell transplant in relapsing MS")
    login("writer")
    page = client.get(url("article", "add"))
    assert 'name="citations-TOTAL_FORMS"' in page.text
    assert 'name="references-TOTAL_FORMS"' in page.text

    data = form_data(page) | {
        "title": "Stem cells for MS",
        "slug": "stem-cells-for-ms",
        "summary": "What one trial found.",
        "body": "A trial found fewer relapses [@burt-2019].",
        "citations-TOTAL_FORMS": "1",
        "citations-0-position": "1",
        "citations-0-study": str(study.pk),
        "_save": "Save",
    }
    response = client.post(url("article", "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    article = Article.objects.get(slug="stem-cells-for-ms")
    assert (article.author, article.created_by, article.status) == (writer, writer, S.DRAFT)
    revision = article.revisions.get()
    assert (revision.number, revision.title, revision.created_by) == (1, "Stem cells for MS", writer)
    assert [c.study for c in revision.citations.all()] == [study]
    assert (SUCCESS, "Saved as revision 1.") in messages_of(response)


def test_writer_adds_a_study_by_pasting_links_and_prefixed_identifiers(client, login):
    login("writer")
    page = client.get(url("study", "add"))

    data = form_data(page) | {
        "citation_key": "burt-2019",
        "title": "Effect of nonmyeloablative hematopoietic stem cell transplantation",
        "design": "randomised_trial",
        "population": "human",
        "doi": "https://doi.org/10.1001/JAMA.2018.18743",
        "pmid": "https://pubmed.ncbi.nlm.nih.gov/30667502/",
        "pmcid": "PMCID: PMC6439690",
        "_save": "Save",
    }
    response = client.post(url("study", "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    study = Study.objects.get(citation_key="burt-2019")
    assert (study.doi, study.pmid, study.pmcid) == ("10.1001/JAMA.2018.18743", "30667502", "PMC6439690")
    assert study.revisions.get().pmid == "30667502"


def test_study_form_names_the_study_that_already_has_the_pmid(client, login):
    existing = StudyFactory(pmid="30667502", title="Burt and colleagues, 2019")
    login("writer")
    page = client.get(url("study", "add"))

    data = form_data(page) | {
        "citation_key": "burt-2019-again",
        "title": "The same paper, added twice",
        "design": "randomised_trial",
        "population": "human",
        "pmid": "PMID: 30667502",
        "_save": "Save",
    }
    response = client.post(url("study", "add"), data)

    assert response.status_code == 200
    assert f"study #{existing.pk}" in response.text
    assert "Burt and colleagues, 2019" in response.text
    assert Study.objects.count() == 1


def test_saving_the_change_form_writes_the_next_revision(client, login, draft_of):
    article = draft_of("article")
    login("writer")
    data = form_data(client.get(url("article", "change", article.pk)))

    response = client.post(url("article", "change", article.pk), data | {"title": "A better title", "_save": "Save"})

    assert response.status_code == 302
    assert article.revisions.order_by("-number").first().title == "A better title"
    assert Article.objects.get(pk=article.pk).edit_version == 2


def test_stale_save_is_refused_and_keeps_the_typed_text(client, login, draft_of):
    article = draft_of("article")
    login("writer")
    opened = form_data(client.get(url("article", "change", article.pk)))
    first = client.post(url("article", "change", article.pk), opened | {"title": "Saved first", "_save": "Save"})
    assert first.status_code == 302

    stale = client.post(
        url("article", "change", article.pk),
        opened | {"title": "Typed on the old page", "body": "Words I must not lose.", "_save": "Save"},
    )

    assert stale.status_code == 200
    assert "saved a newer version" in stale.text
    assert "Typed on the old page" in stale.text
    assert "Words I must not lose." in stale.text
    assert article.revisions.count() == 2
    assert Article.objects.get(pk=article.pk).title == "Saved first"


def test_in_review_article_is_read_only(client, login, walk, writer):
    article = walk(ArticleFactory(author=writer, title="Under review"), S.IN_REVIEW)
    login("writer")

    page = client.get(url("article", "change", article.pk))
    posted = client.post(url("article", "change", article.pk), {"title": "Sneaky edit", "_save": "Save"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in page.text
    assert "read-only while it is in review" in page.text
    assert posted.status_code == 200
    assert "Nothing was saved" in posted.text
    assert Article.objects.get(pk=article.pk).title == "Under review"
    assert article.revisions.count() == 1


def test_save_from_a_page_opened_before_submission_is_refused_and_keeps_the_text(client, login, draft_of, writer):
    article = draft_of("article")
    login("writer")
    opened = form_data(client.get(url("article", "change", article.pk)))
    workflow.perform("submit", item=article, by=writer)

    response = client.post(
        url("article", "change", article.pk),
        opened | {"title": "Typed before the submission", "body": "Paragraph I must not lose.", "_save": "Save"},
    )

    assert response.status_code == 200
    assert "is in review, so its text cannot change now" in response.text
    assert "Typed before the submission" in response.text
    assert "Paragraph I must not lose." in response.text
    assert article.revisions.count() == 1
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


# -- workflow buttons --------------------------------------------------------------------------------


def test_writer_submits_with_the_workflow_button(client, login, draft_of):
    article = draft_of("article")
    login("writer")

    response = client.post(url("article", "workflow", article.pk), shown_text(article) | {"action": "submit"})

    assert response.status_code == 302
    assert response["Location"] == url("article", "change", article.pk)
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    assert messages_of(response)[0][0] == SUCCESS


def test_author_cannot_approve_with_the_workflow_button(client, login, walk, writer):
    article = walk(ArticleFactory(author=writer), S.IN_REVIEW)
    login("writer")

    response = client.post(url("article", "workflow", article.pk), shown_text(article) | {"action": "approve"})

    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    assert messages_of(response) == [(ERROR, "Only a medical reviewer can approve this article.")]


def test_reviewer_who_wrote_the_article_gets_the_four_eyes_message(client, walk):
    author = UserFactory(roles=[WRITER, MEDICAL_REVIEWER])
    article = walk(ArticleFactory(author=author), S.IN_REVIEW)
    client.force_login(author)

    response = client.post(url("article", "workflow", article.pk), shown_text(article) | {"action": "approve"})

    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    [(level, text)] = messages_of(response)
    assert level == ERROR
    assert "another medical reviewer must approve it" in text


def test_reviewer_approves_with_the_workflow_button(client, login, walk, writer, reviewer):
    article = walk(ArticleFactory(author=writer), S.IN_REVIEW)
    login("reviewer")

    client.post(
        url("article", "workflow", article.pk), shown_text(article) | {"action": "approve", "comment": "Accurate."}
    )

    assert Article.objects.get(pk=article.pk).status == S.APPROVED
    assert article.latest_revision.approved_by == reviewer


def test_request_changes_without_a_comment_is_refused_in_the_admin(client, login, walk, writer):
    article = walk(ArticleFactory(author=writer), S.IN_REVIEW)
    login("reviewer")

    response = client.post(
        url("article", "workflow", article.pk), shown_text(article) | {"action": "request_changes", "comment": " "}
    )

    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    assert messages_of(response) == [(ERROR, "Say what needs to change: a comment is required.")]


def test_unknown_workflow_action_is_refused(client, login, draft_of):
    article = draft_of("article")
    login("editor")

    response = client.post(
        url("article", "workflow", article.pk), shown_text(article) | {"action": "delete_everything"}
    )

    assert Article.objects.get(pk=article.pk).status == S.DRAFT
    assert messages_of(response)[0][0] == ERROR


def test_workflow_url_only_accepts_post(client, login, draft_of):
    article = draft_of("article")
    login("writer")

    assert client.get(url("article", "workflow", article.pk)).status_code == 405


def test_anonymous_workflow_post_changes_nothing(client, draft_of):
    article = draft_of("article")

    response = client.post(url("article", "workflow", article.pk), shown_text(article) | {"action": "submit"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert Article.objects.get(pk=article.pk).status == S.DRAFT


@pytest.mark.parametrize(
    ("role", "buttons"),
    [
        ("writer", ["withdraw"]),
        ("reviewer", ["approve", "request_changes"]),
        ("editor", ["withdraw"]),
    ],
)
def test_change_page_offers_only_the_buttons_the_person_can_use(client, login, walk, writer, role, buttons):
    article = walk(ArticleFactory(author=writer), S.IN_REVIEW)
    login(role)

    response = client.get(url("article", "change", article.pk))

    assert [action for action, _ in response.context["workflow_actions"]] == buttons


def test_change_page_explains_why_the_author_cannot_approve(client, walk):
    author = UserFactory(roles=[WRITER, MEDICAL_REVIEWER])
    article = walk(ArticleFactory(author=author), S.IN_REVIEW)
    client.force_login(author)

    response = client.get(url("article", "change", article.pk))

    assert "another medical reviewer must approve it" in response.text
    assert 'value="approve"' not in response.text


# -- revisions: compare and restore ----------------------------------------------------------------


def test_compare_page_marks_the_changed_words(client, login, draft_of, edit):
    article = draft_of("article")
    edit(article, title="Old title")
    edit(article, title="New title")
    login("reviewer")

    response = client.get(url("article", "revisions", article.pk), {"a": 2, "b": 3})

    assert response.status_code == 200
    assert "<del>Old</del>" in response.text
    assert "<ins>New</ins>" in response.text


def test_compare_page_says_when_two_revisions_have_the_same_content(client, login, draft_of, edit):
    article = draft_of("article")
    edit(article, title="Same title")
    edit(article, title="Same title")
    login("writer")

    response = client.get(url("article", "revisions", article.pk), {"a": 2, "b": 3})

    assert "No differences" in response.text
    assert 'class="diff"' not in response.text


def test_compare_page_escapes_what_writers_typed(client, login, draft_of, edit):
    article = draft_of("article")
    edit(article, title="<script>alert(1)</script>")
    login("editor")

    response = client.get(url("article", "revisions", article.pk), {"a": 1, "b": 2})

    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in response.text
    assert "<script>alert(1)" not in response.text


def test_compare_page_warns_about_revisions_that_do_not_exist(client, login, draft_of):
    article = draft_of("article")
    login("writer")

    response = client.get(url("article", "revisions", article.pk), {"a": 1, "b": 99})

    assert response.context["comparison"] is None
    assert "Choose two revisions" in messages_of(response)[0][1]


def test_revisions_page_offers_restore_only_to_people_who_may_edit(client, login, draft_of, edit):
    article = draft_of("article")
    edit(article, title="Second")
    login("writer")
    assert "Restore as new draft" in client.get(url("article", "revisions", article.pk)).text

    login("marketer")
    assert "Restore as new draft" not in client.get(url("article", "revisions", article.pk)).text


def test_writer_restores_an_old_revision_from_the_admin(client, login, draft_of, edit, writer):
    article = draft_of("article")
    first_title = article.title
    edit(article, title="Second")
    login("writer")

    response = client.post(reverse("admin:evidence_article_restore", args=[article.pk, 1]))

    assert response.status_code == 302
    latest = article.revisions.order_by("-number").first()
    assert (latest.number, latest.title, latest.created_by) == (3, first_title, writer)
    assert Article.objects.get(pk=article.pk).title == first_title


def test_viewer_cannot_restore_a_revision(client, login, draft_of, edit):
    article = draft_of("article")
    edit(article, title="Second")
    login("marketer")

    response = client.post(reverse("admin:evidence_article_restore", args=[article.pk, 1]))

    assert response.status_code == 403
    assert article.revisions.count() == 2


# -- list filters -------------------------------------------------------------------------------------


def test_review_filter_finds_overdue_and_soon_due_articles(client, login, walk, writer):
    today = timezone.localdate()
    overdue = walk(ArticleFactory(author=writer), S.PUBLISHED)
    soon = walk(ArticleFactory(author=writer), S.PUBLISHED)
    later = walk(ArticleFactory(author=writer), S.PUBLISHED)
    for article, due in ((overdue, -1), (soon, 10), (later, 200)):
        Article.objects.filter(pk=article.pk).update(next_review_due=today + timedelta(days=due))
    login("editor")

    def listed(review):
        return {a.pk for a in client.get(url("article", "changelist"), {"review": review}).context["cl"].result_list}

    assert listed("overdue") == {overdue.pk}
    assert listed("soon") == {soon.pk}


def test_live_filter_separates_public_and_draft_articles(client, login, walk, writer):
    public = walk(ArticleFactory(author=writer), S.PUBLISHED)
    draft = walk(ArticleFactory(author=writer), S.DRAFT)
    login("reviewer")

    def listed(live):
        return {a.pk for a in client.get(url("article", "changelist"), {"live": live}).context["cl"].result_list}

    assert listed("yes") == {public.pk}
    assert listed("no") == {draft.pk}


def test_article_with_citations_opens_for_every_role(client, login, walk, writer):
    article = ArticleFactory(author=writer)
    CitationFactory(article=article, study=walk(StudyFactory(), S.PUBLISHED))
    walk(article, S.PUBLISHED)

    for role in ROLES:
        login(role)
        page = client.get(url("article", "change", article.pk))
        if role == "marketer":  # marketing reads the public page of what is live
            assert page.status_code == 302 and page["Location"] == article.get_absolute_url()
            continue
        assert page.status_code == 200, role
