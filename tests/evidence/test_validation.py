"""Row rules: what `full_clean()` refuses and how it normalises identifiers."""

import pytest
from django.core.exceptions import ValidationError

from evidence.models import Article, Condition, Population, Study, StudyDesign, identifiers
from tests.factories import ArticleFactory, ConditionFactory, StudyFactory, UserFactory

pytestmark = pytest.mark.django_db


def errors_of(instance):
    """Run full_clean and return its error dict (field -> list of ValidationError)."""
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.error_dict


def codes(errors, field):
    return [error.code for error in errors[field]]


def messages(errors, field):
    return " ".join(message for error in errors[field] for message in error.messages)


# -- Study identifiers ----------------------------------------------------------


def test_study_with_bad_doi_is_refused_with_a_clear_message():
    errors = errors_of(StudyFactory.build(doi="not-a-doi"))

    assert codes(errors, "doi") == ["invalid_doi"]
    assert "is not a DOI" in messages(errors, "doi")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://doi.org/10.1001/JAMA.2018.18743", "10.1001/JAMA.2018.18743"),
        ("http://dx.doi.org/10.1001/jama.2018.18743", "10.1001/jama.2018.18743"),
        ("doi:10.1001/JAMA.2018.18743", "10.1001/JAMA.2018.18743"),
        ("DOI: 10.1001/jama.2018.18743", "10.1001/jama.2018.18743"),
        ("  10.1001/Jama.2018.18743  ", "10.1001/Jama.2018.18743"),
    ],
)
def test_study_doi_is_stored_bare_as_the_source_prints_it(typed, stored):
    study = StudyFactory.build(doi=typed)

    study.full_clean()

    assert study.doi == stored


def test_study_with_bad_pmid_is_refused():
    errors = errors_of(StudyFactory.build(pmid="24641956x"))

    assert codes(errors, "pmid") == ["invalid_pmid"]
    assert "is not a PubMed ID" in messages(errors, "pmid")


def test_study_pmid_is_stored_as_digits():
    study = StudyFactory.build(pmid="PMID:2464195")

    study.full_clean()

    assert study.pmid == "2464195"


def test_study_accepts_a_pasted_pubmed_link():
    study = StudyFactory.build(pmid="https://pubmed.ncbi.nlm.nih.gov/24641956/")

    study.full_clean()

    assert study.pmid == "24641956"


def test_study_pmcid_gets_its_prefix():
    study = StudyFactory.build(pmcid="8584240")

    study.full_clean()

    assert study.pmcid == "PMC8584240"


def test_study_with_bad_pmcid_is_refused():
    errors = errors_of(StudyFactory.build(pmcid="PMC-abc"))

    assert codes(errors, "pmcid") == ["invalid_pmcid"]


def test_duplicate_pmid_names_the_study_that_has_it():
    existing = StudyFactory(pmid="24641956", title="Mesenchymal stem cells in type 1 diabetes")

    errors = errors_of(StudyFactory.build(pmid="24641956"))

    assert codes(errors, "pmid") == ["duplicate_pmid"]
    assert f"#{existing.pk}" in messages(errors, "pmid")
    assert "Mesenchymal stem cells in type 1 diabetes" in messages(errors, "pmid")


def test_duplicate_doi_is_caught_even_when_typed_as_a_link():
    existing = StudyFactory(doi="10.1001/jama.2018.18743", title="Effect of stem cell transplantation")

    errors = errors_of(StudyFactory.build(doi="https://doi.org/10.1001/JAMA.2018.18743"))

    assert codes(errors, "doi") == ["duplicate_doi"]
    assert f"#{existing.pk}" in messages(errors, "doi")
    assert "Effect of stem cell transplantation" in messages(errors, "doi")


def test_duplicate_pmcid_is_refused():
    StudyFactory(pmcid="PMC8584240")

    errors = errors_of(StudyFactory.build(pmcid="pmc8584240"))

    assert codes(errors, "pmcid") == ["duplicate_pmcid"]


def test_duplicate_citation_key_is_refused():
    StudyFactory(citation_key="burt-2019")

    errors = errors_of(StudyFactory.build(citation_key="burt-2019"))

    assert codes(errors, "citation_key") == ["duplicate_citation_key"]


def test_a_study_does_not_clash_with_itself_when_saved_again():
    study = StudyFactory(doi="10.1001/jama.2018.18743", pmid="30667502", pmcid="PMC6439690")

    study.full_clean()  # no error: the only holder of these identifiers is the study itself


