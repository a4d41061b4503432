"""The workflow's one door: one table of actions, `perform` for every move, `available` for what to offer."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evidence.admin.audit import ActionFilter
from evidence.exceptions import NotAllowed, WorkflowError
from evidence.models import AuditEntry, Status
from evidence.models.actions import BUTTON_ORDER, PUBLIC_ACTIONS, STEPS, Action
from evidence.services import workflow
from tests.factories import ArticleFactory, StudyFactory

pytestmark = pytest.mark.django_db


def test_every_action_is_described_once_and_every_move_has_its_work():
    assert set(STEPS) == set(Action)
    offered = {action for action, step in STEPS.items() if step.verb is not None}
    assert offered == set(workflow.MOVES)
    assert set(BUTTON_ORDER) == {action for action in offered if STEPS[action].button}


def test_the_audit_trail_can_be_filtered_by_every_action_it_records():
    assert [value for value, _ in ActionFilter(None, {}, AuditEntry, None).lookups(None, None)] == list(Action.values)


def test_the_public_change_log_reads_the_actions_that_change_what_the_public_sees():
    assert PUBLIC_ACTIONS == ("shown_changed", "publish", "unpublish", "republish", "re_review")


def test_refusals_are_djangos_own_exception_types(walk, writer, reviewer):
    article = walk(ArticleFactory(author=writer), Status.IN_REVIEW)

    with pytest.raises(ValidationError) as impossible:
        workflow.perform(Action.PUBLISH, item=article, by=reviewer)
    with pytest.raises(PermissionDenied) as forbidden:
        workflow.perform(Action.APPROVE, item=article, by=writer)

    assert isinstance(impossible.value, WorkflowError) and impossible.value.code == "illegal_publish"
    assert isinstance(forbidden.value, NotAllowed) and forbidden.value.code == "permission_denied"


@pytest.mark.parametrize("action", ["saved", "deleted", "delete_everything", ""])
def test_only_workflow_moves_go_through_the_door(walk, writer, editor, action):
    article = walk(ArticleFactory(author=writer), Status.DRAFT)

    with pytest.raises(WorkflowError) as refused:
        workflow.perform(action, item=article, by=editor)

    assert refused.value.code == "unknown_action"
    assert not AuditEntry.objects.for_item(article).exclude(action="saved").exists()


def test_nobody_moves_an_item_without_a_person_unless_the_system_acts_on_a_recorded_decision(walk, writer):
    study = walk(StudyFactory(created_by=writer), Status.APPROVED)

    with pytest.raises(NotAllowed):
        workflow.perform(Action.PUBLISH, item=study, by=None)
    workflow.perform(Action.PUBLISH, item=study, by=None, skip_permission_checks=True, comment="Scheduled publication")

    entry = AuditEntry.objects.for_item(study).get(action="publish")
    assert (entry.actor, entry.comment, study.status) == (None, "Scheduled publication", Status.PUBLISHED)


EXEMPTION = [Action.EXEMPT_SOURCES, Action.REVOKE_EXEMPTION]


@pytest.mark.parametrize(
    ("status", "person", "offered"),
    [
        (Status.DRAFT, "writer", [Action.SUBMIT]),
        (Status.IN_REVIEW, "writer", [Action.WITHDRAW]),
        (Status.IN_REVIEW, "reviewer", [Action.APPROVE, Action.REQUEST_CHANGES, Action.ACKNOWLEDGE_FINDING]),
        # The factory's article carries an editor's source-rule exemption, which editors may grant and revoke.
        (Status.APPROVED, "editor", [Action.PUBLISH, Action.REOPEN, Action.SCHEDULE, *EXEMPTION]),
        (Status.PUBLISHED, "editor", [Action.UNPUBLISH, Action.SCHEDULE, *EXEMPTION]),
        (Status.PUBLISHED, "reviewer", [Action.RE_REVIEW]),
        (Status.PUBLISHED, "marketer", []),
    ],
)
def test_available_offers_exactly_the_moves_the_person_may_make_now(walk, writer, request, status, person, offered):
    article = walk(ArticleFactory(author=writer), status)

    assert workflow.available(article, request.getfixturevalue(person)) == offered


def test_unpublish_is_offered_only_while_the_public_sees_the_item(walk, writer, editor, reviewer):
    article = walk(ArticleFactory(author=writer), Status.APPROVED)
    assert Action.UNPUBLISH not in workflow.available(article, editor)  # approved, never published

    workflow.perform(Action.PUBLISH, item=article, by=editor)
    workflow.perform(Action.UNPUBLISH, item=article, by=editor)

    assert Action.UNPUBLISH not in workflow.available(article, editor)
    assert workflow.available(article, editor) == [Action.REPUBLISH, Action.REOPEN, Action.ARCHIVE, *EXEMPTION]
