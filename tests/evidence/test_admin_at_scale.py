"""The admin stays fast on a library of a million studies: no unbounded counts, indexed searches,
autocomplete pickers, and a number of queries per list page that does not grow with its rows.

Counting is PostgreSQL's concern (SQLite always counts exactly); tests that look at estimates or plans
run on PostgreSQL only: `DATABASE_URL=postgres://… pytest tests/evidence/test_admin_at_scale.py`.
"""

import importlib
import json
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.admin.pagination import LargeTablePaginator
from evidence.models import Status, Study
from evidence.services.audit import audit
from tests.conftest import explain_without_seqscan
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    DisclaimerFactory,
    StudyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

migration = importlib.import_module("evidence.migrations.0008_admin_search_indexes")
on_postgresql = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(not on_postgresql, reason="estimates and trigram indexes are PostgreSQL's")


def changelist(model):
    return reverse(f"admin:evidence_{model}_changelist")


def autocomplete(model, field, term):
    return f"/admin/autocomplete/?app_label=evidence&model_name={model}&field_name={field}&term={term}"


def counts_of(queries, table):
    """The captured COUNT queries that read every matching row of `table` (not a bounded sub-select of it)."""
    return [q["sql"] for q in queries if q["sql"].startswith(f'SELECT COUNT(*) AS "__count" FROM "{table}"')]


