"""A decision binds to the text that was shown: approval, a request for changes, publication and re-review
carry the revision and digest the person read, and are refused when the text changed meanwhile."""

import pytest

from evidence.exceptions import WorkflowError
from evidence.models import Status
from evidence.services import workflow
from tests.conftest import shown_text
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def read(item, live=False):
    revision = item.live_revision if live else item.latest_revision
    return revision.number, revision.text_digest()


@pytest.fixture
def in_review(walk, writer):
    return walk(ArticleFactory(author=writer, body="The first wording."), Status.IN_REVIEW)


def test_approving_text_saved_after_it_was_opened_is_refused(in_review, edit, writer, reviewer):
    opened = read(in_review)
    edit(in_review, body="A second wording the reviewer never saw.")  # saved while still in review

    with pytest.raises(WorkflowError, match="changed while you were reading") as refused:
        workflow.perform("approve", item=in_review, by=reviewer, read=opened)

    assert refused.value.code == "changed_while_reading"
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW
    assert in_review.latest_revision.approved_by is None


def test_a_digest_that_does_not_match_the_text_is_refused(in_review, reviewer):
    number, _ = read(in_review)

    with pytest.raises(WorkflowError, match="changed while you were reading"):
        workflow.perform("approve", item=in_review, by=reviewer, read=(number, "not-the-digest"))


def test_what_was_read_is_approved_and_published(in_review, reviewer, editor):
    workflow.perform("approve", item=in_review, by=reviewer, read=read(in_review))
    workflow.perform("publish", item=in_review, by=editor, read=read(in_review))

    assert in_review.live_revision.approved_by == reviewer


def test_a_re_review_binds_to_the_live_text(walk, writer, edit, reviewer):
    article = walk(ArticleFactory(author=writer, body="Live words."), Status.PUBLISHED)
    stale = read(article, live=True)
    edit(article, body="New live words.")
    walk(article, Status.PUBLISHED)  # a new revision went live meanwhile

    with pytest.raises(WorkflowError, match="changed while you were reading"):
        workflow.perform("re_review", item=article, by=reviewer, read=stale)
    workflow.perform("re_review", item=article, by=reviewer, read=read(article, live=True))

    assert article.last_reviewed_by == reviewer


def test_the_admin_page_sends_what_it_showed_and_a_stale_page_is_refused(client, in_review, reviewer, edit, writer):
    client.force_login(reviewer)
    page = client.get(f"/admin/evidence/article/{in_review.pk}/change/").content.decode()
    opened = shown_text(in_review)
    assert f'name="digest" value="{opened["digest"]}"' in page

    missing = client.post(f"/admin/evidence/article/{in_review.pk}/workflow/", {"action": "approve"}, follow=True)
    assert "did not say which text you read" in missing.content.decode()

    edit(in_review, body="Saved while the reviewer was reading.")
    stale = client.post(
        f"/admin/evidence/article/{in_review.pk}/workflow/", opened | {"action": "approve"}, follow=True
    )
    assert "changed while you were reading" in stale.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW
    told = [str(m) for m in stale.context["messages"]]
    assert "Changed between revision 1 and revision 2: body." in told[1]
    assert f'href="/admin/evidence/article/{in_review.pk}/revisions/?a=1&amp;b=2"' in stale.content.decode()
