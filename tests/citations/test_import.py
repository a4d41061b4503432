"""Planning and committing an import: merge by identifier, refuse bad entries, all or nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence.citations import parsers
from evidence.citations.plan import Outcome, plan_import
from evidence.exceptions import WorkflowError
from evidence.models import AuditEntry, Status, Study, StudyDesign
from evidence.services import workflow
from evidence.services.imports import ImportRefused, import_references
from evidence.services.revisions import working_copy_saved
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

pytestmark = pytest.mark.django_db


def plan_of(sample, name, **options):
    parsed = parsers.parse(parsers.decode(sample(name)), "", name)
    return plan_import(parsed, source=name, **options)


def outcomes(plan):
    return [entry.outcome for entry in plan.entries]


def test_ris_import_merges_by_pmid_and_pmcid_and_creates_the_rest(sample, writer, wu_2014):
    sarsenova = StudyFactory(citation_key="sarsenova-2021", title="Mesenchymal Stem Cell-Based Therapy for RA",
                             pmcid="PMC8584240", authors=[], design=StudyDesign.NARRATIVE_REVIEW)  # fmt: skip
    plan = plan_of(sample, "library.ris")
    assert outcomes(plan) == [Outcome.MERGE, Outcome.MERGE, Outcome.CREATE]
    # The file lists Wu's authors without "et al"; the library knew only the first.
    assert plan.entries[0].changes["authors_complete"] == (False, True)
    assert Study.objects.count() == 2  # a plan writes nothing

    result = import_references(plan=plan, by=writer)

    assert Study.objects.count() == 3
    (created,) = result.created
    assert (created.citation_key, created.doi, created.status, created.created_by) == (
        "sarsenova-2023", "10.5555/test.1", Status.DRAFT, writer,
    )  # fmt: skip
    assert (created.design, created.population) == (StudyDesign.RANDOMISED_TRIAL, "human")
    assert created.revisions.get().created_by == writer
    sarsenova.refresh_from_db()
    assert sarsenova.authors == [{"family": "Sarsenova", "given": ""}]  # the library had no authors
    assert sarsenova.url == "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8584240/"
    assert sarsenova.title == "Mesenchymal Stem Cell-Based Therapy for RA"  # never overwritten
    assert sarsenova.revisions.get().note.startswith("Added")


def test_merge_never_duplicates_and_fills_a_partial_author_list(sample, writer, wu_2014, walk):
    walk(wu_2014, Status.PUBLISHED)
    plan = plan_of(sample, "pubmed.nbib")
    merge, _ = plan.entries
    assert (merge.outcome, merge.study.pk) == (Outcome.MERGE, wu_2014.pk)
    assert set(merge.changes) == {"authors", "authors_complete"}

    import_references(plan=plan, by=writer)

    wu_2014.refresh_from_db()
    assert Study.objects.filter(pmid="24641956").count() == 1
    assert (wu_2014.authors, wu_2014.authors_complete) == ([{"family": "Wu", "given": "Hai"}], True)
    assert wu_2014.status == Status.DRAFT  # the change goes back through review
    assert wu_2014.live_revision.authors_complete is False  # the public keeps the reviewed revision
    assert Study.objects.get(pmid="99999901").authors[1] == {"family": "Martínez-Arroyo", "given": "Olga"}


def test_duplicates_within_the_file_and_against_the_library_are_not_created_twice(sample, writer):
    StudyFactory(citation_key="fracaro-2020", doi="10.20517/2347-8659.2019.009", journal="",
                 authors=[{"family": "Fracaro", "given": "L"}], year=2020)  # fmt: skip
    plan = plan_of(sample, "duplicates.ris")

    assert outcomes(plan) == [Outcome.CREATE, Outcome.DUPLICATE, Outcome.MERGE]
    assert plan.entries[1].note == "Same paper as entry 1; imported once."
    import_references(plan=plan, by=writer)
    assert Study.objects.filter(doi="10.5555/test.3").count() == 1
    assert Study.objects.get(doi="10.20517/2347-8659.2019.009").journal == "Neuroimmunol Neuroinflammation"


@pytest.mark.parametrize("name", ["cut-off.ris", "broken.bib"])
def test_a_bad_entry_imports_nothing_and_is_named(sample, writer, name):
    plan = plan_of(sample, name, design=StudyDesign.OBSERVATIONAL)

    assert Outcome.INVALID in outcomes(plan) and not plan.can_import
    with pytest.raises(ImportRefused) as refused:
        import_references(plan=plan, by=writer)
    assert refused.value.code == "invalid_entries"
    assert Study.objects.count() == 0
    assert plan.invalid[0].reference.label.startswith("Entry 2 (line 9)")


def test_entry_without_a_design_is_imported_as_a_draft_whose_design_is_not_yet_set(sample, writer):
    plan = plan_of(sample, "library.bib")
    assert outcomes(plan) == [Outcome.CREATE, Outcome.CREATE]
    assert plan.entries[1].study.design == ""
    assert "design not yet set" in plan.entries[1].note

    chosen = plan_of(sample, "library.bib", design=StudyDesign.ANIMAL)

    assert outcomes(chosen) == [Outcome.CREATE, Outcome.CREATE]
    assert (chosen.entries[1].study.design, chosen.entries[1].study.population) == ("animal", "animal")


def test_entry_the_study_model_rejects_is_invalid_with_the_fields_label(writer):
    parsed = parsers.parse("TY  - JOUR\nTI  - " + "Long title " * 60 + "\nDO  - not-a-doi\nER  - \n")

    (entry,) = plan_import(parsed, design=StudyDesign.OBSERVATIONAL).entries

    assert entry.outcome == Outcome.INVALID
    assert entry.problems[0].startswith("“not-a-doi” is not a DOI")
    parsed = parsers.parse("TY  - JOUR\nTI  - " + "Long title " * 60 + "\nER  - \n")
    (entry,) = plan_import(parsed, design=StudyDesign.OBSERVATIONAL).entries
    assert entry.problems == ["title: Ensure this value has at most 500 characters (it has 659)."]


def test_identifiers_of_two_different_studies_in_one_entry_are_refused():
    first = StudyFactory(doi="10.5555/test.10")
    second = StudyFactory(pmid="99999910")
    parsed = parsers.parse("TY  - JOUR\nTI  - Confused\nDO  - 10.5555/test.10\nAN  - 99999910\nER  - \n")

    (entry,) = plan_import(parsed, design=StudyDesign.OBSERVATIONAL).entries

    assert entry.outcome == Outcome.INVALID
    assert f"#{first.pk}" in entry.problems[0] and f"#{second.pk}" in entry.problems[0]


def test_study_in_review_is_matched_but_not_changed(sample, writer, wu_2014, walk):
    walk(wu_2014, Status.IN_REVIEW)

    (merge, _) = plan_of(sample, "pubmed.nbib").entries

    assert merge.outcome == Outcome.UNCHANGED
    assert "in review" in merge.note and "Reopen it" in merge.note


def test_new_keys_do_not_clash_with_the_library_or_each_other(writer):
    StudyFactory(citation_key="testperson-2022")
    text = "".join(f"TY  - JOUR\nAU  - Testperson, Ada\nTI  - Paper {n}\nPY  - 2022\nER  - \n" for n in range(3))

    plan = plan_import(parsers.parse(text), design=StudyDesign.OBSERVATIONAL)

    assert [e.study.citation_key for e in plan.entries] == ["testperson-2022b", "testperson-2022c", "testperson-2022d"]


def test_commit_refuses_everything_when_the_library_changed_after_the_preview(sample, writer):
    plan = plan_of(sample, "duplicates.ris", design=StudyDesign.OBSERVATIONAL)  # entry 1 creates 10.5555/test.3
    StudyFactory(doi="10.5555/test.3")  # someone adds it meanwhile

    with pytest.raises(ImportRefused) as refused:
        import_references(plan=plan, by=writer)

    assert refused.value.code == "entry_invalid" and "Entry 1 (line 1)" in refused.value.message
    assert Study.objects.count() == 1
    assert not AuditEntry.objects.filter(action="saved").exists()


def test_commit_refuses_a_merge_into_a_study_edited_after_the_preview(sample, writer, wu_2014, edit):
    plan = plan_of(sample, "pubmed.nbib")
    edit(wu_2014, notes="Checked the abstract.")

    with pytest.raises(ImportRefused) as refused:
        import_references(plan=plan, by=writer)

    assert refused.value.code == "changed_since_preview"
    assert not Study.objects.filter(pmid="99999901").exists()


def ris(count, offset=0):
    return "".join(
        f"TY  - JOUR\nAU  - Testperson, Ada\nTI  - Synthetic paper {n}\nPY  - 2020\nDO  - 10.5555/test.bulk{n}\n"
        f"AN  - {99990000 + n}\nER  - \n"
        for n in range(offset, offset + count)
    )


def test_planning_reads_the_library_in_the_same_number_of_queries_for_any_file_size():
    for n in range(20):
        StudyFactory(doi=f"10.5555/test.bulk{n}")

    def queries(count):
        parsed = parsers.parse(ris(count))
        with CaptureQueriesContext(connection) as captured:
            plan = plan_import(parsed, design=StudyDesign.OBSERVATIONAL)
        assert not plan.invalid
        return len(captured)

    assert queries(3) == queries(300) == 2


def test_planning_reports_progress_for_every_entry():
    seen = []
    plan_import(parsers.parse(ris(5)), design=StudyDesign.OBSERVATIONAL, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(n, 5) for n in range(1, 6)]


def test_a_study_whose_design_is_not_yet_set_cannot_be_submitted_alone_or_with_an_article(walk, writer):
    study = StudyFactory(design="", doi="10.5555/no-design.1")
    working_copy_saved(item=study, by=writer)
    with pytest.raises(WorkflowError, match="has no study design yet") as refused:
        workflow.perform("submit", item=study, by=writer)
    assert refused.value.code == "design_not_set"

    article = ArticleFactory(author=writer)
    CitationFactory(article=article, study=study)
    working_copy_saved(item=article, by=writer)
    with pytest.raises(WorkflowError, match="has no study design yet"):
        workflow.perform("submit", item=article, by=writer)  # its bundle carries the study into review

    study.design = "observational"
    study.save()
    working_copy_saved(item=study, by=writer)
    workflow.perform("submit", item=article, by=writer)