def set_row_estimate(model, rows):
    """What ANALYZE would record for a table of `rows` rows (rolled back with the test's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE pg_class SET reltuples = %s WHERE oid = to_regclass(%s)", [rows, model._meta.db_table])


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


# -- counting ------------------------------------------------------------------------------------


def test_small_tables_are_counted_exactly(signed_in):
    StudyFactory.create_batch(3)

    response = signed_in.get(changelist("study"))

    assert response.context["cl"].result_count == 3
    assert "3 studies" in response.text


@postgres_only
def test_unfiltered_list_of_a_large_table_shows_the_estimate_without_counting(signed_in):
    StudyFactory.create_batch(3)
    set_row_estimate(Study, 1_234_567)

    with CaptureQueriesContext(connection) as captured:
        response = signed_in.get(changelist("study"))

    assert response.context["cl"].result_count == 1_234_567
    assert "about 1234567 studies" in " ".join(response.content.decode().split())  # said to be an estimate
    assert not counts_of(captured.captured_queries, "evidence_study")
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"] and "evidence_study" in q["sql"]]


@postgres_only
@pytest.mark.parametrize("estimate", [-1, 0, 5, LargeTablePaginator.estimate_tables_above])
def test_estimate_is_used_only_above_the_threshold(signed_in, estimate):
    StudyFactory.create_batch(3)
    set_row_estimate(Study, estimate)  # -1: never analysed

    with CaptureQueriesContext(connection) as captured:
        response = signed_in.get(changelist("study"))

    assert response.context["cl"].result_count == 3
    assert "about" not in response.content.decode().split('class="paginator"')[1].split("</nav>")[0]
    assert counts_of(captured.captured_queries, "evidence_study")


@pytest.mark.skipif(on_postgresql, reason="SQLite has no estimate to use")
def test_sqlite_counts_exactly_whatever_the_size(signed_in):
    StudyFactory.create_batch(3)

    with CaptureQueriesContext(connection) as captured:
        response = signed_in.get(changelist("study"))

    assert response.context["cl"].result_count == 3
    assert counts_of(captured.captured_queries, "evidence_study")


@postgres_only
def test_filtered_list_counts_at_most_a_bounded_number_of_rows(signed_in):
    StudyFactory.create_batch(3)
    set_row_estimate(Study, 1_234_567)  # a filter is counted however large the table

    with CaptureQueriesContext(connection) as captured:
        response = signed_in.get(changelist("study"), {"status__exact": "draft"})

    assert response.context["cl"].result_count == 3
    assert not counts_of(captured.captured_queries, "evidence_study")  # only a count of a bounded sub-select
    bounded = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(*) FROM (SELECT")]
    assert len(bounded) == 1
    assert f"LIMIT {LargeTablePaginator.count_at_most + 1}" in bounded[0]


@postgres_only
def test_beyond_the_bound_the_count_is_the_planners_estimate_and_never_less_than_counted():
    StudyFactory.create_batch(5)
    drafts = Study.objects.filter(status="draft").order_by("pk")

    class CountsTwo(LargeTablePaginator):
        count_at_most = 2

    paginator = CountsTwo(drafts, 2)

    assert paginator.count >= 3  # counted 3 (bound + 1), then asked the planner
    plan = json.loads(drafts.explain(format="json"))
    assert paginator.count == max(3, plan[0]["Plan"]["Plan Rows"])


def test_audit_trail_draws_its_filters_without_reading_every_entry(client, reviewer):
    """No date hierarchy (the distinct dates of every entry) and no SELECT DISTINCT of the actions."""
    article = ArticleFactory()
    audit(item=article, actor=reviewer, action="saved")
    audit(item=article, actor=reviewer, action="submit")
    client.force_login(reviewer)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:evidence_auditentry_changelist"))

    assert response.status_code == 200
    assert not [q for q in captured.captured_queries if "DISTINCT" in q["sql"]]
    assert "Submitted for review" in response.text  # the action filter's choices come from the labels


@pytest.mark.parametrize(
    ("query", "actions"),
    [
        ({"action": "submit"}, ["submit"]),
        ({"action__exact": "submit"}, ["submit"]),  # links made before the filter had its own choices
        ({"created_at__gte": "2000-01-01 00:00:00+00:00"}, ["submit", "saved"]),
        ({"action": "publish"}, []),
    ],
)
def test_audit_trail_filters_by_action_and_date(client, reviewer, query, actions):
    article = ArticleFactory()
    audit(item=article, actor=reviewer, action="saved")
    audit(item=article, actor=reviewer, action="submit")
    client.force_login(reviewer)

    response = client.get(reverse("admin:evidence_auditentry_changelist"), query)

    assert [entry.action for entry in response.context["cl"].result_list] == actions


def test_filter_choices_are_never_counted(signed_in):
    StudyFactory.create_batch(2)

    response = signed_in.get(changelist("study"), {"_facets": "True"})

    assert response.status_code == 200
    assert response.context["cl"].add_facets is False


def test_live_column_is_read_per_row_shown_and_still_sorts(signed_in, walk, writer):
    public = walk(ArticleFactory(author=writer), Status.PUBLISHED)
    draft = walk(ArticleFactory(author=writer), Status.DRAFT)

    column = signed_in.get(changelist("article")).context["cl"].list_display.index("is_live")
    with CaptureQueriesContext(connection) as captured:
        ascending = signed_in.get(changelist("article"), {"o": f"{column}"})
    # Not an EXISTS, which PostgreSQL would answer by hashing every live revision for a page of 50.
    rows = next(q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "evidence_article"."id", '))
    descending = signed_in.get(changelist("article"), {"o": f"-{column}"})

    assert "EXISTS" not in rows
    assert [(a, a.is_live_now) for a in ascending.context["cl"].result_list] == [(draft, False), (public, True)]
    assert list(descending.context["cl"].result_list) == [public, draft]


# -- searching -----------------------------------------------------------------------------------


@pytest.fixture
def library():
    """Three studies a writer looks for, and one that no search below should bring up."""
    return {
        "burt": StudyFactory(
            citation_key="burt-2019",
            title="Autologous haematopoietic stem cell transplantation in relapsing multiple sclerosis",
            authors=[{"family": "Burt", "given": "Richard K"}],
            journal="JAMA",
            doi="10.1001/jama.2018.18743",
            pmid="30644567",
        ),
        "chen": StudyFactory(
            citation_key="chen-2004",
            title="Differentiation of rat marrow mesenchymal stem cells into pancreatic islet beta-cells",
            authors=[{"family": "Chen", "given": "LB"}],
            pmcid="PMC4409871",
        ),
        "other": StudyFactory(citation_key="wu-2014", title="Exercise in type 1 diabetes", pmid="24641956"),
    }


def found(client, term):
    return set(client.get(changelist("study"), {"q": term}).context["cl"].result_list)


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("10.1001/jama.2018.18743", "burt"),
        ("https://doi.org/10.1001/JAMA.2018.18743", "burt"),  # as pasted from a browser
        ("30644567", "burt"),
        ("PMID: 30644567", "burt"),
        ("PMC4409871", "chen"),
        ("burt", "burt"),  # the start of the citation key, and the author
        ("burt-2019", "burt"),
        ("chen-20", "chen"),
        ("Chen", "chen"),  # an author
        ("pancreatic", "chen"),  # a word of the title
        ("relapsing multiple", "burt"),  # every word must match
        ("jama", "burt"),  # the journal
    ],
)
def test_search_finds_a_study_by_identifier_key_author_journal_or_title_words(signed_in, library, term, expected):
    assert found(signed_in, term) == {library[expected]}


def test_search_finds_nothing_for_a_term_no_study_has(signed_in, library):
    assert found(signed_in, "unicorn") == set()
    assert found(signed_in, "10.9999/none") == set()
    assert found(signed_in, "2019") == set()  # a key contains it, but keys are searched from their start


def test_search_of_an_impossible_identifier_is_a_plain_search_not_an_error(signed_in, library):
    for term in ("PMID: 99999999999999999999", "PMC", "10.1/x", "doi:", "x" * 600):
        response = signed_in.get(changelist("study"), {"q": term})
        assert response.status_code == 200, term


def test_search_combines_with_filters(signed_in, library):
    response = signed_in.get(changelist("study"), {"q": "30644567", "status__exact": "published"})

    assert list(response.context["cl"].result_list) == []


def test_article_search_finds_title_summary_and_start_of_address(signed_in):
    article = ArticleFactory(title="Stem cells for lupus", slug="stem-cells-lupus", summary="What trials found.")
    ArticleFactory(title="Something else", slug="something-else", summary="Nothing here.")

    def search(term):
        return list(signed_in.get(changelist("article"), {"q": term}).context["cl"].result_list)

    assert search("lupus") == search("trials found") == search("stem-cells") == [article]


# -- autocomplete pickers ----------------------------------------------------------------------------


def test_study_picker_offers_only_the_matching_studies(signed_in, library):
    response = signed_in.get(autocomplete("citation", "study", "chen"))

    assert response.status_code == 200
    assert response.json() == {
        "results": [{"id": str(library["chen"].pk), "text": library["chen"].full_label}],
        "pagination": {"more": False},
    }


def test_study_picker_finds_a_pasted_doi(signed_in, library):
    response = signed_in.get(autocomplete("citation", "study", "https://doi.org/10.1001/jama.2018.18743"))

    assert [r["id"] for r in response.json()["results"]] == [str(library["burt"].pk)]


def test_study_picker_pages_twenty_at_a_time(signed_in):
    StudyFactory.create_batch(21, title="Stem cells in a trial")

    first = signed_in.get(autocomplete("citation", "study", "stem"))
    second = signed_in.get(autocomplete("citation", "study", "stem") + "&page=2")

    assert (len(first.json()["results"]), first.json()["pagination"]["more"]) == (20, True)
    assert (len(second.json()["results"]), second.json()["pagination"]["more"]) == (1, False)


@pytest.mark.parametrize(
    ("model", "field"),
    [("citation", "study"), ("article", "conditions"), ("study", "conditions"), ("disclaimer", "articles")],
)
def test_pickers_are_refused_to_staff_who_may_not_see_the_items(client, model, field):
    client.force_login(UserFactory(email="no.roles@example.com"))  # staff, but in no role

    assert client.get(autocomplete(model, field, "a")).status_code == 403


def test_pickers_do_not_list_people_or_unknown_fields(client, writer):
    # Django answers for any relation whose target has an admin, so the target's view permission decides:
    # writers may not list the staff through a study's "created by".
    client.force_login(writer)

    assert client.get(autocomplete("study", "created_by", "a")).status_code == 403
    assert client.get(autocomplete("study", "nonexistent", "a")).status_code == 403
    assert client.get(autocomplete("citation", "position", "a")).status_code == 403  # not a relation


def test_every_picker_of_a_large_table_is_an_autocomplete_not_a_select(signed_in, library):
    """A plain <select> would list every study (a million options) on the article's page."""
    article = ArticleFactory()
    response = signed_in.get(reverse("admin:evidence_article_change", args=[article.pk]))

    assert response.status_code == 200
    for study in library.values():
        assert str(study) not in response.text
    assert 'data-field-name="study"' in response.text  # the citation rows' picker, drawn by the autocomplete


