"""The study endpoints: the citation picker's library search, "Fill in from a DOI, PMID or PMCID" on Add study,
and adding a study from the picker; who may use them, CSRF, and clear messages when a registry fails."""

import pytest
from django.test import Client
from django.urls import reverse

from evidence.models import Status, Study, StudyRevision
from evidence.services.revisions import working_copy_saved
from tests.factories import StudyFactory, UserFactory
from tests.lookups.records import BURT_DOI
from tests.lookups.servers import local_registries

pytestmark = pytest.mark.django_db


@pytest.fixture
def registries(settings):
    """Crossref and PubMed on this machine (tests/lookups/records.py)."""
    yield from local_registries(settings)


SEARCH, LOOKUP, ADD = "workbench:library_search", "workbench:study_lookup", "workbench:study_add"


@pytest.fixture
def library(writer):
    live = StudyFactory(
        citation_key="burt-2019",
        title="Hematopoietic stem cell transplantation in multiple sclerosis",
        authors=[{"family": "Burt", "given": "Richard K"}],
        doi="10.1001/jama.2018.18743",
        pmid="30657947",
        year=2019,
    )
    revision = working_copy_saved(item=live, by=writer)
    StudyRevision.objects.filter(pk=revision.pk).update(is_live=True)
    draft = StudyFactory(
        citation_key="wu-2014", title="Exosomes in lupus", authors=[{"family": "Wu", "given": "X"}], pmid="24641956"
    )
    return {"live": live, "draft": draft}


def search(client, term):
    response = client.get(reverse(SEARCH), {"q": term})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    return response.json()


@pytest.mark.parametrize(
    ("term", "keys"),
    [
        ("burt-2019", ["burt-2019"]),
        ("stem transplantation", ["burt-2019"]),
        ("Wu", ["wu-2014"]),
        ("jama.2018", ["burt-2019"]),
        ("https://doi.org/10.1001/JAMA.2018.18743", ["burt-2019"]),
        ("2464", ["wu-2014"]),
        ("PMID: 24641956", ["wu-2014"]),
        ("nothing like it", []),
    ],
)
def test_the_picker_finds_studies_by_key_words_authors_partial_doi_and_pmid(client, writer, library, term, keys):
    client.force_login(writer)
    assert [r["key"] for r in search(client, term)["results"]] == keys


def test_results_say_which_studies_are_not_public_yet(client, writer, library):
    client.force_login(writer)
    results = search(client, "s")["results"]
    public = {r["key"]: r["public"] for r in results}
    assert public == {"burt-2019": True, "wu-2014": False}
    assert {r["status"] for r in results} == {"Draft"}


def test_an_identifier_the_library_lacks_is_offered_for_adding(client, writer, library):
    client.force_login(writer)
    assert search(client, "10.5555/new.paper")["identifier"] == {"kind": "doi", "value": "10.5555/new.paper"}
    assert search(client, "PMID: 30657947")["identifier"] is None
    assert search(client, "burt")["identifier"] is None


def test_fill_in_answers_the_add_study_forms_fields(client, writer, registries):
    client.force_login(writer)
    response = client.post(reverse(LOOKUP), {"identifier": f"doi:{BURT_DOI}"})
    assert response.status_code == 200
    data = response.json()
    fields = data["fields"]
    assert fields["citation_key"] == "burt-2019" and fields["authors"] == "Burt, Richard K.\nBalabanov, Roumen"
    assert (fields["journal"], fields["year"], fields["pmid"], fields["design"]) == (
        "JAMA",
        "2019",
        "30657947",
        "randomised_trial",
    )
    assert fields["authors_complete"] is True
    assert "Abstract (Crossref and PubMed):\nIMPORTANCE" in fields["notes"]
    assert data["design"] == {
        "value": "randomised_trial",
        "label": "Randomised controlled trial",
        "reason": "PubMed's publication type “Randomized Controlled Trial”",
    }
    assert Study.objects.count() == 0  # nothing is saved until the writer presses Save


