"""A study's fields from a DOI, PMID or PMCID: what Crossref and PubMed each give, the suggested design and its
reason, one registry failing, and identifiers that are none."""

import pytest

from evidence.lookups import crossref, pubmed
from evidence.lookups.designs import suggest_design
from evidence.lookups.study_from_identifier import NotAnIdentifier, full_page_range, identify, look_up
from tests.lookups.records import BURT_DOI


def test_a_doi_is_filled_in_from_crossref_and_pubmed(registries):
    found = look_up(f"https://doi.org/{BURT_DOI.upper()}")

    assert found.sources == ["Crossref", "PubMed"] and found.warnings == []
    fields = found.fields
    assert fields["title"].startswith("Effect of Nonmyeloablative") and fields["title"].endswith("Multiple Sclerosis")
    assert fields["authors"] == [{"family": "Burt", "given": "Richard K."}, {"family": "Balabanov", "given": "Roumen"}]
    assert (fields["journal"], fields["year"], fields["volume"], fields["issue"]) == ("JAMA", 2019, "321", "2")
    assert fields["pages"] == "165"  # Crossref, the DOI's registrar, states the bibliographic details
    assert (fields["doi"], fields["pmid"], fields["pmcid"]) == (BURT_DOI, "30657947", "PMC6439765")
    assert (fields["design"], fields["population"]) == ("randomised_trial", "human")
    assert found.design_reason == "PubMed's publication type “Randomized Controlled Trial”"
    assert found.abstract.startswith("IMPORTANCE: Hematopoietic stem cell transplantation")


def test_a_pmid_and_a_pmcid_are_filled_in_from_pubmed(registries):
    by_pmid = look_up("PMID: 30657947")
    by_pmcid = look_up("PMC6439765")
    assert by_pmid.fields == by_pmcid.fields and by_pmid.sources == ["PubMed"]
    assert by_pmid.fields["pages"] == "165-174"  # MEDLINE's "165-74" in full

    mouse = look_up("pmc8000001")
    assert (mouse.fields["design"], mouse.fields["population"]) == ("animal", "animal")
    assert mouse.design_reason == "PubMed's subject headings (animals, no humans)"
    assert mouse.fields["authors"] == [{"family": "Sarsenova", "given": "Madina"}]


def test_a_doi_only_crossref_knows_is_filled_in_from_crossref_with_its_markup_removed(registries):
    found = look_up("10.5555/book.chapter")
    assert found.sources == ["Crossref"]
    assert found.fields["title"] == "Cell therapies: an overview"
    assert found.fields["authors"] == [{"family": "The MSC Consortium", "given": ""}]
    assert (found.fields["year"], found.fields["isbn"]) == (2020, "9780198529729")
    assert found.fields["design"] == "narrative_review" and "book chapter" in found.design_reason
    assert found.abstract == "What cells can & cannot do."


def test_crossref_offline_still_fills_in_from_pubmed_and_says_so(registries):
    crossref_server, _ = registries
    crossref_server.status = 503
    found = look_up(BURT_DOI)
    assert found.sources == ["PubMed"] and found.fields["pages"] == "165-174"
    assert "Crossref answered 503" in found.warnings[0] and "Filled in from PubMed alone" in found.warnings[0]


def test_pubmed_offline_still_fills_in_from_crossref_and_says_what_may_be_missing(registries):
    _, pubmed_server = registries
    pubmed_server.delay = 1.5
    found = look_up(BURT_DOI)
    assert found.sources == ["Crossref"] and found.fields["journal"] == "JAMA"
    assert "could not be reached" in found.warnings[0] and "publication type and abstract" in found.warnings[0]


def test_both_registries_failing_raise_crossrefs_message(registries):
    crossref_server, pubmed_server = registries
    crossref_server.status = pubmed_server.status = 500
    with pytest.raises(crossref.CrossrefUnavailable, match="Crossref answered 500"):
        look_up(BURT_DOI)


def test_unknown_identifiers_are_not_found(registries):
    with pytest.raises(crossref.CrossrefNotFound, match=r"no record of DOI 10\.5555/nobody"):
        look_up("10.5555/nobody")
    with pytest.raises(pubmed.PubMedNotFound, match="PubMed lists no paper under PMCID PMC42"):
        look_up("PMC42")


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("doi:10.1001/JAMA.2018.18743", ("doi", "10.1001/JAMA.2018.18743")),  # kept as printed
        (f"doi:{BURT_DOI}", ("doi", BURT_DOI)),
        ("https://pubmed.ncbi.nlm.nih.gov/30657947/", ("pmid", "30657947")),
        ("24641956", ("pmid", "24641956")),
        ("PMCID: PMC8584240", ("pmcid", "PMC8584240")),
    ],
)
def test_identifiers_are_read_in_the_forms_writers_paste(term, expected):
    assert identify(term) == expected


@pytest.mark.parametrize("term", ["", "burt 2019", "10.12/x", "PMCabc"])
def test_what_is_no_identifier_gets_a_message_saying_what_one_looks_like(term):
    with pytest.raises(NotAnIdentifier, match=r"DOI|PMCID"):
        identify(term)


@pytest.mark.parametrize(
    ("stated", "design"),
    [
        ({"publication_types": ["Journal Article", "Review", "Systematic Review"]}, "systematic_review"),
        ({"publication_types": ["Meta-Analysis"]}, "systematic_review"),
        ({"publication_types": ["Clinical Trial, Phase II", "Randomized Controlled Trial"]}, "randomised_trial"),
        ({"publication_types": ["Clinical Trial, Phase I"]}, "non_randomised_trial"),
        ({"publication_types": ["Case Reports"]}, "case_series"),
        ({"publication_types": ["Observational Study"]}, "observational"),
        ({"publication_types": ["Review"]}, "narrative_review"),
        ({"publication_types": ["Journal Article"], "mesh": ["Animals", "Mice"]}, "animal"),
        ({"publication_types": ["Journal Article"], "mesh": ["Animals", "Humans"]}, ""),
        ({"title": "MSCs in lupus: a randomized, double-blind, placebo-controlled trial"}, "randomised_trial"),
        ({"title": "A randomized clinical trial of MSCs"}, "randomised_trial"),
        ({"title": "Exosomes heal spinal cord injury in rats"}, "animal"),
        ({"title": "A phase 1 trial of MSCs in type 1 diabetes"}, "non_randomised_trial"),
        ({"crossref_type": "journal-article", "title": "Stem cells and arthritis"}, ""),
    ],
)
def test_the_design_is_suggested_from_the_publication_type_then_the_title(stated, design):
    suggested, reason = suggest_design(**stated)
    assert suggested == design
    assert bool(reason) == bool(design)


@pytest.mark.parametrize(("given", "full"), [("165-74", "165-174"), ("1201-9", "1201-1209"), ("e12", "e12"), ("", "")])
def test_medline_page_ranges_are_written_in_full(given, full):
    assert full_page_range(given) == full
