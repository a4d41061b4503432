"""Property: whatever anyone does, the public sees exactly the last approved, published revision.

Hypothesis plays random sequences of edits and workflow moves by random
people on a small library (an article citing a study about a condition, and a
disclaimer). A simple model, kept beside the database, records what each item
said when it was last approved and whether it is live. After every step the
public selectors must agree with the model, and every approval that went
through must have been made by a medical reviewer who did not touch the text.
"""

from dataclasses import dataclass, field

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import permissions
from evidence import selectors
from evidence.models import ArticleRevision, DisclaimerRevision
from evidence.presenters.pages import live_studies_of
from evidence.services import workflow
from evidence.services.revisions import working_copy_saved
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, DisclaimerFactory, StudyFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["writer", "reviewer", "other_reviewer", "editor", "marketer"]
ITEMS = ["article", "study", "condition", "disclaimer"]
MOVES = ["edit", "submit", "withdraw", "request_changes", "approve", "publish", "unpublish", "reopen", "archive"]
MOVES += ["re_review"]
TEXT_FIELD = {"article": "body", "study": "title", "condition": "name", "disclaimer": "text"}

steps = st.lists(
    st.tuples(st.sampled_from(PEOPLE), st.sampled_from(MOVES), st.sampled_from(ITEMS), st.integers(0, 999)),
    min_size=1,
    max_size=30,
)


@dataclass
class Expected:
    """What the model believes about one item."""

    text: str
    approved_text: str | None = None
    live_text: str | None = None
    touched_since_approval: set = field(default_factory=set)


def public_text(name, item):
    """What the public selectors return for this item, or None if it is not public."""
    if name == "article":
        live = selectors.live_articles().filter(item=item).first()
        if live is not None:
            assert all(study.is_live for study in live_studies_of(live)), "a live article shows an unpublished study"
        return live.body if live else None
    if name == "study":
        live = selectors.live_studies().filter(item=item).first()
        return live.title if live else None
    if name == "condition":
        live = selectors.live_conditions().filter(item=item).first()
        return live.name if live else None
    live = DisclaimerRevision.objects.live().filter(item=item).first()
    assert (live in selectors.sitewide_disclaimers()) == (live is not None)
    return live.text if live else None


def attempt(move, item, person, note):
    """Do what the admin would do for `person`; return True if it went through."""
    try:
        if move == "edit":
            if item.is_locked or not permissions.has_verb(person, "change", item):
                return False
            working_copy_saved(item=item, by=person)
        else:
            workflow.perform(move, item=item, by=person, comment=note)
    except (ValidationError, PermissionDenied):  # WorkflowError and NotAllowed are these
        return False
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_public_selectors_always_show_the_last_approved_published_revision(
    steps, writer, reviewer, other_reviewer, editor, marketer
):
    people = {"writer": writer, "reviewer": reviewer, "other_reviewer": other_reviewer, "editor": editor}
    people["marketer"] = marketer
    with transaction.atomic():
        condition = ConditionFactory(name="Condition v0", created_by=writer)
        study = StudyFactory(title="Study v0", created_by=writer)
        article = ArticleFactory(body="Article v0", author=writer, created_by=writer)
        article.conditions.add(condition)
        CitationFactory(article=article, study=study, position=1)
        disclaimer = DisclaimerFactory(text="Disclaimer v0", created_by=editor)
        items = {"article": article, "study": study, "condition": condition, "disclaimer": disclaimer}
        model = {}
        for name, item in items.items():
            first_author = editor if name == "disclaimer" else writer
            working_copy_saved(item=item, by=first_author)
            model[name] = Expected(text=getattr(item, TEXT_FIELD[name]), touched_since_approval={first_author.pk})

        for who, move, name, n in steps:
            person, item, expected = people[who], items[name], model[name]
            item.refresh_from_db()
            if move == "edit":
                setattr(item, TEXT_FIELD[name], f"{name} v{n}")
                if not item.is_locked and permissions.has_verb(person, "change", item):
                    item.save()
            if not attempt(move, item, person, note="Step note."):
                continue
            if move == "edit":
                expected.text = getattr(item, TEXT_FIELD[name])
                expected.touched_since_approval.add(person.pk)
            elif move == "approve":
                assert person in (reviewer, other_reviewer), f"{who} approved a {name}"
                assert person.pk not in expected.touched_since_approval, f"{who} approved their own work"
                if name == "article":
                    assert person.pk != article.author_id
                expected.approved_text, expected.touched_since_approval = expected.text, set()
            elif move == "publish":
                expected.live_text = expected.approved_text
            elif move == "unpublish":
                expected.live_text = None

            for check_name, check_item in items.items():
                assert public_text(check_name, check_item) == model[check_name].live_text, (
                    f"after {who} {move} {name}: public {check_name} differs from its last approved, published text"
                )
        assert ArticleRevision.objects.live().filter(item=article).count() <= 1
        transaction.set_rollback(True)
