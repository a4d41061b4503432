"""Marketing sees published content only in the admin: no drafts, no review comments (issue 15, part 6)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.models import Status
from evidence.services import workflow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Unreviewed draft about exosomes"


@pytest.fixture
def draft(walk):
    return walk(ArticleFactory(title=DRAFT_TITLE, slug="unreviewed-draft"), Status.IN_REVIEW)


def test_marketing_never_sees_a_drafts_title_in_the_admin(client, marketer, draft):
    client.force_login(marketer)
    pages = [
        reverse("admin:index"),
        reverse("admin:evidence_article_changelist"),
        reverse("admin:evidence_article_changelist") + "?q=exosomes",
        "/admin/autocomplete/?app_label=evidence&model_name=citation&field_name=study&term=exosomes",
    ]
    for url in pages:
        response = client.get(url)
        assert DRAFT_TITLE not in response.content.decode(), url


def test_a_drafts_change_and_revision_pages_are_refused_to_marketing(client, marketer, draft):
    client.force_login(marketer)

    assert client.get(reverse("admin:evidence_article_change", args=[draft.pk])).status_code in (302, 403, 404)
    change = client.get(reverse("admin:evidence_article_change", args=[draft.pk]), follow=True)
    assert DRAFT_TITLE not in change.content.decode()
    revisions = client.get(reverse("admin:evidence_article_revisions", args=[draft.pk]))
    assert revisions.status_code == 403 and DRAFT_TITLE not in revisions.content.decode()
    assert client.get(reverse("admin:evidence_auditentry_changelist")).status_code == 403


def test_marketing_opening_a_live_article_reads_its_public_page(client, marketer, walk):
    live = walk(ArticleFactory(title="Published summary"), Status.PUBLISHED)
    client.force_login(marketer)

    assert "Published summary" in client.get(reverse("admin:evidence_article_changelist")).content.decode()
    response = client.get(reverse("admin:evidence_article_change", args=[live.pk]))
    assert response.status_code == 302 and response["Location"] == live.live_revision.get_absolute_url()


def test_marketings_desk_is_what_it_uses_and_shows_nothing_in_the_making(client, marketer, walk, writer, editor):
    walk(ArticleFactory(author=writer, title="A live summary"))
    draft = walk(ArticleFactory(author=writer, title="A scheduled secret"), Status.APPROVED)
    workflow.perform("schedule", item=draft, by=editor, publish_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(marketer)
    desk = client.get("/admin/").content.decode()
    assert "Recently published" in desk and "A live summary" in desk
    assert "A scheduled secret" not in desk
    assert 'href="/admin/enquiries/enquiry/"' in desk and "API keys" in desk and editor.display_name in desk