# -- queries per list page ------------------------------------------------------------------------


def make_rows(model, n, people):
    writer, reviewer = people
    if model == "study":
        conditions = [ConditionFactory()]
        for study in StudyFactory.create_batch(n):
            study.conditions.set(conditions)
    elif model == "article":
        ArticleFactory.create_batch(n, author=writer, medical_reviewer=reviewer)
    elif model == "condition":
        ConditionFactory.create_batch(n)
    elif model == "disclaimer":
        DisclaimerFactory.create_batch(n)
    elif model == "auditentry":
        for article in ArticleFactory.create_batch(n, author=writer):
            audit(item=article, actor=writer, action="saved")


# Queries per list page as an editor on SQLite: session, user, the two-factor check (twice), the editor's
# permissions (2), the count and the rows; and each related filter's choices (conditions; authors and
# reviewers; people and types). PostgreSQL first reads the table's row estimate.
LIST_QUERIES = {"study": 9, "article": 11, "condition": 8, "disclaimer": 8, "auditentry": 10}


@pytest.mark.parametrize("model", LIST_QUERIES)
@pytest.mark.parametrize("rows", [1, 20])
def test_list_page_queries_do_not_grow_with_its_rows(
    signed_in, writer, reviewer, django_assert_num_queries, model, rows
):
    make_rows(model, rows, (writer, reviewer))
    expected = LIST_QUERIES[model] + (1 if on_postgresql else 0)

    with django_assert_num_queries(expected):
        response = signed_in.get(changelist(model))

    assert response.context["cl"].result_count == rows


