"""The workflow service: who may move what where, and what each move leaves behind."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.permissions import excluding_own_work
from accounts.roles import MEDICAL_REVIEWER, WRITER
from evidence import selectors
from evidence.exceptions import NotAllowed, WorkflowError
from evidence.models import Article, AuditEntry, Status
from evidence.services import workflow
from evidence.services.revisions import restore_revision, working_copy_saved
from tests.factories import (
    ArticleFactory,
    ArticleReferenceFactory,
    CitationFactory,
    ConditionFactory,
    DisclaimerFactory,
    StudyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = Status


def perform(action, *, item, by, comment="Checked against the paper."):
    """Make `action` through the workflow's one door, as the admin does."""
    return workflow.perform(action, item=item, by=by, comment=comment)


def refused(action, *, item, by, comment="Checked against the paper."):
    """Attempt a move that must be refused; return the WorkflowError or NotAllowed."""
    with pytest.raises((WorkflowError, NotAllowed)) as caught:
        perform(action, item=item, by=by, comment=comment)
    return caught.value


@pytest.fixture
def reviewing_writer(db):
    """Someone who both writes and reviews: the four-eyes rule is about them."""
    return UserFactory(email="both@example.com", display_name="Alex Both", roles=[WRITER, MEDICAL_REVIEWER])


# -- the whole journey ------------------------------------------------------------------


def test_article_goes_from_draft_to_public_and_back(writer, reviewer, other_reviewer, editor, walk, edit):
    study = walk(StudyFactory(), S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="stem-cells-for-ms", body=f"First draft [@{study.citation_key}].")
    CitationFactory(article=article, study=study)
    working_copy_saved(item=article, by=writer)
    assert article.status == S.DRAFT

    perform("submit", item=article, by=writer)
    assert article.status == S.IN_REVIEW

    assert refused("request_changes", item=article, by=reviewer, comment="  ").code == "comment_required"
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW

    perform("request_changes", item=article, by=reviewer, comment="Say how many people took part.")
    assert article.status == S.CHANGES_REQUESTED

    fixed = edit(article, body="110 people took part.")
    assert fixed.number == 2
    assert Article.objects.get(pk=article.pk).status == S.CHANGES_REQUESTED  # an edit does not resubmit

    perform("submit", item=article, by=writer)
    perform("approve", item=article, by=other_reviewer)
    assert article.status == S.APPROVED
    assert article.latest_revision.approved_by == other_reviewer
    assert selectors.live_article("stem-cells-for-ms") is None  # approved is not public yet

    perform("publish", item=article, by=editor)
    live = selectors.live_article("stem-cells-for-ms")
    assert article.status == S.PUBLISHED
    assert (live.number, live.body) == (2, "110 people took part.")
    assert [c.study_id for c in live.live_citations] == [study.pk]

    edit(article, body="A 2024 follow-up confirms it.")
    article.refresh_from_db()
    assert article.status == S.DRAFT  # editing live content starts a new round of review
    assert selectors.live_article("stem-cells-for-ms").body == "110 people took part."

    perform("submit", item=article, by=writer)
    perform("approve", item=article, by=other_reviewer)
    perform("publish", item=article, by=editor)
    live = selectors.live_article("stem-cells-for-ms")
    assert (live.number, live.body) == (3, "A 2024 follow-up confirms it.")
    assert article.revisions.filter(is_live=True).count() == 1

    perform("unpublish", item=article, by=editor)
    assert article.status == S.UNPUBLISHED
    assert selectors.live_article("stem-cells-for-ms") is None
    assert not selectors.live_articles().filter(item=article).exists()


@pytest.mark.parametrize(
    ("factory", "live"),
    [
        (StudyFactory, selectors.live_studies),
        (ConditionFactory, selectors.live_conditions),
        (DisclaimerFactory, selectors.sitewide_disclaimers),
    ],
    ids=["study", "condition", "disclaimer"],
)
def test_every_content_type_goes_live_and_comes_down_through_the_same_workflow(factory, live, walk, editor):
    item = walk(factory(), S.PUBLISHED)
    assert list(live().filter(item=item).values_list("number", flat=True)) == [1]

    perform("unpublish", item=item, by=editor)

    assert not live().filter(item=item).exists()


