"""The article page: numbered citations, evidence box, byline, disclaimers, sources and metadata."""

import json
import re
from datetime import date

import pytest

from evidence.models import AppliesTo, Population, Status, StudyDesign
from tests.factories import (
    ArticleFactory,
    ArticleReferenceFactory,
    CitationFactory,
    ConditionFactory,
    DisclaimerFactory,
    StudyFactory,
)

from .conftest import html

pytestmark = pytest.mark.django_db
S = Status


def json_ld(page):
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    return json.loads(match.group(1)) if match else None


@pytest.fixture
def cited(walk):
    """Three live studies: a randomised trial in people, an animal study and a laboratory study."""
    trial = StudyFactory(
        citation_key="trial",
        title="A trial in people",
        design=StudyDesign.RANDOMISED_TRIAL,
        population=Population.HUMAN,
        sample_size=110,
        doi="10.5555/test.1",
        pmid="1234567",
        pmcid="PMC7654321",
        journal="JAMA",
        year=2019,
        authors=[{"family": "Burt", "given": "R"}],
    )
    animal = StudyFactory(
        citation_key="mice",
        title="A study in mice",
        design=StudyDesign.ANIMAL,
        population=Population.ANIMAL,
        sample_size=40,
    )
    lab = StudyFactory(
        citation_key="dish", title="Cells in a dish", design=StudyDesign.IN_VITRO, population=Population.IN_VITRO
    )
    for study in (trial, animal, lab):
        study.save()
        walk(study, S.PUBLISHED)
    return trial, animal, lab


def publish_article(walk, writer, studies, body, **fields):
    article = ArticleFactory(author=writer, body=body, **fields)
    for position, study in enumerate(studies, start=1):
        CitationFactory(article=article, study=study, position=position)
    return walk(article, S.PUBLISHED)


def test_citations_are_numbered_by_first_use_and_link_to_the_reference_list(client, walk, writer, cited):
    trial, animal, lab = cited
    publish_article(
        walk, writer, [trial, animal, lab], "Mice first [@mice], then people [@trial], again [@mice].", slug="order"
    )
    page = html(client.get("/articles/order/"))
    assert re.findall(r'<sup class="cite"><a href="#ref-(\d)"', page) == ["1", "2", "1"]
    references = re.findall(r'<li id="ref-(\d)" value="\d+">\s*<span class="ref-text">([^<]*)', page)
    assert [(n, text.split(".")[1].strip()) for n, text in references] == [
        ("1", "A study in mice"),
        ("2", "A trial in people"),
        ("3", "Cells in a dish"),
    ]


def test_reference_list_is_ama_style_with_doi_pubmed_and_pmc_links(client, walk, writer, cited):
    publish_article(walk, writer, [cited[0]], "A trial [@trial].", slug="links")
    page = html(client.get("/articles/links/"))
    assert "Burt R. A trial in people. JAMA." in page
    assert 'href="https://doi.org/10.5555/test.1"' in page
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/1234567/"' in page
    assert 'href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7654321/"' in page
    assert 'href="/studies/trial/"' in page


def test_evidence_box_says_in_plain_words_what_each_study_is(client, walk, writer, cited):
    publish_article(walk, writer, list(cited), "[@trial] [@mice] [@dish]", slug="plain")
    box = html(client.get("/articles/plain/")).split('class="evidence-box"')[1].split("</aside>")[0]
    assert "Randomised trial with 110 people" in box
    assert "Animal study in 40 animals" in box
    assert "Laboratory study" in box
    assert "Strongest evidence cited: <strong>Randomised trial with 110 people</strong>" in box
    assert "Weakest: <strong>Laboratory study</strong>" in box
    assert "Not yet shown in people" not in box


def test_summary_resting_only_on_lab_and_animal_work_is_flagged_not_yet_shown_in_people(client, walk, writer, cited):
    publish_article(walk, writer, [cited[1], cited[2]], "[@mice] [@dish]", slug="early")
    box = html(client.get("/articles/early/")).split('class="evidence-box"')[1].split("</aside>")[0]
    assert "Not yet shown in people" in box


def test_article_without_studies_says_it_is_background_reading(client, walk, writer):
    publish_article(walk, writer, [], "No studies here.", slug="background")
    assert "does not rest on a specific study" in html(client.get("/articles/background/"))


def test_byline_names_writer_and_medical_reviewer_with_credentials_and_dates(client, walk, writer, reviewer):
    reviewer.credentials = "MD, PhD"
    reviewer.save()
    article = publish_article(walk, writer, [], "Text.", slug="byline")
    page = html(client.get("/articles/byline/"))
    reviewed = article.last_reviewed_at
    assert "Written by Dana Writer, MPH" in page
    assert f'Medically reviewed by Priya Reviewer, MD, PhD on <time datetime="{reviewed:%Y-%m-%d}">' in page
    assert f'Next review due <time datetime="{article.next_review_due:%Y-%m-%d}">' in page


