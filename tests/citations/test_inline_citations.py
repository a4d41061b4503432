"""Inline citations by key, PMID or DOI: numbered in order of first use; dangling ones block submission."""

import pytest

from evidence import selectors
from evidence.citations.marker_checks import dangling_markers
from evidence.citations.markers import markers_in, number_references, parse
from evidence.exceptions import WorkflowError
from evidence.models import Status
from evidence.presenters.pages import article_page
from evidence.services import workflow
from evidence.services.revisions import working_copy_saved
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

pytestmark = pytest.mark.django_db


def test_markers_name_a_study_by_key_pmid_or_doi():
    assert [(m.kind, m.value) for m in markers_in(
        "A [@Burt-2019]. B [@PMID:24641956]? C [@doi:https://doi.org/10.5555/TEST.1] [@Burt-2019]"
    )] == [("key", "burt-2019"), ("pmid", "24641956"), ("doi", "10.5555/TEST.1")]  # fmt: skip


def test_a_marker_with_an_unreadable_identifier_says_why():
    assert parse("pmid:abc").problem.startswith("“abc” is not a PubMed ID")
    assert parse("doi:").problem == "the DOI is missing"


def test_studies_are_numbered_by_first_use_whatever_the_marker_kind():
    first, second, unmarked = (
        StudyFactory.build(citation_key="a", pmid="24641956"),
        StudyFactory.build(citation_key="b", doi="10.5555/test.1"),
        StudyFactory.build(citation_key="c"),
    )

    ordered, numbering = number_references(
        "Later [@doi:10.5555/test.1]. First [@pmid:24641956], again [@a].", [unmarked, first, second]
    )

    assert ordered == [second, first, unmarked]
    assert numbering == {"doi:10.5555/test.1": 1, "pmid:24641956": 2, "a": 2}


def test_public_page_links_pmid_and_doi_markers_to_the_reference_list(walk, writer):
    trial = walk(StudyFactory(citation_key="trial", pmid="24641956"), Status.PUBLISHED)
    review = walk(StudyFactory(citation_key="review", doi="10.5555/test.1"), Status.PUBLISHED)
    article = ArticleFactory(author=writer, slug="cited", body="Review [@doi:10.5555/test.1]; trial [@pmid:24641956].")
    CitationFactory(article=article, study=trial, position=1)
    CitationFactory(article=article, study=review, position=2)
    walk(article, Status.PUBLISHED)

    page = article_page(selectors.live_article("cited"))

    assert [r.study.citation_key for r in page.references] == ["review", "trial"]
    assert 'Review <sup class="cite"><a href="#ref-1"' in page.body_html
    assert 'trial <sup class="cite"><a href="#ref-2"' in page.body_html


def test_dangling_markers_say_what_is_wrong_with_each(writer):
    cited = StudyFactory(citation_key="cited")
    elsewhere = StudyFactory(citation_key="elsewhere", title="A study this article does not cite", pmid="99999902")

    found = dangling_markers("[@cited] [@missing] [@pmid:99999902] [@doi:10.5555/test.404] [@pmid:zero]", [cited])

    assert [str(d.marker) for d in found] == [
        "[@missing]",
        "[@pmid:99999902]",
        "[@doi:10.5555/test.404]",
        "[@pmid:zero]",
    ]
    messages = [d.message for d in found]
    assert (
        messages[0]
        == "[@missing]: no study in the library has the citation key “missing”. Add the study first, or fix the marker."
    )
    assert messages[1].startswith(f"[@pmid:99999902] names “{elsewhere}”, which this article does not cite")
    assert "no study in the library has the DOI “10.5555/test.404”" in messages[2]
    assert messages[3].startswith("[@pmid:zero] cannot be read: “zero” is not a PubMed ID")


def test_dangling_citation_blocks_submission_and_names_each_marker(writer):
    study = StudyFactory(citation_key="cited")
    article = ArticleFactory(author=writer, body="Fine [@cited]. Unknown [@ghost-2020]. Uncited [@pmid:99999903].")
    CitationFactory(article=article, study=study)
    StudyFactory(citation_key="other", pmid="99999903")
    working_copy_saved(item=article, by=writer)

    with pytest.raises(WorkflowError) as refused:
        workflow.perform("submit", item=article, by=writer)

    assert refused.value.code == "dangling_citation"
    assert "[@ghost-2020]" in refused.value.message and "[@pmid:99999903]" in refused.value.message
    assert "[@cited]" not in refused.value.message
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_submission_goes_through_once_every_marker_is_cited(writer, edit):
    study = StudyFactory(citation_key="cited", pmid="99999903")
    article = ArticleFactory(author=writer, body="Unknown [@ghost-2020].")
    CitationFactory(article=article, study=study)
    working_copy_saved(item=article, by=writer)
    with pytest.raises(WorkflowError):
        workflow.perform("submit", item=article, by=writer)

    edit(article, body="Now by key [@cited] and by PMID [@pmid:99999903].")
    workflow.perform("submit", item=article, by=writer)

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_submission_checks_the_revision_submitted_not_a_later_draft(writer, edit):
    # The check reads the revision's own citations, which is what the reviewer will see.
    study = StudyFactory(citation_key="cited")
    article = ArticleFactory(author=writer, body="[@cited]")
    working_copy_saved(item=article, by=writer)  # revision 1 has no citation rows
    CitationFactory(article=article, study=study)  # added to the working copy but never saved

    with pytest.raises(WorkflowError, match="does not cite"):
        workflow.perform("submit", item=article, by=writer)
