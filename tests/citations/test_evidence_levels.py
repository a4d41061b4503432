"""Seven evidence steps from study design, plain labels, and the fixed "Not yet shown in people" label."""

import pytest

from evidence import selectors
from evidence.models import Population, Status, StudyDesign
from evidence.models import levels as evidence_levels
from evidence.models.levels import NOT_YET_SHOWN_IN_PEOPLE
from evidence.presenters.pages import article_page
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

D, P = StudyDesign, Population


@pytest.mark.parametrize(
    ("design", "population", "level", "name"),
    [
        (D.IN_VITRO, P.IN_VITRO, 1, "Laboratory"),
        (D.ANIMAL, P.ANIMAL, 2, "Animal"),
        (D.CASE_SERIES, P.HUMAN, 3, "Case series"),
        (D.OBSERVATIONAL, P.HUMAN, 4, "Observational"),
        (D.NON_RANDOMISED_TRIAL, P.HUMAN, 5, "Non-randomised trial"),
        (D.RANDOMISED_TRIAL, P.HUMAN, 6, "Randomised trial"),
        (D.SYSTEMATIC_REVIEW, P.HUMAN, 7, "Systematic review"),
        # An expert's overview ranks with the weakest human evidence, or with the lab or animal work it reviews.
        (D.NARRATIVE_REVIEW, P.HUMAN, 3, "Case series"),
        (D.NARRATIVE_REVIEW, P.ANIMAL, 2, "Animal"),
        (D.SYSTEMATIC_REVIEW, P.IN_VITRO, 1, "Laboratory"),
        (D.RANDOMISED_TRIAL, P.ANIMAL, 2, "Animal"),
    ],
)
def test_design_and_population_give_one_of_seven_steps(design, population, level, name):
    study = StudyFactory.build(design=design, population=population)
    assert (evidence_levels.level(study), evidence_levels.LEVEL_NAMES[evidence_levels.level(study)]) == (level, name)


@pytest.mark.parametrize(
    ("design", "population", "size", "label"),
    [
        (D.RANDOMISED_TRIAL, P.HUMAN, 110, "Randomised trial with 110 people"),
        (D.ANIMAL, P.ANIMAL, 40, "Animal study in 40 animals"),
        (D.ANIMAL, P.ANIMAL, None, "Animal study"),
        (D.IN_VITRO, P.IN_VITRO, None, "Laboratory study"),
        (D.SYSTEMATIC_REVIEW, P.HUMAN, 9, "Systematic review of 9 studies"),
        (D.NARRATIVE_REVIEW, P.ANIMAL, None, "Narrative review of animal research"),
        (D.RANDOMISED_TRIAL, P.ANIMAL, None, "Randomised trial in animals"),
    ],
)
def test_plain_language_labels(design, population, size, label):
    study = StudyFactory.build(design=design, population=population, sample_size=size)
    assert evidence_levels.plain_label(study) == label


def test_lab_or_animal_only_needs_at_least_one_study_and_no_human_evidence():
    lab = StudyFactory.build(design=D.IN_VITRO, population=P.IN_VITRO)
    review_of_animals = StudyFactory.build(design=D.NARRATIVE_REVIEW, population=P.ANIMAL)
    trial = StudyFactory.build(design=D.RANDOMISED_TRIAL, population=P.HUMAN)

    assert evidence_levels.lab_or_animal_only([lab, review_of_animals])
    assert not evidence_levels.lab_or_animal_only([lab, trial])
    assert not evidence_levels.lab_or_animal_only([])


@pytest.mark.django_db
def test_article_resting_on_lab_and_animal_work_carries_the_fixed_label(client, walk, writer):
    lab = walk(StudyFactory(design=D.IN_VITRO, population=P.IN_VITRO), Status.PUBLISHED)
    mice = walk(StudyFactory(design=D.ANIMAL, population=P.ANIMAL), Status.PUBLISHED)
    article = ArticleFactory(author=writer, slug="early-days")
    CitationFactory(article=article, study=lab, position=1)
    CitationFactory(article=article, study=mice, position=2)
    walk(article, Status.PUBLISHED)

    page = article_page(selectors.live_article("early-days"))

    assert page.lab_or_animal_only
    assert (page.strongest.evidence, page.weakest.evidence) == ("Animal study", "Laboratory study")
    assert NOT_YET_SHOWN_IN_PEOPLE in client.get("/articles/early-days/").content.decode()


@pytest.mark.django_db
def test_article_with_a_human_trial_does_not(client, walk, writer):
    mice = walk(StudyFactory(design=D.ANIMAL, population=P.ANIMAL), Status.PUBLISHED)
    trial = walk(StudyFactory(design=D.RANDOMISED_TRIAL, population=P.HUMAN, sample_size=110), Status.PUBLISHED)
    article = ArticleFactory(author=writer, slug="in-people")
    CitationFactory(article=article, study=mice, position=1)
    CitationFactory(article=article, study=trial, position=2)
    walk(article, Status.PUBLISHED)

    page = article_page(selectors.live_article("in-people"))

    assert not page.lab_or_animal_only
    assert page.strongest.evidence == "Randomised trial with 110 people"
    assert NOT_YET_SHOWN_IN_PEOPLE not in client.get("/articles/in-people/").content.decode()
