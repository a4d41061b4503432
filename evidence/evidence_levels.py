"""What kind of evidence a study is, in words a patient understands, and how strong."""

from evidence.models import StudyDesign

# Ordinal from weakest to strongest, as the evidence pyramid orders designs.
LEVELS = {
    StudyDesign.IN_VITRO: (1, "Laboratory study"),
    StudyDesign.ANIMAL: (2, "Animal study"),
    StudyDesign.CASE_SERIES: (3, "Case report or series"),
    StudyDesign.OBSERVATIONAL: (4, "Observational study"),
    StudyDesign.NON_RANDOMISED_TRIAL: (5, "Non-randomised trial"),
    StudyDesign.RANDOMISED_TRIAL: (6, "Randomised trial"),
    StudyDesign.SYSTEMATIC_REVIEW: (7, "Systematic review"),
    StudyDesign.NARRATIVE_REVIEW: (3, "Narrative review"),
}


def level(study) -> int:
    return LEVELS[study.design][0]


def plain_label(study) -> str:
    """E.g. "Laboratory study", "Randomised trial with 110 people", "Review of 9 trials"."""
    base = LEVELS[study.design][1]
    n = study.sample_size
    if not n:
        return base
    if study.design in (StudyDesign.SYSTEMATIC_REVIEW, StudyDesign.NARRATIVE_REVIEW):
        return f"{base} of {n} studies"
    if study.population == "human":
        return f"{base} with {n} people"
    if study.population == "animal":
        return f"{base} in {n} animals"
    return base


def lab_or_animal_only(studies) -> bool:
    """True when every cited study is laboratory or animal work (and there is at least one)."""
    return bool(studies) and all(level(s) <= 2 for s in studies)
