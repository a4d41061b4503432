"""The article page on a 390 px phone and a desktop: citation links big enough to tap (WCAG 2.2: 24 by 24 CSS px),
a way back from each reference to where it was cited, and no axe violation on a page with a figure."""

import re

import pytest
from playwright.sync_api import expect

from evidence.models import Status
from tests.factories import ArticleFactory, ArticleReferenceFactory, CitationFactory, FigureFactory, StudyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
TAP_TARGETS = "sup.cite a, .ref-link, .back-link, .ref-details summary"


@pytest.fixture
def article_url(live_server, walk, writer):
    trial = walk(
        StudyFactory(citation_key="trial", title="A trial in people", funding="A charity", conflicts="None declared"),
        Status.PUBLISHED,
    )
    mice = walk(StudyFactory(citation_key="mice", title="A study in mice"), Status.PUBLISHED)
    figure = FigureFactory(by=writer)
    article = ArticleFactory(
        author=writer,
        slug="reader",
        title="Stem cells after a heart attack",
        body=(
            "In a trial, people given their own stem cells walked further six months later than people given a "
            "dummy treatment [@trial]. Mice showed the same [@mice], and a second measure in the trial agreed "
            f"[@trial]; a fact sheet explains the treatment[^1].\n\n{figure.marker}\n\n"
            "A short line [@mice].\n\nA short line."
        ),
    )
    CitationFactory(article=article, study=trial, position=1)
    CitationFactory(article=article, study=mice, position=2)
    ArticleReferenceFactory(article=article, position=1, title="Stem cells: a fact sheet")
    walk(article, Status.PUBLISHED)
    return f"{live_server.url}/articles/reader/"


@pytest.fixture
def page(browser):
    pages = []

    def open_with(viewport):
        pages.append(browser.new_page(viewport=viewport))
        return pages[-1]

    yield open_with
    for opened in pages:
        opened.close()


def sizes(page, selector):
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent.trim(), Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10]; })",
    )


@pytest.mark.parametrize("device", VIEWPORTS)
def test_citation_links_are_tap_targets_of_at_least_24_px(article_url, page, screenshot_dir, device):
    reader = page(VIEWPORTS[device])
    reader.goto(article_url)
    reader.screenshot(path=screenshot_dir / f"article-references-{device}.png", full_page=True)

    found = sizes(reader, TAP_TARGETS)
    assert len(found) == 5 + 2 + 5 + 2  # citations in the text, the evidence box's, back-links, details
    assert [target for target in found if target[1] < 24 or target[2] < 24] == []
    # The bigger targets do not push the lines of text apart.
    cited, plain = reader.locator(".body p", has_text="A short line").all()
    assert abs(cited.bounding_box()["height"] - plain.bounding_box()["height"]) <= 2


def test_a_reader_goes_to_a_reference_and_back_to_the_sentence(article_url, page):
    reader = page(VIEWPORTS["phone"])
    reader.goto(article_url)

    reader.locator("sup.cite a").nth(2).click()  # the trial's second citation
    expect(reader).to_have_url(re.compile(r"#ref-1$"))
    reader.get_by_role("link", name="Back to where reference 1 is cited (2 of 2)").click()
    expect(reader).to_have_url(re.compile(r"#cite-ref-1-b$"))
    expect(reader.locator("#cite-ref-1-b")).to_be_in_viewport()

    reader.get_by_text("Funding and conflicts of interest").first.click()
    expect(reader.get_by_text("A charity")).to_be_visible()


@pytest.mark.parametrize("device", VIEWPORTS)
def test_axe_finds_no_violation_on_an_article_with_a_figure(article_url, page, device):
    from axe_playwright_python.sync_playwright import Axe

    reader = page(VIEWPORTS[device])
    reader.goto(article_url)
    expect(reader.locator("figure img")).to_be_visible()
    closed = Axe().run(reader).response["violations"]
    for summary in reader.locator(".ref-details summary").all():
        summary.click()
    opened = Axe().run(reader).response["violations"]

    found = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in closed + opened]
    assert found == []
