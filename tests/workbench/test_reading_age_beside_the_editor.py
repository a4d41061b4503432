"""The live preview answers the reading age of the summary and body against the target (issue 15, part 5)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PLAIN = "Stem cells are tiny parts of the body. They can grow into new cells. " * 6
DENSE = (
    "Intravenous administration of allogeneic umbilical-cord-derived mesenchymal stromal cells demonstrated "
    "statistically significant immunomodulatory improvements in glycaemic parameters notwithstanding "
    "considerable heterogeneity attributable to methodological inconsistencies across investigational protocols. "
) * 3


def preview(client, body, summary=""):
    response = client.post(reverse("workbench:article_preview_add"), {"title": "New", "summary": summary, "body": body})
    assert response.status_code == 200
    return response.json()["reading_age"]


def test_plain_text_is_within_the_target_and_dense_text_is_flagged(client, writer, settings):
    settings.EVIDENCE_READING_AGE_TARGET = 11
    client.force_login(writer)

    plain, dense = preview(client, PLAIN), preview(client, DENSE)

    assert plain["target"] == 11 and plain["age"] <= 11 and not plain["above_target"]
    assert dense["age"] > 11 and dense["above_target"]


def test_too_little_text_is_not_judged(client, writer):
    client.force_login(writer)

    assert preview(client, "Short.")["age"] is None
