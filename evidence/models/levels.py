"""What kind of evidence a study is, in words a patient understands, and how strong.

Seven steps, weakest to strongest, as the evidence pyramid orders designs:
laboratory → animal → case series → observational → non-randomised trial →
randomised trial → systematic review. A narrative review is an expert's
overview, not new evidence: it ranks with the weakest human evidence, and a
review of laboratory or animal work ranks with that work. Laboratory or
animal studies alone do not substantiate a claim about people, so a summary
that rests only on them carries NOT_YET_SHOWN_IN_PEOPLE wherever it is shown.
"""

from evidence.models import Population, StudyDesign

NOT_YET_SHOWN_IN_PEOPLE = "Not yet shown in people"

LABORATORY, ANIMAL, CASE_SERIES, OBSERVATIONAL, NON_RANDOMISED_TRIAL, RANDOMISED_TRIAL, SYSTEMATIC_REVIEW = range(1, 8)

# The step's name, for the API and for "strongest/weakest" lines.
LEVEL_NAMES = {
    LABORATORY: "Laboratory",
    ANIMAL: "Animal",
    CASE_SERIES: "Case series",
    OBSERVATIONAL: "Observational",
    NON_RANDOMISED_TRIAL: "Non-randomised trial",
    RANDOMISED_TRIAL: "Randomised trial",
    SYSTEMATIC_REVIEW: "Systematic review",
}

LEVELS = {
    StudyDesign.IN_VITRO: (LABORATORY, "Laboratory study"),
    StudyDesign.ANIMAL: (ANIMAL, "Animal study"),
    StudyDesign.CASE_SERIES: (CASE_SERIES, "Case report or series"),
    StudyDesign.OBSERVATIONAL: (OBSERVATIONAL, "Observational study"),
    StudyDesign.NON_RANDOMISED_TRIAL: (NON_RANDOMISED_TRIAL, "Non-randomised trial"),
    StudyDesign.RANDOMISED_TRIAL: (RANDOMISED_TRIAL, "Randomised trial"),
    StudyDesign.SYSTEMATIC_REVIEW: (SYSTEMATIC_REVIEW, "Systematic review"),
    StudyDesign.NARRATIVE_REVIEW: (CASE_SERIES, "Narrative review"),
}

# Work done only in cells or animals can rank no higher than that, whatever its design.
_POPULATION_CEILING = {Population.IN_VITRO: LABORATORY, Population.ANIMAL: ANIMAL}
_REVIEWS = (StudyDesign.SYSTEMATIC_REVIEW, StudyDesign.NARRATIVE_REVIEW)


# An imported study whose file did not say its design: a draft until a writer sets it (it cannot be submitted).
NOT_SET = (0, "Study (design not yet set)")


def level(study) -> int:
    """The study's step on the seven-step ladder, 1 (laboratory) to 7 (systematic review); 0 while not set."""
    design_level = LEVELS.get(study.design, NOT_SET)[0]
    return min(design_level, _POPULATION_CEILING.get(study.population, design_level))


def plain_label(study) -> str:
    """E.g. "Laboratory study", "Randomised trial with 110 people", "Narrative review of animal research"."""
    base = LEVELS.get(study.design, NOT_SET)[1]
    return base + _what_it_covered(study)


def _what_it_covered(study) -> str:
    n, population = study.sample_size, study.population
    if study.design in _REVIEWS:
        covered = {Population.ANIMAL: " of animal research", Population.IN_VITRO: " of laboratory research"}
        return covered.get(population, f" of {n} studies" if n else "")
    if population == Population.ANIMAL:
        counted = f" in {n} animals" if n else " in animals"
        return counted if n or study.design != StudyDesign.ANIMAL else ""
    if population == Population.HUMAN and n:
        return f" with {n} people"
    return ""


def lab_or_animal_only(studies) -> bool:
    """True when every cited study is laboratory or animal work (and there is at least one)."""
    return bool(studies) and all(level(s) <= ANIMAL for s in studies)
