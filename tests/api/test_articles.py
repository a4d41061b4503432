"""/api/v1/articles/: everything that must travel with a published article, list and detail."""

import pytest

from evidence.models import AppliesTo, Population, Status, StudyDesign
from tests.factories import ArticleFactory, ArticleReferenceFactory, CitationFactory, DisclaimerFactory, StudyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ms_article(live_article, live_condition, publish, writer, settings):
    settings.EVIDENCE_SITE_URL = "https://evidence.example.org"
    writer.credentials = "MPH"
    writer.save()
    ms = live_condition(name="Multiple sclerosis", slug="multiple-sclerosis")
    study = publish(
        StudyFactory(
            citation_key="burt-2019",
            title="Effect of stem cell transplantation on disease progression",
            authors=[{"family": "Burt", "given": "Richard K"}],
            journal="JAMA",
            year=2019,
            volume="321",
            issue="2",
            pages="165-174",
            doi="10.1001/jama.2018.18743",
            pmid="30644983",
            design=StudyDesign.RANDOMISED_TRIAL,
            population=Population.HUMAN,
            sample_size=110,
        )
    )
    article = ArticleFactory(
        author=writer,
        slug="stem-cells-for-ms",
        title="Stem cells for MS",
        body="## What was found\n\nFewer relapses [@burt-2019] in the trial [^1].\n\n- one\n- two",
    )
    article.conditions.add(ms)
    CitationFactory(article=article, study=study, position=1)
    ArticleReferenceFactory(article=article, title="MS facts", publisher="MS Society", position=1)
    return publish(article), ms, study


def test_article_names_its_conditions_people_dates_and_public_address(api, ms_article):
    article, ms, _ = ms_article

    data = api.get("/api/v1/articles/stem-cells-for-ms/").json()

    assert (data["id"], data["revision"], data["title"]) == (article.pk, 1, "Stem cells for MS")
    assert data["url"] == "https://evidence.example.org/articles/stem-cells-for-ms/"
    assert data["api_url"] == f"http://testserver/api/v1/articles/{article.pk}/"
    assert data["conditions"] == [
        {
            "id": ms.pk,
            "name": "Multiple sclerosis",
            "slug": "multiple-sclerosis",
            "url": "https://evidence.example.org/conditions/multiple-sclerosis/",
        }
    ]
    assert data["author"] == {"name": "Dana Writer", "credentials": "MPH", "byline": "Dana Writer, MPH", "bio": ""}
    assert data["medical_reviewer"]["byline"] == "Priya Reviewer"
    assert data["last_reviewed_at"] is not None
    assert data["next_review_due"] == article.next_review_due.isoformat()
    assert data["published_at"] == data["updated_at"]


def test_article_body_comes_as_sanitised_html_and_as_plain_text(api, ms_article, edit, walk):
    article, _, _ = ms_article
    edit(article, body="Fewer relapses [@burt-2019].<script>alert(1)</script>\n\n- one\n- two")
    walk(article, Status.PUBLISHED)

    data = api.get(f"/api/v1/articles/{article.pk}/").json()

    assert (
        '<sup class="cite"><a href="#ref-1" id="cite-ref-1-a" rel="noopener noreferrer">[1]</a></sup>'
        in (data["body_html"])
    )
    assert "<script" not in data["body_html"] and "alert" not in data["body_html"]
    assert data["body_text"] == "Fewer relapses [1].\n\n- one\n- two"


def test_cited_studies_carry_identifiers_citation_and_evidence_label(api, ms_article):
    _, _, study = ms_article

    [cited] = api.get("/api/v1/articles/stem-cells-for-ms/").json()["studies"]

    assert cited["number"] == 1
    assert (cited["id"], cited["citation_key"]) == (study.pk, "burt-2019")
    assert (cited["doi"], cited["pmid"], cited["pmcid"]) == ("10.1001/jama.2018.18743", "30644983", "")
    assert cited["citation"]["ama"].startswith("Burt RK. Effect of stem cell transplantation")
    assert "JAMA. 2019;321(2):165-174" in cited["citation"]["ama"]
    assert "2019;321(2):165-74" in cited["citation"]["vancouver"]
    assert cited["evidence"]["label"] == "Randomised trial with 110 people"
    assert (cited["evidence"]["level"], cited["evidence"]["level_name"]) == (6, "Randomised trial")
    assert {"label": "DOI", "url": "https://doi.org/10.1001/jama.2018.18743"} in cited["links"]
    assert cited["url"] == "https://evidence.example.org/studies/burt-2019/"


