"""Each public page: what it shows, its empty state and its 404."""

import pytest
from django.urls import reverse

from evidence.models import AppliesTo, Population, Status, StudyDesign
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    ConditionFactory,
    DisclaimerFactory,
    StudyFactory,
)

from .conftest import html

pytestmark = pytest.mark.django_db
S = Status


@pytest.fixture
def library(walk, writer):
    """A small live library: one condition, one study about it, one article citing the study."""
    condition = walk(
        ConditionFactory(name="Multiple sclerosis", slug="multiple-sclerosis", synonyms=["MS"]), S.PUBLISHED
    )
    study = StudyFactory(
        citation_key="burt-2019",
        title="Transplant vs drugs in relapsing MS",
        journal="JAMA",
        year=2019,
        volume="321",
        issue="2",
        pages="165-174",
        doi="10.1001/jama.2018.18743",
        pmid="30644567",
        design=StudyDesign.RANDOMISED_TRIAL,
        population=Population.HUMAN,
        sample_size=110,
        authors=[{"family": "Burt", "given": "Richard K"}],
        authors_complete=False,
    )
    study.save()
    study.conditions.add(condition)
    walk(study, S.PUBLISHED)
    article = ArticleFactory(
        author=writer,
        slug="hsct-for-ms",
        title="Blood stem cell transplant for MS",
        body="A trial compared treatments [@burt-2019].",
    )
    article.conditions.add(condition)
    CitationFactory(article=article, study=study, position=1)
    walk(article, S.PUBLISHED)
    return {"condition": condition, "study": study, "article": article}


def test_home_shows_latest_articles_and_conditions_with_counts(client, library):
    page = html(client.get("/"))
    assert "Blood stem cell transplant for MS" in page
    assert 'href="/conditions/multiple-sclerosis/"' in page
    assert "1 summary" in page


def test_home_with_nothing_published_says_so(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "No summaries are published yet" in html(response)
    assert "No conditions are published yet" in html(response)


def test_article_list_shows_cards_with_strongest_evidence(client, library):
    page = html(client.get("/articles/"))
    assert "Blood stem cell transplant for MS" in page
    assert "Strongest evidence: Randomised trial with 110 people" in page
    assert "1 summary." in page


def test_article_list_with_nothing_published_says_so(client, db):
    response = client.get("/articles/")
    assert response.status_code == 200
    assert "No summaries are published yet" in html(response)


def test_condition_list_and_its_empty_state(client, library):
    assert "Multiple sclerosis" in html(client.get("/conditions/"))


def test_condition_list_with_nothing_published_says_so(client, db):
    assert "No conditions are published yet" in html(client.get("/conditions/"))


def test_condition_page_shows_overview_articles_and_studies(client, library):
    page = html(client.get("/conditions/multiple-sclerosis/"))
    assert "Also called MS" in page
    assert "Blood stem cell transplant for MS" in page
    assert 'href="/studies/burt-2019/"' in page
    assert "Randomised trial with 110 people" in page


def test_condition_page_without_articles_or_studies_says_so(client, walk):
    walk(ConditionFactory(name="Lupus", slug="lupus"), S.PUBLISHED)
    page = html(client.get("/conditions/lupus/"))
    assert "No summaries about this condition are published yet." in page
    assert "No studies about this condition are published yet." in page


def test_condition_page_shows_the_disclaimers_chosen_for_it(client, library, walk):
    disclaimer = DisclaimerFactory(title="MS-specific caution", applies_to=AppliesTo.CONDITIONS)
    disclaimer.conditions.add(library["condition"])
    walk(disclaimer, S.PUBLISHED)
    assert "MS-specific caution" in html(client.get("/conditions/multiple-sclerosis/"))


def test_study_page_shows_citation_design_population_size_and_citing_articles(client, library):
    page = html(client.get("/studies/burt-2019/"))
    assert "Burt RK, et al. Transplant vs drugs in relapsing MS." in page
    assert "JAMA. 2019;321(2):165-174." in page
    assert "Randomised controlled trial" in page
    assert "People" in page and "110" in page
    assert 'href="https://doi.org/10.1001/jama.2018.18743"' in page
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/30644567/"' in page
    assert 'href="/articles/hsct-for-ms/"' in page


def test_study_page_of_an_uncited_study_says_so(client, walk):
    walk(StudyFactory(citation_key="lonely-2020"), S.PUBLISHED)
    assert "No published summary cites this study yet." in html(client.get("/studies/lonely-2020/"))


def test_study_reached_by_its_number_redirects_to_its_citation_key(client, library):
    response = client.get(f"/studies/{library['study'].pk}/")
    assert response.status_code == 301
    assert response["Location"] == "/studies/burt-2019/"


def test_disclaimers_page_lists_live_disclaimers_and_where_they_apply(client, library, walk):
    walk(DisclaimerFactory(title="Not medical advice", text="Talk to your doctor."), S.PUBLISHED)
    chosen = DisclaimerFactory(title="About MS", applies_to=AppliesTo.CONDITIONS)
    chosen.conditions.add(library["condition"])
    walk(chosen, S.PUBLISHED)
    page = html(client.get("/disclaimers/"))
    assert "Not medical advice" in page and "Shown on every summary." in page
    assert "About MS" in page and 'href="/conditions/multiple-sclerosis/"' in page


def test_disclaimers_page_with_none_published_says_so(client, db):
    assert "No disclaimers are published yet." in html(client.get("/disclaimers/"))


def test_privacy_page_says_readers_get_no_cookies(client, db):
    page = html(client.get("/privacy/"))
    assert "sets no cookies" in page
    assert "sessionid" in page and "csrftoken" in page


@pytest.mark.parametrize(
    "url",
    [
        "/articles/no-such-article/",
        "/conditions/no-such-condition/",
        "/studies/no-such-study/",
        "/studies/999999/",
        "/no-such-page/",
    ],
)
def test_missing_pages_are_404_in_the_site_style(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We could not find that page" in html(response)
    assert "404.html" in [t.name for t in response.templates]


def test_500_page_is_drawn_without_a_request_or_the_database():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Something went wrong on our side" in page
    assert 'href="/static/css/site.css"' in page


def test_healthz_answers_ok_and_is_never_cached(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client, db):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /search/" in text


def test_urls_are_the_fixed_interfaces():
    assert reverse("evidence:article_list") == "/articles/"
    assert reverse("evidence:condition_list") == "/conditions/"
    assert reverse("evidence:disclaimer_list") == "/disclaimers/"
    assert reverse("evidence:search") == "/search/"
    assert reverse("evidence:article_feed") == "/feeds/articles/"
    assert reverse("evidence:sitemap") == "/sitemap.xml"
    assert reverse("evidence:healthz") == "/healthz"
