"""The PubMed client against a local E-utilities server: records, PMCID and DOI look-ups, the cache, and a clear
message for each way NCBI can fail."""

import pytest
from django.core.exceptions import ValidationError

from evidence.lookups import http, pubmed


def test_a_pmid_answers_its_medline_record_politely_and_once(registries):
    _, server = registries
    assert "PT  - Randomized Controlled Trial" in pubmed.medline("PMID: 30657947")
    pubmed.medline("30657947")

    assert len(server.requests) == 1
    path, agent = server.requests[0]
    assert path.startswith("/entrez/eutils/efetch.fcgi?db=pubmed&id=30657947&rettype=medline")
    assert "tool=EvidenceDesk" in path and "email=editors%40example.org" in path
    assert "mailto:editors@example.org" in agent


def test_a_pmcid_and_a_doi_lead_to_their_pmid(registries):
    assert pubmed.pmid_for_pmcid("pmc6439765") == "30657947"
    assert pubmed.pmid_for_doi("https://doi.org/10.1001/JAMA.2018.18743") == "30657947"
    assert pubmed.pmid_for_doi("10.5555/not.in.pubmed") == ""


def test_an_unknown_pmid_is_not_found_and_no_pmid_is_the_callers_mistake(registries):
    with pytest.raises(pubmed.PubMedNotFound, match="PubMed has no record of PMID 12345"):
        pubmed.medline("12345")
    with pytest.raises(ValidationError):
        pubmed.medline("abc")


@pytest.mark.parametrize(
    ("trouble", "error", "message"),
    [
        ({"status": 503}, pubmed.PubMedUnavailable, "PubMed answered 503"),
        ({"status": 429}, pubmed.PubMedUnavailable, "try again later"),
        ({"status": 400}, pubmed.PubMedBadAnswer, "refused the request"),
        ({"delay": 1.5}, pubmed.PubMedUnavailable, "could not be reached"),
        ({"body": b"<html>maintenance</html>"}, pubmed.PubMedBadAnswer, "not a MEDLINE record"),
    ],
)
def test_a_failing_pubmed_gives_a_clear_error(registries, trouble, error, message):
    _, server = registries
    for name, value in trouble.items():
        setattr(server, name, value)
    with pytest.raises(error, match=message):
        pubmed.medline("30657947")


def test_a_search_answer_that_is_not_json_is_a_bad_answer(registries):
    _, server = registries
    server.body = b"not json"
    with pytest.raises(pubmed.PubMedBadAnswer, match="not the JSON it should be"):
        pubmed.pmid_for_pmcid("PMC1")


def test_no_server_at_all_is_unavailable_and_both_clients_share_the_kinds(registries, settings):
    settings.EVIDENCE_PUBMED_API = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(http.Unavailable, match="PubMed could not be reached for PMID 1"):
        pubmed.medline("1")
