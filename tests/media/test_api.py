"""The API lists each live article's figures with the words its reviewer approved and absolute rendition URLs;
a figure only a draft places appears nowhere in it."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SITE = "https://evidence.example"


@pytest.fixture
def api(api_key):
    return Client(headers={"Authorization": f"Bearer {api_key}"})


def test_an_article_lists_its_figures_with_absolute_renditions(api, live_article, figure, settings):
    settings.EVIDENCE_SITE_URL = SITE
    article = live_article(body=f"Intro.\n\n{figure.marker}\n\nMore text.")

    [shown] = api.get(f"/api/v1/articles/{article.pk}/").json()["figures"]

    assert shown["id"] == figure.pk
    assert (shown["alt_text"], shown["decorative"], shown["caption"]) == (figure.alt_text, False, figure.caption)
    assert {"credit", "licence", "source_url"} <= set(shown)
    renditions = shown["renditions"]
    assert len(renditions) == figure.renditions.count()
    assert {r["format"] for r in renditions} == {"WEBP", "PNG"}
    for rendition in renditions:
        assert rendition["url"].startswith(f"{SITE}/media/figures/renditions/")
        assert rendition["width"] > 0 and rendition["height"] > 0
    assert [r["width"] for r in renditions] == sorted(r["width"] for r in renditions)


def test_an_article_without_figures_lists_none_and_fields_can_ask_for_them(api, live_article):
    live_article(body="No figure here.")

    [item] = api.get("/api/v1/articles/?fields=id,figures").json()["results"]

    assert item == {"id": item["id"], "figures": []}


def test_a_figure_only_a_draft_places_is_in_no_list_detail_or_change(api, live_article, figure, edit):
    article = live_article(body="Intro without a figure.")
    edit(article, body=f"Intro.\n\n{figure.marker}\n")

    for path in ("/api/v1/articles/", f"/api/v1/articles/{article.pk}/", "/api/v1/changes/"):
        answer = api.get(path)
        assert answer.status_code == 200
        text = json.dumps(answer.json())
        assert figure.alt_text not in text and figure.caption not in text and "/media/figures/" not in text
    assert api.get(f"/api/v1/articles/{article.pk}/").json()["figures"] == []


def test_the_schema_types_the_figures(api):
    schema = api.get("/api/v1/schema/", headers={"Accept": "application/vnd.oai.openapi+json"}).json()
    figure = schema["components"]["schemas"]["Figure"]["properties"]
    assert {"id", "alt_text", "decorative", "caption", "credit", "licence", "source_url", "renditions"} <= set(figure)
    rendition = schema["components"]["schemas"]["Rendition"]["properties"]
    assert {"url", "width", "height", "format"} <= set(rendition)