# -- legal moves ---------------------------------------------------------------------------

LEGAL = [
    (S.DRAFT, "submit", "writer", S.IN_REVIEW),
    (S.IN_REVIEW, "withdraw", "writer", S.DRAFT),
    (S.IN_REVIEW, "request_changes", "reviewer", S.CHANGES_REQUESTED),
    (S.IN_REVIEW, "approve", "other_reviewer", S.APPROVED),
    (S.CHANGES_REQUESTED, "submit", "writer", S.IN_REVIEW),
    (S.CHANGES_REQUESTED, "archive", "editor", S.ARCHIVED),
    (S.APPROVED, "reopen", "writer", S.DRAFT),
    (S.APPROVED, "publish", "editor", S.PUBLISHED),
    (S.PUBLISHED, "unpublish", "editor", S.UNPUBLISHED),
    (S.PUBLISHED, "re_review", "other_reviewer", S.PUBLISHED),
    (S.UNPUBLISHED, "reopen", "writer", S.DRAFT),
    (S.UNPUBLISHED, "archive", "editor", S.ARCHIVED),
    (S.ARCHIVED, "reopen", "writer", S.DRAFT),
    (S.DRAFT, "archive", "editor", S.ARCHIVED),
]


@pytest.mark.parametrize(("start", "action", "actor", "end"), LEGAL, ids=[f"{s}-{a}" for s, a, _, _ in LEGAL])
def test_allowed_move_changes_status(request, walk, writer, start, action, actor, end):
    article = walk(ArticleFactory(author=writer), start)

    perform(action, item=article, by=request.getfixturevalue(actor))

    assert Article.objects.get(pk=article.pk).status == end


# -- illegal moves ---------------------------------------------------------------------------

ILLEGAL = [
    (S.DRAFT, "publish", "editor"),
    (S.DRAFT, "approve", "reviewer"),
    (S.DRAFT, "request_changes", "reviewer"),
    (S.DRAFT, "withdraw", "writer"),
    (S.DRAFT, "reopen", "writer"),
    (S.DRAFT, "re_review", "reviewer"),
    (S.IN_REVIEW, "submit", "writer"),
    (S.IN_REVIEW, "publish", "editor"),
    (S.IN_REVIEW, "archive", "editor"),
    (S.CHANGES_REQUESTED, "approve", "reviewer"),
    (S.APPROVED, "approve", "other_reviewer"),
    (S.APPROVED, "submit", "writer"),
    (S.PUBLISHED, "submit", "writer"),
    (S.PUBLISHED, "publish", "editor"),
    (S.PUBLISHED, "archive", "editor"),
    (S.UNPUBLISHED, "publish", "editor"),
    (S.UNPUBLISHED, "unpublish", "editor"),
    (S.ARCHIVED, "publish", "editor"),
    (S.ARCHIVED, "submit", "writer"),
]


@pytest.mark.parametrize(("start", "action", "actor"), ILLEGAL, ids=[f"{s}-{a}" for s, a, _ in ILLEGAL])
def test_illegal_move_is_refused_with_its_code_and_changes_nothing(request, walk, writer, start, action, actor):
    article = walk(ArticleFactory(author=writer), start)
    entries = AuditEntry.objects.count()

    error = refused(action, item=article, by=request.getfixturevalue(actor))

    assert error.code == f"illegal_{action}"
    assert "cannot be" in error.message
    assert Article.objects.get(pk=article.pk).status == start
    assert AuditEntry.objects.count() == entries


def test_submitting_an_item_never_saved_is_refused(writer):
    article = ArticleFactory(author=writer)

    assert refused("submit", item=article, by=writer).code == "nothing_to_review"
    assert Article.objects.get(pk=article.pk).status == S.DRAFT


def test_unpublishing_a_draft_that_was_never_live_is_refused(walk, writer, editor):
    article = walk(ArticleFactory(author=writer), S.DRAFT)

    assert refused("unpublish", item=article, by=editor).code == "not_live"


