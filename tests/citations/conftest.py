"""Fixtures for sources and claims: the default claim rules, sample files, and studies as the demo has them."""

from pathlib import Path

import pytest
from django.apps import apps

from evidence.citations.default_rules import seed_default_rules
from evidence.models import ClaimRule, Population, StudyDesign
from tests.factories import StudyFactory

FILES = Path(__file__).parent / "files"


@pytest.fixture
def claim_rules(db):
    """The rules a new library starts with (pytest runs without migrations, so seed them as the migration does)."""
    seed_default_rules(apps)
    return {rule.name: rule for rule in ClaimRule.objects.all()}


@pytest.fixture
def sample():
    """Return sample(name): the bytes of a file in tests/citations/files/."""
    return lambda name: (FILES / name).read_bytes()


@pytest.fixture
def burt_2019(db):
    """The JAMA 2019 multiple sclerosis trial exactly as fixtures/demo/content.yaml records it."""
    return StudyFactory(
        citation_key="burt-2019",
        title="Effect of Nonmyeloablative Hematopoietic Stem Cell Transplantation vs Continued Disease-Modifying "
        "Therapy on Disease Progression in Patients With Relapsing-Remitting Multiple Sclerosis",
        authors=[{"family": "Burt", "given": "R."}],
        authors_complete=False,
        journal="JAMA",
        year=2019,
        volume="321",
        issue="2",
        pages="165-174",
        design=StudyDesign.RANDOMISED_TRIAL,
        population=Population.HUMAN,
        sample_size=110,
    )


@pytest.fixture
def wu_2014(db):
    """The demo's narrative review of MSC therapy in type 1 diabetes (PMID from the seed page)."""
    return StudyFactory(
        citation_key="wu-2014",
        title="Mesenchymal stem cell-based therapy for type 1 diabetes",
        authors=[{"family": "Wu", "given": "Hai"}],
        authors_complete=False,
        year=2014,
        pmid="24641956",
        url="https://pubmed.ncbi.nlm.nih.gov/24641956/",
        design=StudyDesign.NARRATIVE_REVIEW,
        population=Population.HUMAN,
    )
