"""Stored and reflected XSS, without a browser: every surface that shows writers' text holds nothing runnable.

The corpus (xss_payloads.txt) sits in every text field writers, reviewers and
editors set (see corpus.py), published through the real workflow. Each test
reads one kind of surface and asks `html_checks` what a browser could run
there; the browser test (test_xss_browser.py) then proves the same in Chromium.
"""

import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from accounts.services import issue_api_key
from evidence.enquiries.models import Enquiry
from evidence.models import ArticleReference, Study
from evidence.presenters.bodies import render_bodies
from tests.factories import ArticleFactory

from .conftest import assert_answered, staff_client
from .corpus import ITEMS, PAYLOADS, SCRIPT_URLS, UNPUBLISHED_MARK, checked, chunk, packed
from .html_checks import executable_parts, scan

ATOM = "{http://www.w3.org/2005/Atom}"


class _Text(HTMLParser):
    """The text a reader sees (entities decoded, whitespace collapsed), without scripts' contents."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return " ".join("".join(parser.parts).split())


def same_text(value: str) -> str:
    return " ".join(value.split())


def test_the_corpus_reaches_every_payload_into_every_field_of_160_characters_or_more():
    """The library is not vacuous: each long field of some item carries each payload."""
    for max_length in (160, 200, 255, 300, 400, 500, 600):
        carried = " ".join(packed(max_length)[:ITEMS])
        assert all(payload in carried for payload in PAYLOADS), max_length
    assert len(PAYLOADS) >= 40


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(1, len(PAYLOADS) + 1))
def test_each_payload_alone_renders_to_markdown_html_with_nothing_runnable(payload):
    [rendered] = render_bodies([(f"Before.\n\n{payload}\n\nAfter.", {})])

    problems, _ = scan(rendered)  # no nonce: no script or style element belongs in a body at all
    assert problems == [], rendered
    # The sanitiser cleans the payload without swallowing the rest, unless the payload itself opens a
    # <style> it never closes: then, as in a browser, everything after it is style text, and is dropped.
    if payload.count("<style") == payload.count("</style"):
        assert "After." in rendered


@pytest.mark.slow  # builds the hostile library (a few seconds)
def test_public_pages_show_every_payload_as_text_and_run_nothing(hostile_library, visitor):
    for url in hostile_library.public_pages():
        response = visitor.get(url)
        assert_answered(response, allowed=(200, 400))
        assert executable_parts(response) == [], url
        assert UNPUBLISHED_MARK not in response.content.decode(), f"an unpublished edit leaked on {url}"

    for article in hostile_library.articles:
        page = visible_text(visitor.get(article.get_absolute_url()).content.decode())
        live = article.live_revision
        for text in (live.title, live.summary, live.author.byline, live.author.bio):
            assert same_text(text) in page, "a writer's text must be shown escaped, not dropped"


@pytest.mark.slow  # builds the hostile library (a few seconds)
def test_search_echoes_a_hostile_query_only_as_text(hostile_library, visitor):
    for url in hostile_library.reflected_searches():
        response = visitor.get(url)
        assert_answered(response)
        assert executable_parts(response) == [], url
        shown = response.context["results"].query  # the cleaned query: control characters out, 100 at most
        assert shown and shown in visible_text(response.content.decode())  # repeated as text, not as markup


@pytest.mark.slow  # builds the hostile library (a few seconds)
def test_json_ld_stays_inside_its_script_element_and_round_trips_the_writers_text(hostile_library, visitor):
    for article in hostile_library.articles:
        response = visitor.get(article.get_absolute_url())
        problems, blocks = scan(response.content.decode())
        assert not [p for p in problems if "JSON" in p]
        (data,) = blocks
        live = article.live_revision
        assert data["name"] == live.title
        assert data["description"] == live.seo_description
        assert data["author"]["name"] == live.author.display_name
        assert data["author"]["honorificSuffix"] == live.author.credentials
        cited = [c.study.live_revision for c in live.citations.all()]
        expected = {" ".join(filter(None, [a["given"], a["family"]])) for study in cited for a in study.authors}
        assert {a["name"] for c in data["citation"] for a in c["author"]} == expected

    for page in [*hostile_library.conditions, *hostile_library.studies]:
        response = visitor.get(page.get_absolute_url())
        problems, blocks = scan(response.content.decode())
        assert not [p for p in problems if "JSON" in p]
        assert len(blocks) == 1


@pytest.mark.slow  # builds the hostile library (a few seconds)
def test_feed_summaries_are_text_a_feed_reader_cannot_run(hostile_library, visitor):
    """Atom `<summary type="html">` is HTML to a feed reader, so the writer's plain text must arrive escaped."""
    response = visitor.get("/feeds/articles/")
    assert_answered(response)
    feed = ET.fromstring(response.content)
    summaries = {}  # by the entry's link: titles repeat, as the corpus cycles through the items
    for entry in feed.findall(f"{ATOM}entry"):
        title = entry.find(f"{ATOM}title")
        assert title.get("type", "text") == "text"  # plain text by definition: readers never parse it
        summary = entry.find(f"{ATOM}summary")
        problems, _ = scan(summary.text) if summary.get("type") == "html" else ([], [])
        assert problems == [], summary.text
        link = entry.find(f"{ATOM}link").get("href")
        summaries[link] = html.unescape(summary.text) if summary.get("type") == "html" else summary.text

    assert len(summaries) == ITEMS
    for article in hostile_library.articles:
        live = article.live_revision
        # Readers see exactly what the writer wrote.
        assert summaries[f"http://testserver{live.get_absolute_url()}"] == live.summary