# -- who may do what -------------------------------------------------------------------------


def test_writer_cannot_approve_own_article(walk, reviewing_writer):
    article = ArticleFactory(author=reviewing_writer)
    working_copy_saved(item=article, by=reviewing_writer)
    perform("submit", item=article, by=reviewing_writer)

    error = refused("approve", item=article, by=reviewing_writer)

    assert error.code == "permission_denied"
    assert "You wrote or edited this article" in error.message
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_writer_without_the_reviewer_role_cannot_approve(walk, writer, other_reviewer):
    article = walk(ArticleFactory(author=other_reviewer), S.IN_REVIEW)

    error = refused("approve", item=article, by=writer)

    assert error.code == "permission_denied"
    assert "Only a medical reviewer" in error.message


def test_reviewer_who_saved_a_revision_cannot_approve_it(walk, edit, writer, reviewing_writer, other_reviewer):
    article = walk(ArticleFactory(author=writer), S.DRAFT)
    edit(article, by=reviewing_writer, body="Tightened the wording.")
    perform("submit", item=article, by=writer)

    error = refused("approve", item=article, by=reviewing_writer)

    assert error.code == "permission_denied"
    perform("approve", item=article, by=other_reviewer)
    assert article.status == S.APPROVED


def test_edits_made_before_the_last_approval_do_not_block_a_reviewer(walk, edit, writer, reviewing_writer, editor):
    article = walk(ArticleFactory(author=writer), S.DRAFT)
    edit(article, by=reviewing_writer, body="Tightened the wording.")
    perform("submit", item=article, by=writer)
    perform("approve", item=article, by=UserFactory(roles=[MEDICAL_REVIEWER]))
    perform("publish", item=article, by=editor)
    edit(article, by=writer, body="Added the 2024 follow-up.")
    perform("submit", item=article, by=writer)

    perform("approve", item=article, by=reviewing_writer)

    assert article.status == S.APPROVED


def test_an_unchanged_resubmission_of_their_own_words_cannot_be_approved_or_re_reviewed_by_them(
    walk, edit, writer, reviewing_writer, editor
):
    article = walk(ArticleFactory(author=writer), S.DRAFT)
    edit(article, by=reviewing_writer, body="Their own wording.")
    perform("submit", item=article, by=writer)
    second_reviewer = UserFactory(roles=[MEDICAL_REVIEWER])
    perform("approve", item=article, by=second_reviewer)
    perform("reopen", item=article, by=writer)
    perform("submit", item=article, by=writer)  # nothing changed: the same revision is under review again

    with pytest.raises(NotAllowed, match="wrote or edited"):
        perform("approve", item=article, by=reviewing_writer)
    assert not excluding_own_work(Article.objects.filter(pk=article.pk), reviewing_writer).exists()
    perform("approve", item=article, by=second_reviewer)
    perform("publish", item=article, by=editor)
    with pytest.raises(NotAllowed):  # the live text is theirs
        perform("re_review", item=article, by=reviewing_writer)


def test_restoring_their_old_text_makes_it_their_work_again(walk, edit, writer, reviewing_writer, editor):
    article = walk(ArticleFactory(author=writer), S.DRAFT)
    theirs = edit(article, by=reviewing_writer, body="The reviewer's own paragraph.")
    edit(article, by=writer, body="The writer's rewrite.")
    perform("submit", item=article, by=writer)
    perform("approve", item=article, by=UserFactory(roles=[MEDICAL_REVIEWER]))
    perform("publish", item=article, by=editor)

    restored = restore_revision(item=article, revision=theirs, by=writer)
    perform("submit", item=article, by=writer)

    assert restored.restored_from == theirs
    with pytest.raises(NotAllowed, match="wrote or edited"):
        perform("approve", item=article, by=reviewing_writer)


