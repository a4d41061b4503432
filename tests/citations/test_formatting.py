"""One formatter for AMA and Vancouver references, pinned against the styles' rules for demo studies."""

import pytest
from django.utils.html import conditional_escape

from evidence.citations import format as citation_format
from evidence.citations.format import citing_medicine_pages
from evidence.models import Study
from tests.factories import StudyFactory

BURT_TITLE = (
    "Effect of Nonmyeloablative Hematopoietic Stem Cell Transplantation vs Continued Disease-Modifying Therapy on "
    "Disease Progression in Patients With Relapsing-Remitting Multiple Sclerosis"
)


def demo_study(**fields):
    """An unsaved study: formatting needs no database."""
    return Study(citation_key="demo", design="randomised_trial", population="human", **fields)


def test_burt_2019_jama_trial_in_ama_style(burt_2019):
    # AMA 11th ed.: initials without periods, "et al" for a partial list, abbreviated journal,
    # year;volume(issue):full page range with a hyphen.
    assert citation_format.ama(burt_2019) == f"Burt R, et al. {BURT_TITLE}. JAMA. 2019;321(2):165-174."


def test_burt_2019_jama_trial_in_vancouver_style(burt_2019):
    # Citing Medicine: the same, but the repeated leading digits of the last page are left out.
    assert citation_format.vancouver(burt_2019) == f"Burt R, et al. {BURT_TITLE}. JAMA. 2019;321(2):165-74."


def test_fracaro_2020_with_its_doi_from_the_seed():
    study = demo_study(
        title="Mesenchymal stromal cells as a choice for spinal cord injury treatment",
        authors=[{"family": "Fracaro", "given": "L"}, {"family": "Zoehler", "given": "B"},
                 {"family": "Rebelatto", "given": "CLK"}],
        journal="Neuroimmunol Neuroinflammation", year=2020, volume="7", pages="1-12",
        doi="10.20517/2347-8659.2019.009", url="http://dx.doi.org/10.20517/2347-8659.2019.009",
    )  # fmt: skip

    assert citation_format.ama(study) == (
        "Fracaro L, Zoehler B, Rebelatto CLK. Mesenchymal stromal cells as a choice for spinal cord injury "
        "treatment. Neuroimmunol Neuroinflammation. 2020;7:1-12. doi:10.20517/2347-8659.2019.009"
    )
    # "1-12" keeps both digits: there is nothing repeated to leave out.
    assert citation_format.vancouver(study) == (
        "Fracaro L, Zoehler B, Rebelatto CLK. Mesenchymal stromal cells as a choice for spinal cord injury "
        "treatment. Neuroimmunol Neuroinflammation. 2020;7:1-12. doi:10.20517/2347-8659.2019.009"
    )


def test_more_than_six_authors_ama_lists_three_and_vancouver_six():
    authors = [{"family": f"Author{letter}", "given": "A"} for letter in "BCDEFGH"]
    study = demo_study(title="Seven authors", authors=authors, journal="J Test Med", year=2023)

    assert citation_format.ama(study).startswith("AuthorB A, AuthorC A, AuthorD A, et al. Seven authors.")
    assert citation_format.vancouver(study).startswith(
        "AuthorB A, AuthorC A, AuthorD A, AuthorE A, AuthorF A, AuthorG A, et al. Seven authors."
    )


def test_non_ascii_names_and_full_given_names_become_initials():
    study = demo_study(
        title="A synthetic trial",
        authors=[{"family": "Martínez-Arroyo", "given": "Olga"}, {"family": "Sarsenova", "given": "M"}],
        journal="J Test Med", year=2023, volume="4", issue="2", pages="101-109", doi="10.5555/test.1",
    )  # fmt: skip

    assert citation_format.ama(study) == (
        "Martínez-Arroyo O, Sarsenova M. A synthetic trial. J Test Med. 2023;4(2):101-109. doi:10.5555/test.1"
    )


def test_html_in_a_title_stays_text():
    study = demo_study(title="<script>alert(1)</script> & more", journal="J Test Med", year=2023)

    text = citation_format.ama(study)

    assert "<script>alert(1)</script> & more" in text
    assert "&lt;script&gt;" in conditional_escape(text)  # plain text, never marked safe: templates escape it


@pytest.mark.parametrize(
    ("pages", "expected"),
    [("165-174", "165-74"), ("1135-1140", "1135-40"), ("315-317", "315-7"), ("1-12", "1-12"),
     ("96-102", "96-102"), ("e1451", "e1451"), ("100-100", "100"), ("S1-S12", "S1-S12")],
)  # fmt: skip
def test_citing_medicine_page_ranges(pages, expected):
    assert citing_medicine_pages(pages) == expected


def test_links_prefer_identifiers_over_a_publisher_page():
    study = StudyFactory.build(pmid="24641956", url="https://pubmed.ncbi.nlm.nih.gov/24641956/")
    assert citation_format.links(study) == [("PubMed", "https://pubmed.ncbi.nlm.nih.gov/24641956/")]
