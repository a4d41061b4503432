"""Deleting in the admin: only what the public never saw, one item at a time, and the trail remembers it."""

import pytest
from django.urls import reverse

from evidence.models import Article, AuditEntry, Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
S = Status


def delete_url(article):
    return reverse("admin:evidence_article_delete", args=[article.pk])


@pytest.mark.parametrize("status", [S.PUBLISHED, S.UNPUBLISHED, S.ARCHIVED])
def test_content_the_public_has_seen_cannot_be_deleted(client, walk, editor, status):
    article = walk(ArticleFactory(), status)
    client.force_login(editor)

    assert client.post(delete_url(article), {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_a_draft_that_never_went_live_can_be_deleted_and_the_trail_keeps_a_line(client, walk, editor):
    article = walk(ArticleFactory(title="Abandoned draft"), S.DRAFT)
    client.force_login(editor)

    response = client.post(delete_url(article), {"post": "yes"})

    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    entry = AuditEntry.objects.get(action="deleted", object_id=article.pk)
    assert (entry.actor, entry.item_label, entry.action_label) == (
        editor,
        "Abandoned draft",
        "Deleted (never published)",
    )


def test_bulk_delete_is_not_offered(client, walk, editor):
    walk(ArticleFactory(), S.DRAFT)
    client.force_login(editor)
    response = client.get(reverse("admin:evidence_article_changelist"))
    assert "delete_selected" not in response.content.decode()