def test_a_restore_of_a_restore_still_names_who_wrote_the_words(walk, edit, writer, reviewing_writer, editor):
    article = walk(ArticleFactory(author=writer), S.DRAFT)
    theirs = edit(article, by=reviewing_writer, body="The reviewer's own paragraph.")
    edit(article, by=writer, body="The writer's rewrite.")
    perform("submit", item=article, by=writer)
    perform("approve", item=article, by=UserFactory(roles=[MEDICAL_REVIEWER]))
    perform("reopen", item=article, by=writer)
    first_restore = restore_revision(item=article, revision=theirs, by=writer)
    edit(article, by=writer, body="Another rewrite.")

    again = restore_revision(item=article, revision=first_restore, by=writer)
    perform("submit", item=article, by=writer)

    assert again.restored_from == theirs
    with pytest.raises(NotAllowed, match="wrote or edited"):
        perform("approve", item=article, by=reviewing_writer)


@pytest.mark.parametrize(
    ("start", "action", "actor"),
    [
        (S.APPROVED, "publish", "writer"),
        (S.APPROVED, "publish", "reviewer"),
        (S.APPROVED, "publish", "marketer"),
        (S.IN_REVIEW, "approve", "editor"),
        (S.IN_REVIEW, "request_changes", "marketer"),
        (S.DRAFT, "submit", "marketer"),
        (S.DRAFT, "submit", "reviewer"),
        (S.PUBLISHED, "unpublish", "writer"),
    ],
)
def test_role_without_the_permission_is_refused(request, walk, writer, start, action, actor):
    article = walk(ArticleFactory(author=writer), start)

    error = refused(action, item=article, by=request.getfixturevalue(actor))

    assert error.code == "permission_denied"
    assert Article.objects.get(pk=article.pk).status == start


def test_inactive_reviewer_cannot_approve(walk, writer, reviewer):
    article = walk(ArticleFactory(author=writer), S.IN_REVIEW)
    reviewer.is_active = False
    reviewer.save()

    assert refused("approve", item=article, by=reviewer).code == "permission_denied"


# -- what the public may see ---------------------------------------------------------------------


def test_publish_refuses_when_a_cited_study_is_not_live(walk, writer, editor):
    # Withdrawn from the public: a never-public study would go through review and live with the article.
    study = walk(StudyFactory(title="An unreviewed pilot study"), S.UNPUBLISHED)
    article = ArticleFactory(author=writer)
    CitationFactory(article=article, study=study)
    walk(article, S.APPROVED)

    error = refused("publish", item=article, by=editor)

    assert error.code == "unpublished_links"
    assert "An unreviewed pilot study" in error.message
    assert Article.objects.get(pk=article.pk).status == S.APPROVED
    assert not article.revisions.filter(is_live=True).exists()


def test_publish_refuses_when_a_linked_condition_is_not_live(walk, writer, editor):
    article = ArticleFactory(author=writer)
    article.conditions.add(walk(ConditionFactory(name="Lupus"), S.UNPUBLISHED))
    walk(article, S.APPROVED)

    error = refused("publish", item=article, by=editor)

    assert error.code == "unpublished_links"
    assert "Lupus" in error.message


def test_publish_refuses_a_revision_saved_after_approval(walk, edit, writer, editor):
    article = walk(ArticleFactory(author=writer), S.APPROVED)
    edit(article, body="Changed after the reviewer signed off.")

    assert refused("publish", item=article, by=editor).code == "not_approved"
    assert selectors.live_article(article.slug) is None


def test_publish_refuses_a_slug_another_live_article_still_uses(walk, edit, writer, editor):
    first = walk(ArticleFactory(author=writer, slug="stem-cells"), S.PUBLISHED)
    edit(first, slug="stem-cells-for-ms")  # renamed in the working copy, but live under the old slug
    second = walk(ArticleFactory(author=writer, slug="stem-cells"), S.APPROVED)

    error = refused("publish", item=second, by=editor)

    assert error.code == "slug_taken"
    assert selectors.live_article("stem-cells").item_id == first.pk


def test_unpublishing_a_study_cited_by_a_live_article_is_refused(walk, writer, editor):
    study = walk(StudyFactory(), S.PUBLISHED)
    article = ArticleFactory(author=writer, title="Stem cells for lupus")
    CitationFactory(article=article, study=study)
    walk(article, S.PUBLISHED)

    error = refused("unpublish", item=study, by=editor)

    assert error.code == "still_cited"
    assert "Stem cells for lupus" in error.message
    assert study.revisions.filter(is_live=True).exists()


