"""The workflow's vocabulary: every action anyone can take on an item, and what each one is.

This table is the one place an action is described. The audit trail's labels,
the admin's buttons and success messages, the permission each action needs,
the e-mail it sends and whether it changes what the public sees are all read
from here, so a new action is a new row (plus, if it does more than move the
status, its step in `evidence.services.workflow`).
"""

from dataclasses import dataclass

from django.db import models

from evidence.models.base import Status


class Action(models.TextChoices):
    SAVED = "saved", "Saved"
    SUBMIT = "submit", "Submitted for review"
    WITHDRAW = "withdraw", "Withdrawn from review"
    REQUEST_CHANGES = "request_changes", "Changes requested"
    APPROVE = "approve", "Approved"
    ACKNOWLEDGE_FINDING = "acknowledge_finding", "Claim-check finding acknowledged"
    REOPEN = "reopen", "Reopened for editing"
    PUBLISH = "publish", "Published"
    SCHEDULE = "schedule", "Scheduled"
    UNPUBLISH = "unpublish", "Unpublished"
    REPUBLISH = "republish", "Republished without a new review"
    ARCHIVE = "archive", "Archived"
    RE_REVIEW = "re_review", "Re-reviewed without change"
    DELETED = "deleted", "Deleted (never published)"
    SHOWN_CHANGED = "shown_changed", "Something it shows changed"
    EXEMPT_SOURCES = "exempt_sources", "Exempted from the source rule"
    REVOKE_EXEMPTION = "revoke_exemption", "Source-rule exemption revoked"


class Verb(models.TextChoices):
    """The kind of permission an action needs; roles grant `<verb>_<model>` (accounts.roles)."""

    CHANGE = "change", "edit"
    REVIEW = "review", "review"
    PUBLISH = "publish", "publish"


@dataclass(frozen=True)
class Step:
    """What one action is: where it may start, where it leads, who may take it and what it tells whom."""

    verb: Verb | None  # None: recorded by the system, never offered as a move
    done: str  # how it reads once done: "“X”: approved.", "… cannot be approved from that status"
    sources: frozenset = frozenset()
    target: Status | None = None  # None: the status stays as it is
    button: str = ""  # the admin button; empty: not offered as a button
    comment_prompt: str = ""  # non-empty: a comment is required, and this asks for it
    changes_public: bool = False
    email_subject: str = ""  # empty: nobody is e-mailed
    four_eyes: bool = False  # refused to whoever wrote or edited the work since its last approval
    what: str = ""  # the action in a refusal ("… must approve it"); empty: the action's name
    # The text the person decides on: "latest" (the revision under review) or "live" (the public one). A form
    # sends the revision it showed and its digest; if another was saved meanwhile the move is refused.
    reads: str = ""

    def phrase(self, action) -> str:
        return self.what or Action(action).value.replace("_", " ")


S = Status
_EDITABLE = frozenset({S.DRAFT, S.CHANGES_REQUESTED})

