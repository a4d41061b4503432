"""The change form itself (issue 15, part 5): every error listed at the top with a link to its field, one date
format, full study titles in choosers, pop-up messages kept in their pop-up."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from bench.leaks.library import form_data
from evidence.models import Article
from evidence.models.studies import shortened
from tests.factories import ArticleFactory, StudyFactory

pytestmark = pytest.mark.django_db

LONG = (
    "Autologous mesenchymal stem cell transplantation in adults with recently diagnosed type 1 diabetes: "
    "a randomised, double-blind, placebo-controlled trial"
)


def test_a_study_label_is_cut_at_a_word_with_an_ellipsis_and_choosers_get_the_whole_title():
    study = StudyFactory.build(title=LONG, authors=[{"family": "Carlsson", "given": "P-O"}], year=2015)

    label = str(study)

    assert label.startswith("Carlsson 2015 · Autologous mesenchymal")
    assert label.endswith("…")
    title_part = label.removeprefix("Carlsson 2015 · ").removesuffix("…")
    assert LONG.startswith(title_part) and LONG[len(title_part)] == " "  # whole words only
    assert len(title_part) < 80
    assert study.full_label == f"Carlsson 2015 · {LONG}"
    assert shortened("Short title") == "Short title"


def test_the_study_chooser_shows_whole_titles(client, writer):
    study = StudyFactory(title=LONG)
    client.force_login(writer)

    answer = client.get(
        "/admin/autocomplete/",
        {"app_label": "evidence", "model_name": "citation", "field_name": "study", "term": "Autologous"},
    )

    assert answer.status_code == 200
    assert [r["text"] for r in answer.json()["results"]] == [study.full_label]


def test_every_error_is_listed_at_the_top_with_a_link_to_its_field(client, writer):
    client.force_login(writer)
    add = reverse("admin:evidence_article_add")
    data = form_data(client.get(add)) | {
        "title": "",
        "slug": "stem-cells-for-ms",
        "summary": "What one trial found.",
        "body": "A trial found fewer relapses.",
        "references-TOTAL_FORMS": "1",
        "references-0-position": "1",
        "references-0-title": "NHS page on MS",
        "references-0-url": "https://www.nhs.uk/conditions/multiple-sclerosis/",
        "references-0-published_on": "31/31/2024",
        "_save": "Save",
    }

    response = client.post(add, data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    summary = response.context["error_summary"]
    anchors = {error.anchor for error in summary}
    assert {"id_title", "id_references-0-published_on"} <= anchors
    page = response.text
    assert 'class="error-summary"' in page
    assert 'href="#id_references-0-published_on"' in page
    assert "Other references, row 1: published" in page or "row 1: Published" in page


def test_dates_are_typed_in_the_date_picker_as_iso(client, writer):
    client.force_login(writer)
    article = ArticleFactory(created_by=writer, author=writer)
    article.references.create(position=1, title="NHS", url="https://www.nhs.uk/", published_on="2024-03-05")

    page = client.get(reverse("admin:evidence_article_change", args=[article.pk])).text

    assert 'type="date"' in page
    assert 'value="2024-03-05"' in page


def test_a_pop_ups_saved_message_stays_out_of_the_main_window(client, writer):
    client.force_login(writer)
    add = reverse("admin:evidence_condition_add") + "?_popup=1&_to_field=id"
    data = form_data(client.get(add)) | {"name": "Lupus", "slug": "lupus", "summary": "An illness.", "_popup": "1"}

    response = client.post(add, data)

    assert response.status_code == 200  # the pop-up's closing page
    assert "popup_response" in response.text or "data-popup-response" in response.text
    assert list(get_messages(response.wsgi_request)) == []
    assert not list(get_messages(client.get(reverse("admin:index")).wsgi_request))
