"""The admin home page's "My desk": each person's worklists, honouring the four-eyes rule."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.models import Status
from evidence.selectors import desk
from evidence.services import workflow
from tests.factories import ArticleFactory, ConditionFactory, StudyFactory

pytestmark = pytest.mark.django_db
S = Status


def titles(entries):
    return [str(entry.item) for entry in entries]


def test_my_drafts_lists_what_i_wrote_or_saved_and_nothing_else(walk, writer, editor):
    mine = walk(ArticleFactory(title="Mine", author=writer), S.DRAFT)
    study = walk(StudyFactory(title="My study"), S.DRAFT)
    walk(ArticleFactory(title="Mine but in review", author=writer), S.IN_REVIEW)
    someone_elses = ArticleFactory(title="Not mine", author=editor)
    someone_elses.save()

    assert set(titles(desk.my_drafts(writer))) == {mine.title, str(study)}


def test_changes_requested_lists_my_work_sent_back(walk, writer, other_reviewer):
    sent_back = walk(ArticleFactory(title="Sent back", author=writer), S.CHANGES_REQUESTED)
    walk(ArticleFactory(title="Approved", author=writer), S.APPROVED)

    assert titles(desk.changes_requested_on_my_work(writer)) == [sent_back.title]
    assert desk.changes_requested_on_my_work(other_reviewer) == []


def test_waiting_for_review_never_offers_a_reviewer_their_own_work(walk, edit, writer, reviewer, other_reviewer):
    plain = walk(ArticleFactory(title="Needs a reviewer", author=writer), S.IN_REVIEW)
    touched = walk(ArticleFactory(title="Reviewer fixed a typo", author=writer), S.DRAFT)
    edit(touched, by=reviewer, summary="Typo fixed by the reviewer.")
    workflow.perform("submit", item=touched, by=writer)

    assert set(titles(desk.waiting_for_my_review(reviewer))) == {plain.title}
    assert set(titles(desk.waiting_for_my_review(other_reviewer))) == {plain.title, touched.title}
    assert desk.waiting_for_my_review(writer) == []


def test_an_article_assigned_to_one_reviewer_waits_on_their_desk_only(walk, writer, reviewer, other_reviewer):
    walk(ArticleFactory(title="For Omar", author=writer, medical_reviewer=other_reviewer), S.IN_REVIEW)

    assert titles(desk.waiting_for_my_review(other_reviewer)) == ["For Omar"]
    assert desk.waiting_for_my_review(reviewer) == []


def test_reviews_overdue_show_for_reviewers_and_for_the_author(walk, writer, reviewer, editor):
    overdue = walk(ArticleFactory(title="Overdue", author=writer), S.PUBLISHED)
    walk(ArticleFactory(title="Fresh", author=writer), S.PUBLISHED)
    type(overdue).objects.filter(pk=overdue.pk).update(next_review_due=timezone.localdate() - timedelta(days=1))
    stranger = ArticleFactory().author

    assert titles(desk.reviews_overdue(reviewer)) == ["Overdue"]
    assert titles(desk.reviews_overdue(writer)) == ["Overdue"]
    assert desk.reviews_overdue(stranger) == []


def test_scheduled_lists_publications_and_withdrawals_in_time_order(walk, editor):
    now = timezone.now()
    later = walk(ArticleFactory(title="Goes live later"), S.APPROVED)
    workflow.perform("schedule", item=later, by=editor, publish_at=now + timedelta(days=2))
    leaving = walk(ConditionFactory(name="Leaves soon"), S.PUBLISHED)
    workflow.perform("schedule", item=leaving, by=editor, unpublish_at=now + timedelta(hours=3))

    entries = desk.scheduled()
    assert [(str(e.item), e.note) for e in entries] == [("Leaves soon", "withdrawn"), ("Goes live later", "goes live")]


def test_admin_home_shows_the_desk_with_links_in_few_queries(
    client, walk, writer, reviewer, django_assert_max_num_queries
):
    waiting = [walk(ArticleFactory(title=f"Review me {n}", author=writer), S.IN_REVIEW) for n in range(6)]
    client.force_login(reviewer)

    with django_assert_max_num_queries(40):
        response = client.get(reverse("admin:index"))

    html = response.content.decode()
    assert "My desk" in html and "Waiting for my review" in html
    assert html.count("Review me ") == 6
    assert all(reverse("admin:evidence_article_change", args=[a.pk]) in html for a in waiting)


def test_writer_desk_has_no_review_list(client, writer):
    client.force_login(writer)
    html = client.get(reverse("admin:index")).content.decode()
    assert "My drafts" in html
    assert "Waiting for my review" not in html