STEPS = {
    Action.SAVED: Step(None, "saved"),
    Action.DELETED: Step(None, "deleted"),
    # Written by the system for each live article that shows a study, condition, disclaimer or person that changed.
    Action.SHOWN_CHANGED: Step(None, "updated", changes_public=True),
    Action.SUBMIT: Step(
        Verb.CHANGE,
        "submitted for review",
        _EDITABLE,
        S.IN_REVIEW,
        "Submit for review",
        email_subject="Waiting for your review: {item}",
    ),
    Action.WITHDRAW: Step(
        Verb.CHANGE, "withdrawn from review", frozenset({S.IN_REVIEW}), S.DRAFT, "Withdraw from review"
    ),
    Action.APPROVE: Step(
        Verb.REVIEW,
        "approved",
        frozenset({S.IN_REVIEW}),
        S.APPROVED,
        "Approve",
        email_subject="Approved: {item}",
        four_eyes=True,
        reads="latest",
    ),
    Action.REQUEST_CHANGES: Step(
        Verb.REVIEW,
        "sent back with requested changes",
        frozenset({S.IN_REVIEW}),
        S.CHANGES_REQUESTED,
        "Request changes",
        comment_prompt="Say what needs to change: a comment is required.",
        email_subject="Changes requested: {item}",
        four_eyes=True,
        reads="latest",
    ),
    Action.ACKNOWLEDGE_FINDING: Step(
        Verb.REVIEW,
        "acknowledged",
        frozenset({S.IN_REVIEW}),
        comment_prompt="Say why the wording is acceptable: a reason is required.",
        four_eyes=True,
        what="acknowledge the claim-check findings of",
        reads="latest",
    ),
    Action.PUBLISH: Step(
        Verb.PUBLISH,
        "published",
        frozenset({S.APPROVED}),
        S.PUBLISHED,
        "Publish now",
        changes_public=True,
        email_subject="Published: {item}",
        reads="latest",
    ),
    Action.UNPUBLISH: Step(
        Verb.PUBLISH,
        "unpublished",
        # Archived too: putting a live page's working copy away must not take away the way to withdraw the page.
        frozenset({S.PUBLISHED, *_EDITABLE, S.IN_REVIEW, S.APPROVED, S.ARCHIVED}),
        button="Unpublish",
        changes_public=True,
        email_subject="Unpublished: {item}",
    ),
    # Bring back a withdrawn page as it was: only its last live, approved text, unchanged, with its review in date.
    Action.REPUBLISH: Step(
        Verb.PUBLISH,
        "republished as it was last approved",
        frozenset({S.UNPUBLISHED}),
        S.PUBLISHED,
        "Republish (no new review)",
        changes_public=True,
        email_subject="Republished: {item}",
    ),
    Action.RE_REVIEW: Step(
        Verb.REVIEW,
        "re-reviewed",
        frozenset({S.PUBLISHED}),
        button="Record re-review (no change)",
        changes_public=True,
        four_eyes=True,
        reads="live",
    ),
    # An editor's recorded way past the source rule (evidence.services.review_gate), and its withdrawal.
    Action.EXEMPT_SOURCES: Step(
        Verb.PUBLISH,
        "exempted from the source rule",
        frozenset({*_EDITABLE, S.IN_REVIEW, S.APPROVED, S.PUBLISHED, S.UNPUBLISHED}),
        comment_prompt="Say why this article may go without a source readers can check: a reason is required.",
        what="exempt from the source rule",
    ),
    Action.REVOKE_EXEMPTION: Step(
        Verb.PUBLISH,
        "no longer exempt from the source rule",
        frozenset({*_EDITABLE, S.IN_REVIEW, S.APPROVED, S.PUBLISHED, S.UNPUBLISHED, S.ARCHIVED}),
        what="revoke the source-rule exemption of",
    ),
    Action.SCHEDULE: Step(Verb.PUBLISH, "scheduled", frozenset({S.APPROVED, S.PUBLISHED, *_EDITABLE, S.IN_REVIEW})),
    Action.REOPEN: Step(
        Verb.CHANGE,
        "reopened for editing",
        frozenset({S.APPROVED, S.UNPUBLISHED, S.ARCHIVED}),
        S.DRAFT,
        "Reopen for editing",
    ),
    Action.ARCHIVE: Step(
        Verb.PUBLISH, "archived", frozenset({S.DRAFT, S.CHANGES_REQUESTED, S.UNPUBLISHED}), S.ARCHIVED, "Archive"
    ),
}

# The admin shows the buttons in the order people take them, which is this order.
BUTTON_ORDER = (
    Action.SUBMIT,
    Action.WITHDRAW,
    Action.APPROVE,
    Action.REQUEST_CHANGES,
    Action.PUBLISH,
    Action.RE_REVIEW,
    Action.UNPUBLISH,
    Action.REPUBLISH,
    Action.REOPEN,
    Action.ARCHIVE,
)

# Actions whose audit entries are the public's change log (evidence.models.changes, the API's changes feed).
PUBLIC_ACTIONS = tuple(action.value for action, step in STEPS.items() if step.changes_public)


def step(action) -> Step:
    """The table row of `action` (an Action or its value); KeyError for anything else."""
    return STEPS[Action(action)]
