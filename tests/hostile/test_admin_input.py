"""A writer's admin forms with random text in identifiers, numbers and inline rows: saved, or refused with reasons.

Writers paste identifiers from anywhere (PubMed, publishers' pages, PDFs), so
the study and article add forms get arbitrary Unicode, numbers too large for
the database and broken inline management data; so do the admin lists'
query parameters and the revision comparison. None may give a server error.
"""

import pytest
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from evidence.models import Article, AuditEntry, Status, Study
from tests.factories import ArticleFactory, ConditionFactory, StudyFactory

from .conftest import assert_answered
from .strategies import FUZZ, digit_like, hostile_text, tampered

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

fresh_key = st.uuids().map(lambda u: f"study-{u.hex[:10]}")
fresh_slug = st.uuids().map(lambda u: f"summary-{u.hex[:10]}")
number_like = st.one_of(hostile_text, digit_like, st.integers().map(str), st.just("9" * 25))
identifier_like = st.one_of(digit_like, st.from_regex(r"\A(PMID|pmc|PMCID)?:? ?[0-9²٣]{0,12}\Z"), hostile_text)


def rendered_form(response) -> dict:
    """What a browser posts back from an admin add page: the form and each inline's management data."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is not None and value is not False:  # 0 is a value: "INITIAL_FORMS" is "0"
                data[bound.html_name] = "on" if value is True else str(value)
    return data


def assert_refusal_is_explained(response):
    """The form came back (nothing saved) with every error shown on the page."""
    assert response.status_code == 200
    page = response.content.decode()
    form = response.context["adminform"].form
    messages = [m for errors in form.errors.values() for m in errors]
    for inline in response.context["inline_admin_formsets"]:
        messages += list(inline.formset.non_form_errors())
        messages += [m for errors in inline.formset.errors for ms in errors.values() for m in ms]
    assert messages, "the form was refused without saying why"
    for message in messages:
        assert escape(message) in page, message


def assert_forged_post_was_refused(response, fields):
    """Only a forged post carries a NUL; the admin refuses it whole, with the site's 400 page."""
    assert any("\x00" in value for field in fields.values() for value in ([field] if isinstance(field, str) else field))
    assert "NUL" in response.content.decode()


def test_study_add_form_saves_or_explains_any_identifiers(writer_client):
    condition = ConditionFactory()
    blank = rendered_form(writer_client.get("/admin/evidence/study/add/"))
    valid = {
        "citation_key": fresh_key,
        "title": st.just("Stem cells in multiple sclerosis"),
        "design": st.sampled_from(["randomised_trial", "animal"]),
        "population": st.sampled_from(["human", "animal"]),
        "doi": st.sampled_from(["", "https://doi.org/10.1001/JAMA.2018.18743", "doi:10.5555/x"]),
        "pmid": st.sampled_from(["", "PMID: 30667502", "٣٠٦٦٧٥٠٢"]),
        "pmcid": st.sampled_from(["", "pmc6439690"]),
        "url": st.sampled_from(["", "https://example.org/paper"]),
        "year": st.sampled_from(["", "2019"]),
        "sample_size": st.sampled_from(["", "110"]),
        "authors": st.sampled_from(["Burt, Richard K\nBalabanov, Roumen", ""]),
        "pages": st.sampled_from(["165-174", ""]),
        "conditions": st.just([str(condition.pk)]),
    }
    hostile = {
        **dict.fromkeys(
            ["citation_key", "title", "design", "population", "doi", "url", "authors", "pages"], hostile_text
        ),
        **dict.fromkeys(["pmid", "pmcid"], identifier_like),
        **dict.fromkeys(["year", "sample_size"], number_like),
        "conditions": st.lists(number_like, min_size=1, max_size=2),
    }
    seen = set()

    @FUZZ
    @given(fields=tampered(valid, hostile))
    def check(fields):
        before = Study.objects.count()
        response = writer_client.post("/admin/evidence/study/add/", blank | fields | {"_save": "Save"})
        assert_answered(response, allowed=(200, 302, 400))
        seen.add(response.status_code)
        if response.status_code == 400:
            assert_forged_post_was_refused(response, fields)
            assert Study.objects.count() == before
        elif response.status_code == 200:
            assert_refusal_is_explained(response)
            assert Study.objects.count() == before
        else:
            study = Study.objects.latest("pk")
            assert study.citation_key == fields["citation_key"]
            assert study.revisions.count() == 1

    check()
    assert {200, 302} <= seen