def test_a_study_can_come_down_once_the_citing_article_is_unpublished(walk, writer, editor):
    study = walk(StudyFactory(), S.PUBLISHED)
    article = ArticleFactory(author=writer)
    CitationFactory(article=article, study=study)
    walk(article, S.PUBLISHED)
    perform("unpublish", item=article, by=editor)

    perform("unpublish", item=study, by=editor)

    assert not study.revisions.filter(is_live=True).exists()


# -- the audit trail ------------------------------------------------------------------------------


def test_every_move_is_audited_with_actor_statuses_and_comment(writer, reviewer, editor, edit):
    article = ArticleFactory(author=writer)
    working_copy_saved(item=article, by=writer)
    perform("submit", item=article, by=writer, comment="Ready.")
    perform("request_changes", item=article, by=reviewer, comment="Cite the trial.")
    edit(article, body="Now cites the trial.")
    perform("submit", item=article, by=writer, comment="")
    perform("approve", item=article, by=reviewer, comment="Checked.")
    perform("publish", item=article, by=editor, comment="")

    trail = list(
        AuditEntry.objects.for_item(article)
        .order_by("pk")
        .values_list("action", "actor", "from_status", "to_status", "revision_number", "comment")
    )

    assert trail == [
        ("saved", writer.pk, S.DRAFT, S.DRAFT, 1, ""),
        ("submit", writer.pk, S.DRAFT, S.IN_REVIEW, 1, "Ready."),
        ("request_changes", reviewer.pk, S.IN_REVIEW, S.CHANGES_REQUESTED, 1, "Cite the trial."),
        ("saved", writer.pk, S.CHANGES_REQUESTED, S.CHANGES_REQUESTED, 2, ""),
        ("submit", writer.pk, S.CHANGES_REQUESTED, S.IN_REVIEW, 2, ""),
        ("approve", reviewer.pk, S.IN_REVIEW, S.APPROVED, 2, "Checked."),
        ("publish", editor.pk, S.APPROVED, S.PUBLISHED, 2, ""),
    ]
    assert {entry.item_label for entry in AuditEntry.objects.for_item(article)} == {article.title}


def test_audit_entries_cannot_be_changed_or_deleted(walk, writer):
    article = walk(ArticleFactory(author=writer), S.DRAFT)
    entry = AuditEntry.objects.for_item(article).get()

    entry.comment = "Rewritten history"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()

    assert AuditEntry.objects.get(pk=entry.pk).comment == ""


# -- notifications ---------------------------------------------------------------------------------


