"""Links in an article body keep only href and title; citation anchors are ours alone (evidence.presenters.bodies).

A writer's id or class could restyle a link as a citation, or take over `#ref-1` so that readers who
follow the first citation land on the writer's anchor instead of the reference.
"""

from html.parser import HTMLParser

import pytest

from evidence.models import Status
from evidence.presenters.bodies import render_body_uncached
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

S = Status
HOSTILE_LINK = (
    '<a id="ref-1" class="cite button" onclick="steal()" style="position:fixed;inset:0" '
    'data-x="1" target="_top" href="https://example.org/" title="More">read more</a>'
)


class Tags(HTMLParser):
    """Every start tag of a fragment with its attributes, in order."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def attributes(self, tag):
        return [attrs for name, attrs in self.found if name == tag]


def test_a_writers_link_keeps_only_its_address_and_title():
    (link,) = Tags(render_body_uncached(HOSTILE_LINK, {})).attributes("a")

    assert link == {"href": "https://example.org/", "title": "More", "rel": "noopener noreferrer"}


@pytest.mark.parametrize(
    "body",
    [
        '[read more](https://example.org/ "More"){: #ref-1 .cite onclick="steal()" }',
        '[read more](https://example.org/ "More"){#ref-1 .cite style="color:red"}',
        '[read more][x]{: #ref-1 .cite }\n\n[x]: https://example.org/ "More"',
        '<a href="https://example.org/" title="More" {: #ref-1 }>read more</a>',
    ],
)
def test_markdown_attribute_lists_add_nothing_to_a_link(body):
    html = render_body_uncached(body, {})

    assert [attrs for attrs in Tags(html).attributes("a")] == [
        {"href": "https://example.org/", "title": "More", "rel": "noopener noreferrer"}
    ]
    assert not [attrs for _, attrs in Tags(html).found if {"id", "class", "style", "onclick"} & attrs.keys()]


@pytest.mark.parametrize(
    "body",
    [
        '<sup class="cite" id="ref-1"><a href="#ref-9">[1]</a></sup>',
        '<a href="#ref-1" id="cite-ref-1-a">[1]</a> <a href="#ref-1" id="cite-0123456789abcdef0123456789abcdef:x">',
        '<sup class="cite"><a href="#ref-1" id="cite-ref-1-b">[1]</a></sup>',
        '<sup class="cite-0123456789abcdef0123456789abcdef">[1]</sup>',
        '<p id="ref-1" class="cite">text</p> <h2 id="ref-2">Heading</h2> <table class="x"><tr><th id="a">h</th></tr></table>',
    ],
)
def test_a_writer_cannot_make_a_citation_or_an_anchor_of_their_own(body):
    html = render_body_uncached(body, {})

    assert not [attrs for _, attrs in Tags(html).found if {"id", "class"} & attrs.keys()], html


def test_citations_we_number_keep_their_class_and_link_to_the_reference_list():
    html = render_body_uncached("Cells helped [@burt-2019] and a report said so[^2].", {"burt-2019": 1})

    assert Tags(html).found == [
        ("p", {}),
        ("sup", {"class": "cite"}),
        ("a", {"href": "#ref-1", "id": "cite-ref-1-a", "rel": "noopener noreferrer"}),
        ("sup", {"class": "cite"}),
        ("a", {"href": "#note-2", "id": "cite-note-2-a", "rel": "noopener noreferrer"}),
    ]


@pytest.mark.django_db
def test_on_the_page_the_first_citation_still_reaches_the_first_reference(client, walk, writer):
    study = walk(StudyFactory(citation_key="burt-2019", title="Stem cells in a trial"), S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="links", body=f"{HOSTILE_LINK}\n\nCells helped [@burt-2019].")
    CitationFactory(article=article, study=study, position=1)
    walk(article, S.PUBLISHED)

    tags = Tags(client.get("/articles/links/").content.decode())

    cites = [attrs for tag, attrs in tags.found if tag == "sup" and attrs.get("class") == "cite"]
    assert len(cites) == 1
    assert [attrs for attrs in tags.attributes("a") if attrs.get("href") == "#ref-1"]
    # Only the reference list names the anchor: the writer's id="ref-1" is gone.
    assert [tag for tag, attrs in tags.found if attrs.get("id") == "ref-1"] == ["li"]
    assert not [attrs for attrs in tags.attributes("a") if "onclick" in attrs or "style" in attrs]
