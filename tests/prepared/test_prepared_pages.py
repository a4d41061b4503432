"""An article's public page is prepared when it goes live and read back in one query; a prepared page that is no
longer exactly what the page would render (the article or anything it shows changed, or the templates did) is
never served."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence.models import Status
from evidence.prepared import fragments, pages
from evidence.prepared.models import PreparedArticle
from evidence.services import workflow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def prepared_of(article):
    return PreparedArticle.objects.filter(revision__item=article)


def fresh(client, path):
    """The page as a visitor gets it with no whole page kept: from its prepared parts, or rendered."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries)


def test_publishing_an_article_prepares_its_page(cited_library, client):
    _, _, articles = cited_library  # published through the workflow, after-commit work run, tasks run at once
    row = prepared_of(articles[0]).get()
    assert row.revision == articles[0].live_revision and row.layout == fragments.layout()

    response, queries = fresh(client, f"/articles/{articles[0].slug}/")

    assert response.status_code == 200 and queries == 2  # the page's stamp, its prepared parts
    assert articles[0].live_revision.title.encode() in response.content


def test_the_prepared_page_is_the_page_the_view_would_render(cited_library, client):
    _, _, articles = cited_library
    path = f"/articles/{articles[0].slug}/"
    prepared, _ = fresh(client, path)
    PreparedArticle.objects.all().delete()

    rendered, queries = fresh(client, path)

    assert queries > 2 and rendered.content == prepared.content
    assert prepared_of(articles[0]).exists()  # kept again for the next visitor


def test_a_change_to_a_cited_study_is_shown_at_once_even_before_the_worker_prepares_again(
    cited_library, client, edit, tasks_in_database
):
    publish, study, articles = cited_library
    path = f"/articles/{articles[0].slug}/"
    fresh(client, path)

    edit(study, title="A corrected title of the shared study")
    publish(study)  # the worker has not run: the prepared page is as it was

    response, queries = fresh(client, path)
    assert b"A corrected title of the shared study" in response.content
    assert queries > 2  # not current any more, so rendered (and kept)
    assert prepared_of(articles[5]).get().public_updated_at == articles[5].live_revision.public_updated_at


def test_an_edit_waiting_for_review_never_reaches_the_prepared_page(cited_library, client, edit):
    _, _, articles = cited_library
    path = f"/articles/{articles[1].slug}/"
    edit(articles[1], title="Unreviewed new title")
    call_command("prepare_pages", verbosity=0)

    response, _ = fresh(client, path)

    assert b"Unreviewed new title" not in response.content
    assert b"Unreviewed new title" not in prepared_of(articles[1]).get().parts["content"].encode()


def test_a_withdrawn_article_loses_its_prepared_page_with_the_withdrawal(cited_library, client, editor):
    _, _, articles = cited_library
    workflow.perform("unpublish", item=articles[2], by=editor, reason="superseded")

    assert not prepared_of(articles[2]).exists()
    assert client.get(f"/articles/{articles[2].slug}/").status_code == 410


def test_pages_prepared_by_other_templates_are_rendered_afresh(cited_library, client, monkeypatch):
    _, _, articles = cited_library
    path = f"/articles/{articles[3].slug}/"
    PreparedArticle.objects.filter(revision__item=articles[3]).update(
        parts={**prepared_of(articles[3]).get().parts, "content": "<p>made by an older layout</p>"}
    )
    monkeypatch.setattr(fragments, "layout", lambda: "a-newer-layout")

    response, _ = fresh(client, path)

    assert b"made by an older layout" not in response.content
    assert prepared_of(articles[3]).get().layout == "a-newer-layout"


def test_addresses_in_a_prepared_page_are_on_the_host_asked_for(cited_library, client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example.org"]
    _, _, articles = cited_library
    path = f"/articles/{articles[0].slug}/"

    for host in ("testserver", "mirror.example.org"):
        cache.clear()
        page = client.get(path, headers={"Host": host}).content.decode()
        assert f'<link rel="canonical" href="http://{host}{path}">' in page
        assert f'"url": "http://{host}{path}"' in page or f'"url":"http://{host}{path}"' in page
        assert fragments.ORIGIN not in page


def test_prepare_pages_prepares_what_is_missing_and_refuses_a_bad_batch(cited_library, capsys):
    PreparedArticle.objects.all().delete()

    call_command("prepare_pages", batch=3)

    assert PreparedArticle.objects.count() == 10
    assert "Prepared 10 article pages." in capsys.readouterr().out
    call_command("prepare_pages")
    assert "Prepared 0 article pages." in capsys.readouterr().out
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prepare_pages", batch=0)


def test_only_live_articles_are_prepared(walk, writer):
    draft = walk(ArticleFactory(author=writer, slug="a-draft"), Status.APPROVED)

    assert pages.prepare([draft.pk]) == 0
    assert not PreparedArticle.objects.exists()


def test_lists_show_prepared_cards_and_never_a_stale_or_withdrawn_one(
    cited_library, client, edit, editor, tasks_in_database
):
    publish, study, articles = cited_library
    edit(articles[9], title="Retitled before the worker ran")
    publish(articles[9])  # its prepared card is no longer current; the worker has not prepared it again
    workflow.perform("unpublish", item=articles[8], by=editor, reason="superseded")

    listing, _ = fresh(client, "/articles/")
    citing, _ = fresh(client, f"/studies/{study.citation_key}/")

    assert b"Retitled before the worker ran" in listing.content
    assert prepared_of(articles[0]).get().card.encode() in listing.content  # unchanged: as prepared
    assert prepared_of(articles[1]).get().card.encode() in citing.content
    for page in (listing, citing):
        assert f'href="/articles/{articles[8].slug}/"'.encode() not in page.content


def test_the_layout_covers_every_template_the_parts_include_and_no_page_of_its_own():
    root = Path(settings.BASE_DIR)
    covered = {path for folder, pattern in fragments._RENDERED_BY for path in (root / folder).glob(pattern)}
    seen, to_read = set(), [root / "templates/evidence/article_parts.html"]
    while to_read:
        template = to_read.pop()
        seen.add(template)
        for name in re.findall(r'{% include "([^"#]+)', template.read_text()):
            if (included := root / "templates" / name) not in seen:
                to_read.append(included)

    assert seen <= covered  # a change to any of them prepares every page again
    assert root / "templates/evidence/article_list.html" not in covered
