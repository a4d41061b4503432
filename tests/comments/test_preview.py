"""The admin's preview of a revision shows the article's open review threads beside the page; the public page
of the same revision never does."""

import pytest
from django.test import Client
from django.urls import reverse

from evidence.comments.services import comment_add, comment_reply, comment_resolve
from evidence.models import Status
from tests.comments.conftest import BODY
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _preview(client, article, number):
    return client.get(reverse("admin:evidence_article_preview", args=[article.pk, number])).content.decode()


def test_the_preview_under_review_shows_open_threads_beside_the_text_and_leaves_resolved_ones_out(
    client, article, reviewer, writer
):
    open_one = comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Say what.")
    comment_reply(comment=open_one, by=writer, text="Rewording it now.")
    done = comment_add(article=article, by=reviewer, field="body", paragraph=2, text="Name the trials.")
    comment_resolve(comment=done, by=writer)
    client.force_login(reviewer)

    page = _preview(client, article, article.latest_revision.number)

    assert 'class="review-comments preview-comments"' in page and "1 open comment<" in page
    assert "<mark>cured everyone</mark>" in page and "Say what." in page and "Rewording it now." in page
    assert "Name the trials." not in page
    assert "The results cured everyone, the authors said." in page  # the page itself, beside the threads


def test_the_live_revision_preview_shows_its_threads_and_the_public_page_does_not(
    client, walk, writer, reviewer, editor
):
    article = walk(ArticleFactory(author=writer, body=BODY), Status.PUBLISHED)
    comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Zanthoxylum note.")
    client.force_login(editor)

    assert "Zanthoxylum note." in _preview(client, article, article.live_revision.number)
    public = Client().get(article.get_absolute_url())
    assert public.status_code == 200 and "The results cured everyone" in public.content.decode()
    assert "Zanthoxylum note." not in public.content.decode() and "preview-comments" not in public.content.decode()


def test_a_preview_of_an_older_revision_leaves_out_threads_started_on_later_ones(client, article, reviewer, edit):
    first = article.latest_revision.number
    edit(article, body=article.body + "\n\nA fourth paragraph.")
    comment_add(article=article, by=reviewer, field="body", quote="A fourth paragraph.", text="New here.")
    client.force_login(reviewer)

    assert "New here." not in _preview(client, article, first)
    assert "New here." in _preview(client, article, article.latest_revision.number)


def test_a_preview_without_open_threads_is_the_plain_page(client, article, reviewer):
    client.force_login(reviewer)

    page = _preview(client, article, article.latest_revision.number)

    assert "preview-comments" not in page and "The results cured everyone" in page
