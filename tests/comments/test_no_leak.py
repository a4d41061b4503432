"""Comments never reach the public: not the article page, lists, search, feed, sitemap, nor the marketing API."""

import pytest
from django.test import Client

from accounts.services import issue_api_key
from evidence.comments.services import comment_add, comment_reply
from evidence.models import Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

WORD = "zanthoxylumquibble"  # in no article, study or dictionary


def test_a_comment_and_its_reply_appear_on_no_public_surface(walk, writer, reviewer, editor):
    article = walk(ArticleFactory(author=writer, body="The results cured everyone."), Status.PUBLISHED)
    comment = comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text=f"{WORD} here.")
    comment_reply(comment=comment, by=writer, text=f"Answering {WORD}.")

    public = Client()
    pages = [
        article.get_absolute_url(),
        "/",
        "/articles/",
        "/search/?q=cured",
        "/feeds/articles/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
    ]
    api = Client(headers={"Authorization": f"Bearer {issue_api_key(name='Leak check')[1]}"})
    answers = [public.get(page) for page in pages]
    answers += [api.get(f"/api/v1/articles/{article.pk}/"), api.get("/api/v1/articles/"), api.get("/api/v1/changes/")]
    answers += [api.get("/api/v1/articles/", {"search": WORD})]

    assert public.get(article.get_absolute_url()).status_code == 200
    for answer in answers:
        assert answer.status_code in (200, 404), answer
        assert WORD not in answer.content.decode(), answer.wsgi_request.path
    # Search repeats what was asked; what matters is that the comment's word finds nothing.
    found = public.get("/search/", {"q": WORD}).content.decode()
    assert article.title not in found and article.get_absolute_url() not in found
