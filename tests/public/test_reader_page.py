"""The article page for a reader on a phone: back-links from each reference to where it was cited, funding and
conflicts beside each reference, and "Last updated" once a later revision went live."""

import re
from html.parser import HTMLParser

import pytest

from evidence.models import Status
from tests.factories import ArticleFactory, ArticleReferenceFactory, CitationFactory, StudyFactory

from .conftest import html

pytestmark = pytest.mark.django_db
S = Status


class Ids(HTMLParser):
    """Every id in a page, and every same-page link with the element it sits in."""

    def __init__(self, page):
        super().__init__()
        self.ids, self.links = [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])


@pytest.fixture
def article(walk, writer):
    """A live article citing a trial twice and a mouse study once, and one other source, slug "back"."""
    trial = walk(
        StudyFactory(
            citation_key="trial",
            title="A trial in people",
            funding="National Institute for Health Research",
            conflicts="Two authors hold patents on the cell product.",
        ),
        S.PUBLISHED,
    )
    mice = walk(StudyFactory(citation_key="mice", title="A study in mice"), S.PUBLISHED)
    article = ArticleFactory(
        author=writer,
        slug="back",
        body="People did better [@trial]. Mice too [@mice].\n\nA second trial arm [@trial], says a fact sheet[^1].",
    )
    CitationFactory(article=article, study=trial, position=1)
    CitationFactory(article=article, study=mice, position=2)
    ArticleReferenceFactory(article=article, position=1, title="Stem cells: a fact sheet")
    return walk(article, S.PUBLISHED)


def reference(page, anchor):
    return page.split(f'<li id="{anchor}"')[1].split("</li>")[0]


def test_each_citation_link_has_its_own_id_and_each_reference_links_back_to_every_one(client, article):
    page = html(client.get("/articles/back/"))
    ids = Ids(page)

    assert re.findall(r'<a href="#(ref-\d|note-\d)" id="([\w-]+)"', page) == [
        ("ref-1", "cite-ref-1-a"),
        ("ref-2", "cite-ref-2-a"),
        ("ref-1", "cite-ref-1-b"),
        ("note-1", "cite-note-1-a"),
    ]
    assert len(ids.ids) == len(set(ids.ids)), "ids are unique"
    assert set(ids.links) <= set(ids.ids), "every same-page link reaches an element"
    assert re.findall(r'class="back-link" href="#([\w-]+)"', reference(page, "ref-1")) == [
        "cite-ref-1-a",
        "cite-ref-1-b",
    ]
    assert "Back to where reference 1 is cited (2 of 2)" in reference(page, "ref-1")
    assert re.findall(r'class="back-link" href="#([\w-]+)"', reference(page, "ref-2")) == ["cite-ref-2-a"]
    assert "Back to where reference 2 is cited</span>" in reference(page, "ref-2")
    assert re.findall(r'class="back-link" href="#([\w-]+)"', reference(page, "note-1")) == ["cite-note-1-a"]


def test_a_reference_cited_nowhere_in_the_text_has_no_back_link(client, walk, writer):
    unmarked = walk(StudyFactory(citation_key="unmarked"), S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="unmarked", body="No markers here.")
    CitationFactory(article=article, study=unmarked, position=1)
    walk(article, S.PUBLISHED)

    assert "back-link" not in reference(html(client.get("/articles/unmarked/")), "ref-1")


def test_each_reference_shows_its_funding_and_conflicts_folded_away(client, article):
    page = html(client.get("/articles/back/"))

    trial, mice = reference(page, "ref-1"), reference(page, "ref-2")
    assert '<details class="ref-details">' in trial  # closed until asked for
    assert "<summary>Funding and conflicts of interest" in trial
    assert "<dd>National Institute for Health Research</dd>" in trial
    assert "<dd>Two authors hold patents on the cell product.</dd>" in trial
    assert mice.count("<dd>Not stated</dd>") == 2


def test_last_updated_shows_only_once_a_later_revision_went_live(client, article, edit, walk):
    first = html(client.get("/articles/back/"))
    assert "First published" in first and "Last updated" not in first

    edit(article, summary="A clearer summary.")
    walk(article, S.PUBLISHED)
    article.refresh_from_db()

    again = html(client.get("/articles/back/"))
    went_live = article.live_revision.published_at
    assert f'Last updated <time datetime="{went_live:%Y-%m-%d}">' in again
    assert "First published" in again


def test_a_draft_edit_does_not_count_as_an_update(client, article, edit):
    edit(article, summary="Not reviewed yet.")

    assert "Last updated" not in html(client.get("/articles/back/"))