def test_fill_in_names_the_study_already_in_the_library_by_any_of_its_identifiers(client, writer, registries):
    existing = StudyFactory(citation_key="already", pmcid="PMC6439765")
    client.force_login(writer)
    data = client.post(reverse(LOOKUP), {"identifier": BURT_DOI}).json()
    assert data["existing"]["key"] == "already"
    assert data["existing"]["url"] == reverse("admin:evidence_study_change", args=[existing.pk])


def test_registries_failing_or_not_knowing_get_a_clear_message(client, writer, registries, settings):
    client.force_login(writer)
    response = client.post(reverse(LOOKUP), {"identifier": "10.5555/nobody"})
    assert response.status_code == 404
    assert "Crossref has no record of DOI 10.5555/nobody" in response.json()["error"]
    assert "type the details yourself" in response.json()["error"]

    settings.EVIDENCE_CROSSREF_API = settings.EVIDENCE_PUBMED_API = "http://127.0.0.1:9"
    response = client.post(reverse(LOOKUP), {"identifier": "10.5555/offline"})
    assert response.status_code == 502 and "could not be reached" in response.json()["error"]

    response = client.post(reverse(LOOKUP), {"identifier": "burt 2019"})
    assert response.status_code == 400 and "Paste a DOI" in response.json()["error"]


def test_the_picker_adds_a_study_as_the_writers_draft_with_a_revision(client, writer, registries):
    client.force_login(writer)
    response = client.post(reverse(ADD), {"identifier": "PMC6439765"})
    assert response.status_code == 200
    data = response.json()
    assert data["added"] is True and data["study"]["key"] == "burt-2019" and data["study"]["public"] is False
    study = Study.objects.get()
    assert (study.status, study.created_by, study.design, study.pmid) == (
        Status.DRAFT,
        writer,
        "randomised_trial",
        "30657947",
    )
    assert study.revisions.get().created_by == writer
    assert "Design suggested from PubMed's publication type" in study.notes

    again = client.post(reverse(ADD), {"identifier": BURT_DOI}).json()
    assert again["added"] is False and Study.objects.count() == 1


def test_the_picker_sends_a_paper_of_unknown_design_to_add_study(client, writer, registries):
    crossref, _ = registries
    crossref.works["10.5555/plain"] = {"DOI": "10.5555/plain", "type": "journal-article", "title": ["Stem cells"]}
    client.force_login(writer)
    response = client.post(reverse(ADD), {"identifier": "10.5555/plain"})
    assert response.status_code == 409 and "Add study page" in response.json()["error"]
    assert Study.objects.count() == 0


def test_marketing_reviewers_without_writing_and_anonymous_people_are_refused(client, marketer, registries):
    roleless = UserFactory(email="nobody@example.com", roles=[])
    for person in (marketer, roleless):
        client.force_login(person)
        assert client.get(reverse(SEARCH), {"q": "x"}).status_code in (302, 403)
        assert client.post(reverse(LOOKUP), {"identifier": BURT_DOI}).status_code in (302, 403)
        assert client.post(reverse(ADD), {"identifier": BURT_DOI}).status_code in (302, 403)
    client.logout()
    response = client.get(reverse(SEARCH), {"q": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Study.objects.count() == 0


def test_csrf_is_required_to_look_up_or_add(writer, registries):
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    assert client.post(reverse(LOOKUP), {"identifier": BURT_DOI}).status_code == 403
    assert client.post(reverse(ADD), {"identifier": BURT_DOI}).status_code == 403
    assert client.get(reverse(SEARCH), {"q": "x"}).status_code == 200  # a read, as the admin's autocomplete


def test_looking_up_and_adding_need_post(client, writer):
    client.force_login(writer)
    assert client.get(reverse(LOOKUP)).status_code == 405
    assert client.get(reverse(ADD)).status_code == 405
    assert client.post(reverse(SEARCH)).status_code == 405