def test_article_add_form_saves_or_explains_any_slug_people_and_inline_rows(writer_client, writer, reviewer):
    condition = ConditionFactory()
    study = StudyFactory()
    blank = rendered_form(writer_client.get("/admin/evidence/article/add/"))
    valid = {
        "title": st.just("Stem cells for MS"),
        "slug": fresh_slug,
        "summary": st.just("What one trial found."),
        "body": st.just("A trial found fewer relapses."),
        "author": st.just(str(writer.pk)),
        "medical_reviewer": st.sampled_from(["", str(reviewer.pk)]),
        "conditions": st.sampled_from([[], [str(condition.pk)]]),
        "citations-TOTAL_FORMS": st.sampled_from(["0", "1"]),
        "citations-0-position": st.just("1"),
        "citations-0-study": st.just(str(study.pk)),
        "references-TOTAL_FORMS": st.sampled_from(["0", "1"]),
        "references-0-position": st.just("1"),
        "references-0-title": st.just("Type 1 Diabetes Facts"),
        "references-0-url": st.just("https://example.org/facts"),
        "references-0-accessed_on": st.sampled_from(["2026-01-31", ""]),
    }
    numbers = ["author", "medical_reviewer", "citations-TOTAL_FORMS", "citations-0-position", "citations-0-study",
               "references-TOTAL_FORMS", "references-0-position"]  # fmt: skip
    hostile = {
        **{name: hostile_text for name in valid if name not in numbers},
        **dict.fromkeys(numbers, number_like),
        "conditions": st.lists(number_like, min_size=1, max_size=2),
    }
    seen = set()

    @FUZZ
    @given(fields=tampered(valid, hostile))
    def check(fields):
        before = Article.objects.count()
        response = writer_client.post("/admin/evidence/article/add/", blank | fields | {"_save": "Save"})
        assert_answered(response, allowed=(200, 302, 400))
        seen.add(response.status_code)
        if response.status_code == 400:
            assert_forged_post_was_refused(response, fields)
            assert Article.objects.count() == before
        elif response.status_code == 200:
            assert_refusal_is_explained(response)
            assert Article.objects.count() == before
        else:
            assert Article.objects.get(slug=fields["slug"]).revisions.count() == 1

    check()
    assert {200, 302} <= seen


@pytest.mark.parametrize("model", ["article", "study", "condition", "disclaimer"])
def test_admin_lists_answer_any_filter_search_or_ordering(writer_client, model):
    names = st.sampled_from(["q", "o", "p", "status", "live", "review", "design", "conditions__id__exact", "e", "all"])
    queries = st.dictionaries(st.one_of(names, hostile_text), hostile_text, max_size=4)

    @FUZZ
    @given(query=queries)
    def check(query):
        response = writer_client.get(f"/admin/evidence/{model}/", query)
        # Django's admin sends unusable filters back to the list with "?e=1"; a NUL is refused outright.
        assert_answered(response, allowed=(200, 302, 400))

    check()


def test_revision_comparison_answers_any_choice_of_revisions(writer_client, walk, edit, writer):
    article = walk(ArticleFactory(author=writer), Status.DRAFT)
    edit(article, title="A second revision")

    @FUZZ
    @given(a=st.one_of(number_like, st.sampled_from(["1", "2"])), b=st.one_of(number_like, st.sampled_from(["1", "2"])))
    def check(a, b):
        response = writer_client.get(f"/admin/evidence/article/{article.pk}/revisions/", {"a": a, "b": b})
        assert_answered(response, allowed=(400,) if "\x00" in a + b else (200,))

    check()


def test_a_nul_character_in_any_admin_request_is_refused_before_it_reaches_the_database(writer_client, walk, writer):
    """PostgreSQL cannot compare or store NUL: the admin search, filters and workflow comments would be a 500."""
    article = walk(ArticleFactory(author=writer), Status.DRAFT)
    audit_entries = AuditEntry.objects.count()

    searched = writer_client.get("/admin/evidence/article/", {"q": "stem\x00cells"})
    filtered = writer_client.get("/admin/evidence/study/", {"status": "\x00"})
    commented = writer_client.post(
        f"/admin/evidence/article/{article.pk}/workflow/", {"action": "submit", "comment": "Ready\x00"}
    )

    for response in (searched, filtered, commented):
        assert response.status_code == 400
        assert "NUL" in response.content.decode()  # the site's 400 page names the likely cause
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert AuditEntry.objects.count() == audit_entries