def test_studies_without_identifiers_do_not_clash():
    StudyFactory(doi="", pmid="", pmcid="")

    StudyFactory.build(doi="", pmid="", pmcid="").full_clean()


# -- Study other fields -----------------------------------------------------------


def test_study_requires_title_population_and_citation_key():
    errors = errors_of(Study())

    assert {"title", "population", "citation_key"} <= set(errors)
    assert "design" not in errors  # "not yet set" is a draft's state; submission asks for it
    assert codes(errors, "title") == ["blank"]


@pytest.mark.parametrize("year", [1799, 2101])
def test_study_year_out_of_range_is_refused(year):
    errors = errors_of(StudyFactory.build(year=year))

    assert list(errors) == ["year"]


@pytest.mark.parametrize("year", [1800, 2019, 2100])
def test_study_year_in_range_is_accepted(year):
    StudyFactory.build(year=year).full_clean()


def test_laboratory_study_must_be_studied_in_cells():
    errors = errors_of(StudyFactory.build(design=StudyDesign.IN_VITRO, population=Population.HUMAN))

    assert codes(errors, "population") == ["design_population_mismatch"]


# -- Articles and conditions ------------------------------------------------------------


def test_article_requires_title_slug_summary_body_and_author():
    errors = errors_of(Article())

    assert {"title", "slug", "summary", "body", "author"} <= set(errors)


def test_article_with_everything_required_is_valid():
    ArticleFactory.build(author=UserFactory()).full_clean()


def test_article_duplicate_slug_is_refused():
    ArticleFactory(slug="stem-cells-and-ms")

    errors = errors_of(ArticleFactory.build(slug="stem-cells-and-ms", author=UserFactory()))

    assert list(errors) == ["slug"]


def test_condition_requires_name_and_slug():
    errors = errors_of(Condition())

    assert set(errors) == {"name", "slug"}


def test_condition_duplicate_slug_is_refused():
    ConditionFactory(slug="lupus")

    errors = errors_of(ConditionFactory.build(slug="lupus"))

    assert list(errors) == ["slug"]
    assert codes(errors, "slug") == ["unique"]


# -- evidence.models.identifiers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("", ""),
        (None, ""),
        ("   ", ""),
        ("https://doi.org/", ""),
        ("10.20517/2347-8659.2019.009", "10.20517/2347-8659.2019.009"),
        ("HTTPS://DOI.ORG/10.1038/S41598-021-01234-5", "10.1038/S41598-021-01234-5"),
        ("https://dx.doi.org/10.1001/jama.2018.18743", "10.1001/jama.2018.18743"),
        ("doi:  10.1001/JAMA.2018.18743", "10.1001/JAMA.2018.18743"),
    ],
)
def test_normalise_doi(typed, stored):
    assert identifiers.normalise_doi(typed) == stored


@pytest.mark.parametrize("typed", ["10.1/short-registrant", "11.1001/jama", "10.1001", "10.1001/has space", "jama"])
def test_normalise_doi_refuses_what_is_not_a_doi(typed):
    with pytest.raises(ValidationError) as caught:
        identifiers.normalise_doi(typed)

    assert caught.value.code == "invalid_doi"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("", ""),
        ("24641956", "24641956"),
        ("PMID:24641956", "24641956"),
        ("pmid 24641956", "24641956"),
        ("https://pubmed.ncbi.nlm.nih.gov/24641956/", "24641956"),
        ("024641956", "24641956"),
    ],
)
def test_normalise_pmid(typed, stored):
    assert identifiers.normalise_pmid(typed) == stored


@pytest.mark.parametrize("typed", ["0", "1234567890", "24641956x", "PMC8584240", "-5"])
def test_normalise_pmid_refuses_what_is_not_a_pmid(typed):
    with pytest.raises(ValidationError) as caught:
        identifiers.normalise_pmid(typed)

    assert caught.value.code == "invalid_pmid"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("", ""),
        ("8584240", "PMC8584240"),
        ("PMC8584240", "PMC8584240"),
        ("pmc8584240", "PMC8584240"),
        ("PMCID: PMC8584240", "PMC8584240"),
        (" PMC008584240 ", "PMC8584240"),
    ],
)
def test_normalise_pmcid(typed, stored):
    assert identifiers.normalise_pmcid(typed) == stored


@pytest.mark.parametrize("typed", ["PMC", "PMC-8584240", "8584240a", "PMC1234567890"])
def test_normalise_pmcid_refuses_what_is_not_a_pmcid(typed):
    with pytest.raises(ValidationError) as caught:
        identifiers.normalise_pmcid(typed)

    assert caught.value.code == "invalid_pmcid"
