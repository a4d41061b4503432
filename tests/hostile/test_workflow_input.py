"""Random values posted to every workflow action of the admin, as a forged or mistyped form would send them:
a redirect with an explained refusal or success, never a server error; nothing is scheduled from a bad date."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidence.models import Status
from evidence.models.actions import Action
from tests.factories import ArticleFactory

from .conftest import assert_answered, staff_client
from .strategies import FUZZ, hostile_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# What people type into a date field, and what a forged post sends instead.
DATES = [
    "0000-01-01T00:00", "2026-02-30T10:00", "2026-13-45T99:99", "2027-03-01T09:00+23:59", "0001-01-01T00:00+23:59",
    "9999-12-31T23:59-23:59", "2027-03-01", "tomorrow", "2027-03-01T09:00", "1999-12-31T23:59", "",
]  # fmt: skip


@pytest.fixture
def in_review(walk, writer):
    return walk(ArticleFactory(author=writer), Status.IN_REVIEW)


def test_the_dates_people_mistype_are_refused_with_a_reason(editor, in_review):
    editor_client = staff_client(editor)
    for value in DATES[:6]:
        response = editor_client.post(
            f"/admin/evidence/article/{in_review.pk}/workflow/",
            {"action": "schedule", "publish_at": value},
            follow=True,
        )
        assert_answered(response, what=value)
        assert "not a date and time we can schedule" in response.content.decode(), value
    in_review.refresh_from_db()
    assert in_review.publish_at is None


def test_no_value_posted_to_any_workflow_action_is_a_server_error(editor, reviewer, in_review):
    clients = [staff_client(editor), staff_client(reviewer)]

    @FUZZ
    @given(
        person=st.sampled_from([0, 1]),
        action=st.one_of(st.sampled_from([a.value for a in Action]), hostile_text),
        publish_at=st.one_of(st.sampled_from(DATES), hostile_text),
        unpublish_at=st.one_of(st.sampled_from(DATES), hostile_text),
        comment=hostile_text,
        revision=st.one_of(st.sampled_from(["1", "2", "-1", "99999999999999999999"]), hostile_text),
    )
    def check(person, action, publish_at, unpublish_at, comment, revision):
        fields = {"action": action, "publish_at": publish_at, "unpublish_at": unpublish_at, "comment": comment}
        response = clients[person].post(
            f"/admin/evidence/article/{in_review.pk}/workflow/", fields | {"revision": revision, "digest": comment}
        )
        nul = any("\x00" in value for value in (*fields.values(), revision))
        assert_answered(response, allowed=(400,) if nul else (302,))

    check()
