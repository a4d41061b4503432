"""One review round per article: its never-public studies and conditions are submitted, approved, sent back and
published with it, each through the one door (own revisions, audit entries and four-eyes rule), all or nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evidence.exceptions import NotAllowed, WorkflowError
from evidence.models import AuditEntry, Status
from evidence.services import workflow
from evidence.services.bundles import bundle_digest, bundle_of
from evidence.services.revisions import working_copy_saved
from evidence.services.scheduling import run_due_schedules
from tests.conftest import shown_text
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, StudyFactory

pytestmark = pytest.mark.django_db
S = Status


@pytest.fixture
def new_everything(writer):
    """An article citing a new study (with a DOI) under a new condition, all saved once by the writer."""
    condition = ConditionFactory(name="Heart failure", slug="heart-failure")
    working_copy_saved(item=condition, by=writer)
    study = StudyFactory(title="A trial in heart failure", doi="10.5555/bundle.1")
    study.save()
    study.conditions.add(condition)
    working_copy_saved(item=study, by=writer)
    article = ArticleFactory(author=writer, slug="hf", exempt_from_source_rule=False)
    article.conditions.add(condition)
    CitationFactory(article=article, study=study, position=1)
    working_copy_saved(item=article, by=writer)
    return article, study, condition


def statuses(*items):
    for item in items:
        item.refresh_from_db()
    return [item.status for item in items]


def test_one_round_takes_the_article_its_new_study_and_its_new_condition_live(
    new_everything, writer, reviewer, editor, client
):
    article, study, condition = new_everything
    assert bundle_of(article) == [study, condition]

    workflow.perform("submit", item=article, by=writer)
    assert statuses(article, study, condition) == [S.IN_REVIEW] * 3

    workflow.perform("approve", item=article, by=reviewer, comment="Sources checked.")
    assert statuses(article, study, condition) == [S.APPROVED] * 3
    assert study.latest_revision.approved_by == reviewer and condition.latest_revision.approved_by == reviewer

    workflow.perform("publish", item=article, by=editor)
    assert statuses(article, study, condition) == [S.PUBLISHED] * 3
    assert client.get("/articles/hf/").status_code == 200
    assert client.get("/conditions/heart-failure/").status_code == 200
    # Each item keeps its own trail, and the article's says what came with it.
    for item in (study, condition):
        moves = AuditEntry.objects.for_item(item).filter(action__in=["submit", "approve", "publish"])
        assert list(moves.values_list("action", flat=True)) == [
            "publish",
            "approve",
            "submit",
        ]
    approval = AuditEntry.objects.for_item(article).get(action="approve")
    assert approval.comment.startswith("Sources checked.") and "A trial in heart failure”" in approval.comment


def test_a_study_already_live_is_left_alone(walk, writer, reviewer, editor):
    study = walk(StudyFactory(doi="10.5555/bundle.2"))
    article = ArticleFactory(author=writer, exempt_from_source_rule=False)
    CitationFactory(article=article, study=study)
    assert bundle_of(article) == []
    walk(article, S.PUBLISHED)
    assert AuditEntry.objects.for_item(study).filter(action="publish").count() == 1


def test_sending_the_article_back_sends_its_bundle_back_with_the_comment(new_everything, writer, reviewer):
    article, study, condition = new_everything
    workflow.perform("submit", item=article, by=writer)
    workflow.perform("request_changes", item=article, by=reviewer, comment="Give the trial's size.")
    assert statuses(article, study, condition) == [S.CHANGES_REQUESTED] * 3
    assert AuditEntry.objects.for_item(study).get(action="request_changes").comment == "Give the trial's size."


def test_the_four_eyes_rule_holds_for_every_item_and_nothing_is_half_approved(
    new_everything, writer, reviewer, other_reviewer, edit
):
    article, study, condition = new_everything
    edit(study, by=reviewer, title="A trial in heart failure, as the reviewer retitled it")
    workflow.perform("submit", item=article, by=writer)

    with pytest.raises(NotAllowed, match="another medical reviewer must approve"):
        workflow.perform("approve", item=article, by=reviewer)
    assert statuses(article, study, condition) == [S.IN_REVIEW] * 3

    workflow.perform("approve", item=article, by=other_reviewer)
    assert statuses(article, study, condition) == [S.APPROVED] * 3


def test_publication_is_all_or_nothing(new_everything, writer, reviewer, editor, walk):
    article, study, condition = new_everything
    walk(ConditionFactory(name="Another", slug="taken"))
    workflow.perform("submit", item=article, by=writer)
    workflow.perform("approve", item=article, by=reviewer)
    # Another live condition takes the new condition's address meanwhile: its publication must fail...
    condition.latest_revision.__class__.objects.filter(pk=condition.latest_revision.pk).update(slug="taken")

    with pytest.raises(WorkflowError, match="already uses the address"):
        workflow.perform("publish", item=article, by=editor)
    # ...and so nothing goes live: not the study published before it, not the article.
    assert statuses(article, study, condition) == [S.APPROVED] * 3
    assert not study.revisions.filter(is_live=True).exists()


def test_an_approval_binds_to_the_bundle_the_reviewer_was_shown(new_everything, writer, reviewer, edit):
    article, study, _ = new_everything
    workflow.perform("submit", item=article, by=writer)
    shown = bundle_digest(article)
    workflow.perform("withdraw", item=article, by=writer)  # takes the study back too
    edit(study, title="A different trial")
    workflow.perform("submit", item=article, by=writer)

    with pytest.raises(WorkflowError, match="changed while you were reading"):
        workflow.perform("approve", item=article, by=reviewer, bundle_read=shown)
    workflow.perform("approve", item=article, by=reviewer, bundle_read=bundle_digest(article))
    assert statuses(study) == [S.APPROVED]


def test_a_scheduled_publication_takes_the_bundle_live(new_everything, writer, reviewer, editor):
    article, study, condition = new_everything
    workflow.perform("submit", item=article, by=writer)
    workflow.perform("approve", item=article, by=reviewer)
    workflow.perform("schedule", item=article, by=editor, publish_at=timezone.now() + timedelta(hours=1))
    type(article).objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    run_due_schedules()
    assert statuses(article, study, condition) == [S.PUBLISHED] * 3


def test_the_article_page_lists_the_bundle_and_its_approval_binds_to_it(new_everything, client, writer, reviewer):
    article, study, condition = new_everything
    workflow.perform("submit", item=article, by=writer)
    client.force_login(reviewer)
    page = client.get(f"/admin/evidence/article/{article.pk}/change/").content.decode()
    assert "In the same review:" in page
    assert f'href="/admin/evidence/study/{study.pk}/change/"' in page
    assert f'href="/admin/evidence/condition/{condition.pk}/change/"' in page
    assert f'name="bundle_digest" value="{bundle_digest(article)}"' in page

    stale = {"action": "approve", "bundle_digest": "not-what-was-shown", **shown_text(article)}
    told = client.post(f"/admin/evidence/article/{article.pk}/workflow/", stale, follow=True).content.decode()
    assert "changed while you were reading" in told
    fresh = {"action": "approve", "bundle_digest": bundle_digest(article), **shown_text(article)}
    client.post(f"/admin/evidence/article/{article.pk}/workflow/", fresh)
    assert statuses(article, study, condition) == [S.APPROVED] * 3