def test_disclaimers_that_apply_are_shown_specific_ones_before_the_text(client, walk, writer):
    condition = walk(ConditionFactory(), S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="with-disclaimers", body="BODY-TEXT")
    article.conditions.add(condition)
    walk(article, S.PUBLISHED)
    walk(DisclaimerFactory(title="Everywhere caution"), S.PUBLISHED)
    specific = DisclaimerFactory(title="Chosen caution", applies_to=AppliesTo.ARTICLES)
    specific.articles.add(article)
    walk(specific, S.PUBLISHED)
    walk(DisclaimerFactory(title="Inactive caution", is_active=False), S.PUBLISHED)
    page = html(client.get("/articles/with-disclaimers/"))
    assert page.index("Chosen caution") < page.index("BODY-TEXT") < page.index("Everywhere caution")
    assert "Inactive caution" not in page


def test_other_references_show_publisher_and_accessed_date(client, walk, writer):
    article = ArticleFactory(author=writer, slug="sources", body="A fact[^1].")
    ArticleReferenceFactory(
        article=article,
        title="Type 1 Diabetes Facts",
        publisher="JDRF",
        position=1,
        url="https://example.org/t1d",
        accessed_on=date(2022, 11, 2),
    )
    walk(article, S.PUBLISHED)
    page = html(client.get("/articles/sources/"))
    assert '<li id="note-1" value="1">JDRF. <a href="https://example.org/t1d"' in page
    assert 'Accessed <time datetime="2022-11-02">2 November 2022</time>' in page
    assert 'href="#note-1"' in page


def test_title_description_canonical_and_open_graph(client, walk, writer):
    publish_article(
        walk, writer, [], "Text.", slug="meta", title="Meta title", seo_description="What search engines show."
    )
    page = html(client.get("/articles/meta/"))
    assert "<title>Meta title · Evidence Desk</title>" in page
    assert '<meta name="description" content="What search engines show.">' in page
    assert '<link rel="canonical" href="http://testserver/articles/meta/">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Meta title">' in page
    assert '<meta property="og:url" content="http://testserver/articles/meta/">' in page


def test_json_ld_is_a_medical_web_page_matching_what_the_page_shows(client, walk, writer, reviewer, cited):
    condition = walk(ConditionFactory(name="Multiple sclerosis", slug="ms"), S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="ld", title="LD title", body="[@trial] [@mice]")
    article.conditions.add(condition)
    CitationFactory(article=article, study=cited[0], position=1)
    CitationFactory(article=article, study=cited[1], position=2)
    walk(article, S.PUBLISHED)
    article.refresh_from_db()
    page = html(client.get("/articles/ld/"))
    data = json_ld(page)
    assert data["@type"] == "MedicalWebPage"
    assert data["headline"] == "LD title"
    assert data["lastReviewed"] == article.last_reviewed_at.date().isoformat()
    assert data["reviewedBy"]["name"] == reviewer.display_name
    assert data["about"][0] == {
        "@type": "MedicalCondition",
        "name": "Multiple sclerosis",
        "url": "http://testserver/conditions/ms/",
    }
    assert [c["name"] for c in data["citation"]] == ["A trial in people", "A study in mice"]
    assert data["citation"][0]["@id"] == "https://doi.org/10.5555/test.1"
    # Every cited study in the JSON-LD is in the visible reference list, in the same order.
    assert page.index("A trial in people") < page.index("A study in mice")


def test_json_ld_needs_no_nonce_so_the_page_allows_no_inline_script(client, walk, writer):
    """A data block is not run, so CSP does not govern it; the browser tests check Chromium agrees."""
    publish_article(walk, writer, [], "Text.", slug="data-block")
    response = client.get("/articles/data-block/")

    assert '<script type="application/ld+json">{' in html(response)
    assert "nonce=" not in html(response)
    script_src = re.search(r"script-src ([^;]+)", response["Content-Security-Policy"]).group(1)
    assert script_src.strip() == "'self'"


def test_json_ld_escapes_a_writers_attempt_to_close_the_script(client, walk, writer):
    publish_article(walk, writer, [], "Text.", slug="escape", title="</script><script>alert(1)</script>")
    page = html(client.get("/articles/escape/"))
    script = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S).group(1)
    assert "<" not in script
    assert json.loads(script)["headline"] == "</script><script>alert(1)</script>"


def test_preview_shows_a_banner_and_no_index_canonical_or_json_ld(rf, walk, writer):
    from django.template.loader import render_to_string

    from evidence import selectors
    from evidence.presenters.pages import article_page

    publish_article(walk, writer, [], "Text.", slug="previewed")
    revision = selectors.live_article("previewed")
    page = render_to_string(
        "evidence/article_detail.html",
        {"page": article_page(revision), "article": revision, "disclaimers": [], "preview": True},
        request=rf.get("/admin/preview/"),
    )
    assert "Preview — not published" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "application/ld+json" not in page
    assert 'rel="canonical"' not in page
