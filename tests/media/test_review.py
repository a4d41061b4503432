"""Figures go through review: nothing a draft places reaches a public surface, and the public sees the words the
reviewer approved, not the figure's current ones."""

import json
import re

import pytest
from django.test import Client

from evidence.media.models import RevisionFigure
from evidence.models import ClaimRule, Status

pytestmark = pytest.mark.django_db

NEW_ALT = "A bar chart, relabelled after approval"


def page(client, article):
    return client.get(f"/articles/{article.live_revision.slug}/").content.decode()


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1))


def rendition_urls(figure):
    return [r.file.url for r in figure.renditions.all()]


def test_a_live_article_shows_its_approved_figure_everywhere(client, live_article, figure, api_key):
    article = live_article(body=f"Intro.\n\n{figure.marker}\n\nMore text.")
    html = page(client, article)

    assert '<figure class="figure"' in html
    assert f'alt="{figure.alt_text}"' in html
    assert 'loading="lazy"' in html and "srcset=" in html and 'sizes="' in html
    assert 'type="image/webp"' in html and 'width="1000" height="600"' in html
    assert "<figcaption>" in html and figure.caption in html
    assert '<meta property="og:image" content="http://testserver/media/figures/renditions/' in html
    assert f'<meta property="og:image:alt" content="{figure.alt_text}">' in html
    image = json_ld(html)["image"][0]
    assert image["@type"] == "ImageObject" and image["description"] == figure.alt_text
    feed = client.get("/feeds/articles/").content.decode()
    assert 'rel="enclosure"' in feed and "/media/figures/renditions/" in feed
    api = Client(headers={"Authorization": f"Bearer {api_key}"}).get("/api/v1/articles/").json()
    assert figure.alt_text in json.dumps(api)
    for url in rendition_urls(figure):
        assert Client().get(url).status_code == 200


def test_a_figure_in_an_unpublished_edit_reaches_no_public_surface(client, live_article, figure, edit, api_key):
    article = live_article(body="Intro without a figure.")
    edit(article, body=f"Intro.\n\n{figure.marker}\n")
    assert RevisionFigure.objects.filter(revision=article.latest_revision, figure=figure).exists()

    html = page(client, article)
    feed = client.get("/feeds/articles/").content.decode()
    api = json.dumps(Client(headers={"Authorization": f"Bearer {api_key}"}).get("/api/v1/articles/").json())
    for surface in (html, feed, api):
        assert "/media/figures/" not in surface
        assert figure.alt_text not in surface
        assert "[[figure:" not in surface
    assert "og:image" not in html
    assert "image" not in json_ld(html)
    for url in [figure.file.url, *rendition_urls(figure)]:
        assert Client().get(url).status_code == 404  # the files themselves are not served to the public


def test_a_figure_in_a_draft_article_is_not_served(client, walk, writer, figure):
    from tests.factories import ArticleFactory

    walk(ArticleFactory(author=writer, body=figure.marker), Status.IN_REVIEW)
    assert all(Client().get(url).status_code == 404 for url in rendition_urls(figure))


def test_staff_see_figure_files_before_approval(client, writer, figure):
    client.force_login(writer)
    assert client.get(rendition_urls(figure)[0]).status_code == 200


def test_changing_alt_text_after_approval_waits_for_a_new_approved_revision(
    client, live_article, figure, edit, walk, reviewer, editor
):
    from evidence.services import workflow

    article = live_article(body=figure.marker)
    figure.alt_text = NEW_ALT
    figure.save()
    assert NEW_ALT not in page(client, article)  # the live revision keeps the words its reviewer approved

    edit(article, body=figure.marker + "\n\nA sentence.")  # the writer saves: the new words go to review
    assert NEW_ALT not in page(client, article)
    workflow.perform("submit", item=article, by=article.author)
    workflow.perform("approve", item=article, by=reviewer)
    workflow.perform("publish", item=article, by=editor)
    assert f'alt="{NEW_ALT}"' in page(client, article)


def test_new_pixels_under_an_old_snapshot_are_never_shown(client, live_article, figure):
    article = live_article(body=figure.marker)
    type(figure).objects.filter(pk=figure.pk).update(file_digest="0" * 64)  # the stored image was swapped
    assert "<figure" not in page(client, article)
    assert all(Client().get(url).status_code == 404 for url in rendition_urls(figure))


def test_figure_caption_and_alt_text_take_part_in_the_claim_check(walk, writer, figure):
    from tests.factories import ArticleFactory

    ClaimRule.objects.create(name="Cure claim", kind="phrase", pattern="cure", explanation="Say what was measured.")
    figure.caption = "Stem cells cure diabetes."
    figure.save()
    article = walk(ArticleFactory(author=writer, body=f"Careful words.\n\n{figure.marker}"), Status.IN_REVIEW)
    findings = list(article.latest_revision.claim_findings.all())
    assert [(f.field, f.matched_text.lower()) for f in findings] == [("figures", "cure")]
