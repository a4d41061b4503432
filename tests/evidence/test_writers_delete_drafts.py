"""Writers may delete a draft of theirs that was never submitted (issue 15, part 5); everyone else keeps the rules
of tests/evidence/test_admin_delete.py, and the trail remembers the deletion."""

import pytest
from django.urls import reverse

from evidence.models import Article, AuditEntry, Condition, Status, Study
from evidence.services import workflow
from evidence.services.revisions import working_copy_saved
from tests.factories import ArticleFactory, ConditionFactory, StudyFactory, UserFactory

pytestmark = pytest.mark.django_db


def delete_url(item):
    return reverse(f"admin:evidence_{item._meta.model_name}_delete", args=[item.pk])


def saved_draft(factory, by, **fields):
    item = factory(created_by=by, **fields)
    working_copy_saved(item=item, by=by)
    return item


@pytest.mark.parametrize(
    ("factory", "model"), [(ArticleFactory, Article), (StudyFactory, Study), (ConditionFactory, Condition)]
)
def test_a_writer_deletes_a_never_submitted_draft_of_their_own(client, writer, factory, model):
    item = saved_draft(factory, writer)
    client.force_login(writer)

    change_page = client.get(reverse(f"admin:evidence_{model._meta.model_name}_change", args=[item.pk]))
    assert delete_url(item) in change_page.text
    assert client.get(delete_url(item)).status_code == 200
    response = client.post(delete_url(item), {"post": "yes"})

    assert response.status_code == 302
    assert not model.objects.filter(pk=item.pk).exists()
    entry = AuditEntry.objects.get(action="deleted", object_id=item.pk)
    assert (entry.actor, entry.action_label) == (writer, "Deleted (never published)")


def test_a_writer_cannot_delete_someone_elses_draft(client, writer):
    other = UserFactory(email="other.writer@example.com", roles=["Writer"])
    item = saved_draft(ArticleFactory, other)
    client.force_login(writer)

    assert client.post(delete_url(item), {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=item.pk).exists()


def test_a_writer_cannot_delete_a_draft_once_submitted_even_after_it_came_back(client, writer):
    item = saved_draft(ArticleFactory, writer)
    workflow.perform("submit", item=item, by=writer, comment="")
    workflow.perform("withdraw", item=item, by=writer, comment="")
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    client.force_login(writer)

    assert client.post(delete_url(item), {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=item.pk).exists()


def test_the_editor_still_deletes_any_never_published_draft(client, writer, editor):
    item = saved_draft(ArticleFactory, writer)
    workflow.perform("submit", item=item, by=writer, comment="")
    client.force_login(editor)

    assert client.post(delete_url(item), {"post": "yes"}).status_code == 302


def test_a_published_item_stays_undeletable_for_its_writer(client, walk, writer):
    item = walk(ArticleFactory(created_by=writer), Status.PUBLISHED)
    client.force_login(writer)

    assert client.post(delete_url(item), {"post": "yes"}).status_code == 403
