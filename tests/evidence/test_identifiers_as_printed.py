"""Identifiers are kept as the source prints them and compared in any case (issue 15, part 5)."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from accounts.services import issue_api_key
from evidence.citations.markers import StudyIndex, parse
from evidence.models import Status, Study
from tests.factories import StudyFactory

PRINTED = "10.1001/JAMA.2018.18743"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_doi_keeps_its_case_on_the_public_page_and_in_the_api(walk):
    study = walk(StudyFactory(doi=PRINTED, pmid=""), Status.PUBLISHED)
    assert Study.objects.get(pk=study.pk).doi == PRINTED

    page = Client().get(study.get_absolute_url())
    assert page.status_code == 200
    assert PRINTED in page.text
    assert PRINTED.lower() not in page.text

    key = issue_api_key(name="Newsletter tool")[1]
    answer = Client(headers={"Authorization": f"Bearer {key}"}).get(f"/api/v1/studies/{study.pk}/")
    assert answer.json()["doi"] == PRINTED


def test_the_same_doi_in_another_case_is_refused_as_a_duplicate(db):
    first = StudyFactory(doi=PRINTED, pmid="")
    second = StudyFactory.build(doi=PRINTED.lower(), pmid="")

    with pytest.raises(ValidationError) as refused:
        second.full_clean()

    assert refused.value.error_dict["doi"][0].code == "duplicate_doi"
    assert f"#{first.pk}" in refused.value.messages[0]


def test_the_database_refuses_it_too(db):
    StudyFactory(doi=PRINTED, pmid="")
    with pytest.raises(IntegrityError), transaction.atomic():
        StudyFactory(doi=PRINTED.lower(), pmid="")


def test_look_ups_and_markers_find_a_doi_in_any_case(db):
    study = StudyFactory(doi=PRINTED, pmid="")

    assert Study.objects.filter(Study.identified_by(f"doi:{PRINTED.lower()}")).get() == study
    assert StudyIndex([study]).find(parse(f"doi:{PRINTED.lower()}")) == study
