"""Every permission refusal in the admin is a styled admin page that says why and who can help (issue 15, part 6)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from config.views import permission_denied
from evidence.models import Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_refusal_in_the_admin_is_an_admin_page_naming_who_can_help(client, walk, writer, editor):
    article = walk(ArticleFactory(), Status.PUBLISHED)
    client.force_login(writer)

    response = client.post(reverse("admin:evidence_article_delete", args=[article.pk]), {"post": "yes"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot do this" in page
    assert 'id="header"' in page or "Evidence Desk" in page  # the admin's frame, not a bare "403 Forbidden"
    assert "Writer" in page  # why: the role
    assert editor.byline in page  # who can help


def test_a_refusal_with_a_reason_says_it(client, writer):
    client.force_login(writer)

    response = client.get("/admin/evidence/article/integrity/")

    assert response.status_code == 403
    assert "The integrity report is for editors." in response.content.decode()


def test_a_refusal_outside_the_admin_is_the_sites_page(rf, writer):
    request = rf.get("/somewhere/")
    request.user = writer
    response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "You cannot open this page" in response.content.decode()