# -- the indexes serve the searches as the admin writes them ---------------------------------------


def create_admin_search_indexes():
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # rolled back with the test
    with connection.schema_editor() as editor:
        migration.add_admin_search_indexes(apps, editor)


@postgres_only
@pytest.mark.parametrize(
    ("model", "table", "indexes"),
    [
        (
            "study",
            "evidence_study",
            {
                "study_title_upper_trgm",
                "study_authors_upper_trgm",
                "study_journal_upper_trgm",
                "study_key_upper_prefix",
            },
        ),
        (
            "article",
            "evidence_article",
            {"article_title_upper_trgm", "article_summary_upper_trgm", "article_slug_upper_prefix"},
        ),
        ("auditentry", "evidence_auditentry", {"audit_label_upper_trgm", "audit_comment_upper_trgm"}),
    ],
)
def test_every_search_field_is_served_by_its_index(signed_in, reviewer, model, table, indexes):
    create_admin_search_indexes()
    signed_in.force_login(reviewer)  # reviewers see the audit trail too

    with CaptureQueriesContext(connection) as captured:
        signed_in.get(changelist(model), {"q": "chen"})

    search = next(q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"] and "LIKE" in q["sql"])
    used = set(re.findall(r"Index Scan on (\w+)", explain_without_seqscan(search)))
    assert indexes <= used


@pytest.mark.parametrize(
    "model",
    ["evidence.Article", "evidence.Study", "evidence.Condition", "evidence.AuditEntry", "evidence.ClaimFinding",
     "enquiries.Enquiry", "evidence_api.WebhookDelivery"],
)  # fmt: skip
def test_every_list_that_only_grows_counts_cheaply_and_offers_no_facet_counts(model):
    from django.apps import apps
    from django.contrib import admin
    from django.contrib.admin.options import ShowFacets

    from evidence.admin.pagination import LargeTablePaginator

    model_admin = admin.site._registry[apps.get_model(model)]

    assert model_admin.paginator is LargeTablePaginator
    assert model_admin.show_facets is ShowFacets.NEVER and model_admin.show_full_result_count is False