@pytest.mark.slow  # builds the hostile library (a few seconds)
def test_api_body_html_is_sanitised_and_every_answer_is_json(hostile_library, client):
    key = issue_api_key(name="hostile", requests_per_minute=10_000)[1]
    headers = {"Authorization": f"Bearer {key}"}
    for kind in ("articles", "studies", "conditions", "disclaimers"):
        response = client.get(f"/api/v1/{kind}/?page_size=100", headers=headers)
        assert_answered(response)
        assert response["Content-Type"] == "application/json"
        assert response["X-Content-Type-Options"] == "nosniff"  # never sniffed and rendered as HTML

    articles = client.get("/api/v1/articles/?page_size=100", headers=headers).json()["results"]
    assert len(articles) == ITEMS
    for data in articles:
        problems, _ = scan(data["body_html"])
        assert problems == [], data["slug"]
        live = next(a.live_revision for a in hostile_library.articles if a.pk == data["id"])
        # Plain-text fields travel exactly as written: they are text, and the consumer escapes them.
        assert (data["title"], data["summary"]) == (live.title, live.summary)
        assert "<script" not in data["body_html"].lower()


@pytest.mark.slow  # builds the hostile library (a few seconds)
def test_admin_pages_show_hostile_text_as_text(hostile_library, visitor, superuser):
    """Staff read the same text: change pages, lists, revisions and their comparison, preview, people, enquiries."""
    # Visitors' own text reaches staff through the enquiry forms: five posts (the rate limit), five addresses
    # (one address gets only a few confirmation e-mails a day, and nothing is stored beyond them).
    for i in range(5):
        enquiry = {"name": chunk(120, i), "email": f"a{i}@example.org", "message": chunk(2000, i), "consent": "on"}
        assert_answered(visitor.post("/information-packet/", enquiry), allowed=(302,))
    admin = staff_client(superuser)
    pages = ["/admin/", "/admin/enquiries/enquiry/", "/admin/accounts/user/"]
    for model, items in [
        ("article", hostile_library.articles), ("study", hostile_library.studies),
        ("condition", hostile_library.conditions), ("disclaimer", hostile_library.disclaimers),
    ]:  # fmt: skip
        pages.append(f"/admin/evidence/{model}/")
        for item in items[:4]:
            pages += [
                f"/admin/evidence/{model}/{item.pk}/change/",
                f"/admin/evidence/{model}/{item.pk}/revisions/?a=1&b=2",
            ]
    article = hostile_library.articles[0]
    pages += [f"/admin/evidence/article/{article.pk}/revisions/{n}/preview/" for n in (1, 2, 3)]
    pages += [f"/admin/accounts/user/{person.pk}/change/" for person in hostile_library.people[:3]]
    pages += [f"/admin/enquiries/enquiry/{enquiry.pk}/change/" for enquiry in Enquiry.objects.all()]

    for url in pages:
        response = admin.get(url)
        assert_answered(response)
        assert executable_parts(response) == [], url


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_addresses_a_browser_would_run_are_refused_by_every_url_field(db, url):
    """A `javascript:` or `data:` address is never stored, so an href in a template never holds one."""
    for item in (
        Study(citation_key="s", title="t", design="animal", population="animal", url=url),
        ArticleReference(article=ArticleFactory(), title="t", url=url),
    ):
        with pytest.raises(ValidationError) as refused:
            checked(item)
        assert [e.code for e in refused.value.error_dict["url"]] == ["invalid"], url