def test_article_sums_up_its_evidence_and_other_sources(api, ms_article):
    data = api.get("/api/v1/articles/stem-cells-for-ms/").json()

    assert data["evidence"] == {
        "strongest": {"level": 6, "level_name": "Randomised trial", "label": "Randomised trial with 110 people"},
        "weakest": {"level": 6, "level_name": "Randomised trial", "label": "Randomised trial with 110 people"},
        "lab_or_animal_only": False,
        "warning": None,
    }
    [source] = data["other_references"]
    assert (source["number"], source["title"], source["publisher"]) == (1, "MS facts", "MS Society")


def test_article_resting_on_animal_studies_carries_the_not_yet_in_people_warning(api, live_article, publish, writer):
    article = ArticleFactory(author=writer, slug="mice-only")
    CitationFactory(
        article=article, study=publish(StudyFactory(design=StudyDesign.ANIMAL, population=Population.ANIMAL))
    )
    publish(article)

    evidence = api.get("/api/v1/articles/mice-only/").json()["evidence"]

    assert evidence["lab_or_animal_only"] is True
    assert evidence["warning"] == "Not yet shown in people"


def test_required_disclaimers_are_the_live_active_ones_that_apply(api, ms_article, publish):
    article, ms, _ = ms_article
    publish(DisclaimerFactory(title="Not medical advice", text="Talk to your doctor."))
    about_ms = DisclaimerFactory(title="About MS", applies_to=AppliesTo.CONDITIONS)
    about_ms.conditions.add(ms)
    publish(about_ms)
    publish(DisclaimerFactory(title="Switched off", is_active=False))
    elsewhere = DisclaimerFactory(title="Another article", applies_to=AppliesTo.ARTICLES)
    elsewhere.articles.add(ArticleFactory())
    publish(elsewhere)
    draft = DisclaimerFactory(title="Draft wording")

    data = api.get(f"/api/v1/articles/{article.pk}/").json()

    assert [d["title"] for d in data["required_disclaimers"]] == ["About MS", "Not medical advice"]
    assert data["required_disclaimers"][1]["text"] == "Talk to your doctor."
    assert draft.pk not in {d["id"] for d in data["required_disclaimers"]}


def test_list_shows_published_articles_newest_update_first(api, live_article):
    older, newer = live_article(slug="older"), live_article(slug="newer")

    data = api.get("/api/v1/articles/").json()

    assert [a["slug"] for a in data["results"]] == ["newer", "older"]
    assert data["next"] is None and data["previous"] is None
    assert [a["id"] for a in data["results"]] == [newer.pk, older.pk]


def test_detail_by_id_survives_a_slug_change(api, live_article, edit, walk):
    article = live_article(slug="first-slug")
    edit(article, slug="second-slug")
    walk(article, Status.PUBLISHED)

    assert api.get(f"/api/v1/articles/{article.pk}/").json()["slug"] == "second-slug"


def test_detail_by_an_old_slug_redirects_to_the_current_one(api, live_article, edit, walk):
    article = live_article(slug="first-slug")
    edit(article, slug="second-slug")
    walk(article, Status.PUBLISHED)

    response = api.get("/api/v1/articles/first-slug/")

    assert response.status_code == 301
    assert response["Location"] == "http://testserver/api/v1/articles/second-slug/"
    with_fields = api.get("/api/v1/articles/first-slug/?fields=id,title")
    assert with_fields["Location"] == "http://testserver/api/v1/articles/second-slug/?fields=id,title"


def test_unknown_article_is_a_json_404(api, db):
    response = api.get("/api/v1/articles/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "No published article has the id or slug “no-such-thing”.",
        "errors": [],
    }


def test_fields_picks_the_fields_to_return(api, ms_article):
    data = api.get("/api/v1/articles/?fields=id,title,required_disclaimers").json()

    assert set(data["results"][0]) == {"id", "title", "required_disclaimers"}


def test_unknown_field_is_refused_naming_it(api, db):
    response = api.get("/api/v1/articles/?fields=title,secret_notes")

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["parameter"] == "fields"
    assert "secret_notes" in error["message"]