def test_submit_emails_the_active_reviewers_but_not_the_writer(
    walk, writer, reviewer, other_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="retired@example.com", roles=[MEDICAL_REVIEWER], is_active=False)
    article = walk(ArticleFactory(author=writer, title="Stem cells for lupus"), S.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        perform("submit", item=article, by=writer)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == sorted([reviewer.email, other_reviewer.email])
    assert mailoutbox[0].subject == "Waiting for your review: Stem cells for lupus"
    assert f"/admin/evidence/article/{article.pk}/change/" in mailoutbox[0].body


def test_nobody_is_emailed_about_their_own_move(
    reviewing_writer, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    article = ArticleFactory(author=reviewing_writer)
    working_copy_saved(item=article, by=reviewing_writer)

    with django_capture_on_commit_callbacks(execute=True):
        perform("submit", item=article, by=reviewing_writer)

    assert [m.to for m in mailoutbox] == [[reviewer.email]]


def test_submit_emails_the_assigned_reviewer(walk, writer, mailoutbox, django_capture_on_commit_callbacks):
    assigned = UserFactory(email="assigned@example.com")  # asked to review, though not in the group
    article = walk(ArticleFactory(author=writer, medical_reviewer=assigned), S.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        perform("submit", item=article, by=writer)

    assert "assigned@example.com" in mailoutbox[0].to


def test_approve_emails_the_author(walk, writer, reviewer, mailoutbox, django_capture_on_commit_callbacks):
    article = walk(ArticleFactory(author=writer, title="Stem cells for lupus"), S.IN_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        perform("approve", item=article, by=reviewer, comment="Clear and accurate.")

    assert [(m.subject, m.to) for m in mailoutbox] == [("Approved: Stem cells for lupus", [writer.email])]
    assert "Clear and accurate." in mailoutbox[0].body


def test_request_changes_emails_the_author_with_the_comment(
    walk, writer, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    article = walk(ArticleFactory(author=writer, title="Stem cells for lupus"), S.IN_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        perform("request_changes", item=article, by=reviewer, comment="Say how many people took part.")

    assert [(m.subject, m.to) for m in mailoutbox] == [("Changes requested: Stem cells for lupus", [writer.email])]
    assert "Say how many people took part." in mailoutbox[0].body


def test_emails_wait_for_the_commit(walk, writer, mailoutbox, django_capture_on_commit_callbacks):
    article = walk(ArticleFactory(author=writer), S.DRAFT)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        perform("submit", item=article, by=writer)

    assert len(callbacks) == 1
    assert mailoutbox == []


def test_a_refused_move_sends_no_email(walk, writer, mailoutbox, django_capture_on_commit_callbacks):
    article = walk(ArticleFactory(author=writer), S.IN_REVIEW)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused("approve", item=article, by=writer)

    assert callbacks == []
    assert mailoutbox == []


# -- review dates ---------------------------------------------------------------------------------


def test_publish_records_the_review_and_sets_the_next_one_a_year_after_approval(walk, writer, reviewer, editor):
    article = walk(ArticleFactory(author=writer), S.APPROVED)
    approved_at = article.latest_revision.approved_at

    perform("publish", item=article, by=editor)  # published later than approved: the approval date counts
    article.refresh_from_db()

    assert article.last_reviewed_at == approved_at
    assert article.last_reviewed_by == reviewer
    assert article.next_review_due == approved_at.date() + timedelta(days=365)


def test_publish_later_keeps_the_approval_date_as_the_review_date(walk, writer, editor):
    article = walk(ArticleFactory(author=writer), S.APPROVED)
    approved_at = article.latest_revision.approved_at

    workflow.perform("publish", item=article, by=editor, now=approved_at + timedelta(days=40))
    article.refresh_from_db()

    assert article.next_review_due == approved_at.date() + timedelta(days=365)
    assert article.live_revision.published_at == approved_at + timedelta(days=40)
    assert article.first_published_at == approved_at + timedelta(days=40)


def test_re_review_renews_the_review_dates_and_is_audited(walk, writer, other_reviewer):
    article = walk(ArticleFactory(author=writer), S.PUBLISHED)
    a_year_ago = timezone.now() - timedelta(days=366)
    Article.objects.filter(pk=article.pk).update(
        last_reviewed_at=a_year_ago, next_review_due=a_year_ago.date() + timedelta(days=365)
    )
    live_number = article.live_revision.number

    perform("re_review", item=article, by=other_reviewer, comment="Still current.")
    article.refresh_from_db()

    assert article.last_reviewed_by == other_reviewer
    assert article.last_reviewed_at > timezone.now() - timedelta(minutes=1)
    assert article.next_review_due == article.last_reviewed_at.date() + timedelta(days=365)
    assert article.status == S.PUBLISHED
    assert article.live_revision.number == live_number
    entry = AuditEntry.objects.for_item(article).first()
    assert (entry.action, entry.actor, entry.from_status, entry.to_status, entry.comment) == (
        "re_review",
        other_reviewer,
        S.PUBLISHED,
        S.PUBLISHED,
        "Still current.",
    )


def test_the_author_cannot_re_review_their_own_article(walk, reviewing_writer, editor):
    article = ArticleFactory(author=reviewing_writer)
    walk(article, S.PUBLISHED)

    assert refused("re_review", item=article, by=reviewing_writer).code == "permission_denied"


# -- scheduling ------------------------------------------------------------------------------------


def test_schedule_sets_the_times_and_notes_them_in_the_trail(walk, writer, editor):
    article = walk(ArticleFactory(author=writer), S.APPROVED)
    publish_at = timezone.now() + timedelta(days=1)

    workflow.perform(
        "schedule", item=article, by=editor, publish_at=publish_at, unpublish_at=publish_at + timedelta(days=7)
    )

    article.refresh_from_db()
    assert article.publish_at == publish_at
    assert article.status == S.APPROVED
    assert AuditEntry.objects.for_item(article).first().comment.startswith("publish revision 1 at ")


def test_schedule_refuses_withdrawal_before_publication(walk, writer, editor):
    article = walk(ArticleFactory(author=writer), S.APPROVED)
    publish_at = timezone.now() + timedelta(days=1)

    with pytest.raises(WorkflowError) as caught:
        workflow.perform("schedule", item=article, by=editor, publish_at=publish_at, unpublish_at=publish_at)

    assert caught.value.code == "bad_schedule"


def test_schedule_publication_needs_approval(walk, writer, editor):
    article = walk(ArticleFactory(author=writer), S.DRAFT)

    with pytest.raises(WorkflowError) as caught:
        workflow.perform("schedule", item=article, by=editor, publish_at=timezone.now() + timedelta(days=1))

    assert caught.value.code == "not_approved"


# -- revisions --------------------------------------------------------------------------------------


def test_every_save_writes_the_next_revision_with_the_content(writer, edit):
    article = ArticleFactory(author=writer, title="First title")
    first = working_copy_saved(item=article, by=writer)
    second = edit(article, title="Second title")

    assert (first.number, first.title, first.created_by) == (1, "First title", writer)
    assert (second.number, second.title) == (2, "Second title")
    assert Article.objects.get(pk=article.pk).edit_version == 2


def test_restore_makes_a_new_draft_revision_with_the_old_content_and_citations(writer, edit):
    old_study, new_study = StudyFactory(), StudyFactory()
    old_condition, new_condition = ConditionFactory(), ConditionFactory()
    article = ArticleFactory(author=writer, title="First title")
    article.conditions.add(old_condition)
    CitationFactory(article=article, study=old_study, position=1)
    ArticleReferenceFactory(article=article, title="Old fact sheet", position=1)
    first = working_copy_saved(item=article, by=writer)
    article.citations.all().delete()
    article.references.all().delete()
    article.conditions.set([new_condition])
    CitationFactory(article=article, study=new_study, position=1)
    edit(article, title="Second title")

    restored = restore_revision(item=article, revision=first, by=writer)

    assert (restored.number, restored.title, restored.note) == (3, "First title", "Restored from revision 1")
    assert [c.study for c in restored.citations.all()] == [old_study]
    assert [r.title for r in restored.references.all()] == ["Old fact sheet"]
    assert list(restored.conditions.all()) == [old_condition]
    article.refresh_from_db()
    assert article.title == "First title"
    assert [c.study for c in article.citations.all()] == [old_study]
    assert list(article.conditions.all()) == [old_condition]
    assert article.revisions.get(number=2).title == "Second title"  # history is kept, not rewritten


def test_restoring_on_live_content_starts_a_new_draft_and_leaves_the_public_page(walk, writer, edit):
    article = walk(ArticleFactory(author=writer, title="Live title"), S.PUBLISHED)
    edit(article, title="Edited title")
    workflow.perform("submit", item=article, by=writer)
    workflow.perform("withdraw", item=article, by=writer)

    restored = restore_revision(item=article, revision=article.revisions.get(number=1), by=writer)

    assert restored.title == "Live title"
    assert Article.objects.get(pk=article.pk).status == S.DRAFT
    assert selectors.live_article(article.slug).number == 1


def test_restore_is_refused_while_the_item_is_in_review(walk, writer):
    article = walk(ArticleFactory(author=writer), S.IN_REVIEW)

    with pytest.raises(WorkflowError) as caught:
        restore_revision(item=article, revision=article.latest_revision, by=writer)

    assert caught.value.code == "locked"
    assert article.revisions.count() == 1
