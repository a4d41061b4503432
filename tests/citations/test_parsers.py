"""Each format reads into the same record, with the entry and line named for anything it cannot read."""

import pytest

from evidence.citations import parsers
from evidence.citations.parsers import Format, UnreadableFile


def parse(sample, name, format=""):
    return parsers.parse(parsers.decode(sample(name)), format, name)


def test_ris_entries_become_records_with_identifiers_and_line_numbers(sample):
    parsed = parse(sample, "library.ris")

    wu, sarsenova, trial = parsed.references
    assert parsed.format == Format.RIS and parsed.problems == []
    assert (wu.entry, wu.line, wu.pmid, wu.year_number) == (1, 1, "24641956", 2014)
    assert (sarsenova.pmcid, sarsenova.authors_complete) == ("PMC8584240", False)  # "et al." ends the list
    assert trial.authors == [
        {"family": "Sarsenova", "given": "M"},
        {"family": "Martínez-Arroyo", "given": "O"},
        {"family": "Østergaard", "given": "Søren"},
    ]
    assert (trial.journal, trial.pages, trial.doi, trial.design) == (
        "J Test Med", "101-109", "https://doi.org/10.5555/test.1", "randomised_trial",
    )  # fmt: skip


def test_ris_entry_cut_off_without_er_is_reported_not_dropped(sample):
    parsed = parse(sample, "cut-off.ris")

    assert len(parsed.references) == 2
    assert parsed.references[0].problems == []
    assert parsed.references[1].problems == ["it has no closing “ER  - ” line, so the file looks cut off"]
    assert parsed.references[1].line == 9


def test_bibtex_decodes_latex_accents_and_and_others(sample):
    parsed = parse(sample, "library.bib")

    sarsenova, synthetic = parsed.references
    assert (sarsenova.authors, sarsenova.authors_complete) == ([{"family": "Sarsenova", "given": ""}], False)
    assert sarsenova.title == "Mesenchymal Stem Cell-Based Therapy for Rheumatoid Arthritis"  # braces dropped
    assert [a["family"] for a in synthetic.authors] == ["Martínez-Arroyo", "Müller", "Sarsenova"]
    assert (synthetic.pages, synthetic.doi, synthetic.line) == ("1-12", "10.5555/test.4", 10)


def test_bibtex_entry_with_a_missing_brace_is_named(sample):
    parsed = parse(sample, "broken.bib")

    fine, broken, after = parsed.references
    assert fine.problems == [] and after.problems == []
    assert broken.line == 9
    assert broken.problems == ["entry “broken2022” cannot be read as BibTeX (check its braces, quotes and commas)"]


def test_medline_reads_full_author_names_doi_pmc_and_publication_type(sample):
    parsed = parse(sample, "pubmed.nbib")

    wu, trial = parsed.references
    assert parsed.format == Format.MEDLINE
    assert (wu.pmid, wu.title, wu.design, wu.studied_in) == (
        "24641956", "Mesenchymal stem cell-based therapy for type 1 diabetes", "narrative_review", "human",
    )  # fmt: skip
    assert trial.authors == [{"family": "Sarsenova", "given": "Madina"}, {"family": "Martínez-Arroyo", "given": "Olga"}]
    assert trial.title.endswith("in people with a made-up condition over two years")  # continuation line joined
    assert (trial.doi, trial.pmid, trial.pmcid, trial.year_number, trial.design) == (
        "10.5555/test.7", "99999901", "PMC99999901", 2023, "randomised_trial",
    )  # fmt: skip


def test_csl_json_reads_names_literals_and_dates(sample):
    parsed = parse(sample, "references.json")

    wang, review = parsed.references
    assert (wang.pmcid, wang.year_number, wang.authors_complete) == ("PMC5095977", 2016, False)
    assert review.authors == [{"family": "Ñúñez", "given": "José"}, {"family": "Test Consortium", "given": ""}]
    assert (review.journal, review.design) == ("J Test Med", "systematic_review")


def test_cut_off_json_is_a_file_problem_with_its_position(sample):
    parsed = parse(sample, "cut-off.json")

    assert parsed.references == []
    assert parsed.problems[0].startswith("This is not valid JSON:") and "line" in parsed.problems[0]


def test_binary_file_is_refused_before_parsing(sample):
    with pytest.raises(UnreadableFile, match="not text"):
        parsers.decode(sample("not-references.pdf"))


def test_file_in_another_encoding_is_refused_with_what_to_do(sample):
    with pytest.raises(UnreadableFile, match=r"not UTF-8 text .* choosing UTF-8"):
        parsers.decode(sample("latin1.ris"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("TY  - JOUR\nER  - \n", Format.RIS), ("@article{k, title={T}}", Format.BIBTEX),
     ("PMID- 1\nTI  - T\n", Format.MEDLINE), ('[{"title": "T"}]', Format.CSL_JSON)],
)  # fmt: skip
def test_format_is_detected_from_the_content(text, expected):
    assert parsers.detect(text, "misnamed.txt") == expected


def test_text_in_no_known_format_is_refused():
    with pytest.raises(UnreadableFile, match="does not look like RIS, BibTeX"):
        parsers.parse("Just some notes about papers I liked.")


def test_empty_file_is_refused():
    with pytest.raises(UnreadableFile, match="empty"):
        parsers.parse("   \n")
