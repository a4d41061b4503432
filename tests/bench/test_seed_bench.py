"""seed_bench: a synthetic library in the workflow's shape that the public sees, and that --remove takes away exactly."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from bench.seed.articles import ArticleSeeder
from bench.seed.indexes import content_tables, gin_indexes
from bench.seed.people import BENCH_DOMAIN
from evidence import selectors
from evidence.models import Article, ArticleRevision, AuditEntry, Condition, Disclaimer, Status, Study, StudyRevision
from evidence.operations.demo import load_demo_content
from evidence.operations.demo_accounts import ensure_demo_accounts
from tests.factories import ArticleFactory, CitationFactory

pytestmark = pytest.mark.django_db

MARKER = re.compile(r"\[@([\w-]+)\]")
# Of 100 articles, numbers 19, 39, 59, 79 and 99 are not public (one in each state), and
# 4, 14, ..., 94 are live with a newer draft.
ARTICLES, STUDIES, CONDITIONS = 100, 60, 6
LIVE_ARTICLES = 95
EDITED = 10
NOT_PUBLIC = [Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED, Status.UNPUBLISHED]


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True  # seed_bench refuses to seed a production site without --force


def seed(*args, **options):
    out, err = StringIO(), StringIO()
    options = {"articles": ARTICLES, "studies": STUDIES, "conditions": CONDITIONS} | options
    call_command("seed_bench", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def seeded_articles():
    return Article.objects.filter(created_by__email__endswith=f"@{BENCH_DOMAIN}")


def test_seeded_articles_are_public_with_their_cited_studies():
    seed()

    live = list(selectors.live_articles())
    assert len(live) == LIVE_ARTICLES
    for article in live:
        assert article.slug.startswith("bench-")
        cited = [citation.live_study.citation_key for citation in article.live_citations]
        assert 3 <= len(cited) <= 8, article.slug
        assert set(MARKER.findall(article.body)) == set(cited), article.slug
        assert [c.position for c in article.live_citations] == list(range(1, len(cited) + 1))
        assert [c.live_condition.slug for c in article.conditions.all()], article.slug


def test_seeded_articles_were_approved_by_a_reviewer_who_is_not_the_author():
    seed()

    for article in selectors.live_articles():
        assert article.approved_by_id not in (None, article.author_id, article.created_by_id)
        assert article.approved_by.groups.filter(name="Medical reviewer").exists()
        assert article.approved_at < article.published_at
        item = article.item
        assert item.first_published_at == article.published_at
        assert item.last_reviewed_by_id == article.approved_by_id
        assert item.next_review_due == (item.last_reviewed_at + timedelta(days=365)).date()


def test_seeded_revisions_copy_the_working_copy_as_the_workflow_does():
    seed()

    for article in seeded_articles().filter(status=Status.PUBLISHED).prefetch_related("citations", "revisions"):
        (revision,) = article.revisions.all()
        assert (revision.title, revision.body, revision.number) == (article.title, article.body, 1)
        assert [(c.study_id, c.position) for c in revision.citations.all()] == [
            (c.study_id, c.position) for c in article.citations.all()
        ]
        assert set(revision.conditions.all()) == set(article.conditions.all())
        assert revision.references.get().url == article.references.get().url
        assert article.edit_version == 1
    assert AuditEntry.objects.filter(action="publish", comment__contains="seed_bench").count() >= LIVE_ARTICLES


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_a_seeded_article_that_is_not_live_never_reaches_the_public(status):
    seed()

    article = seeded_articles().filter(status=status).exclude(revisions__is_live=True).get()

    assert selectors.live_article(article.slug) is None
    assert not selectors.live_articles().filter(item=article).exists()
    if status == Status.APPROVED:
        assert article.revisions.get().approved_by_id is not None  # approved, just not published
    if status == Status.UNPUBLISHED:
        assert article.revisions.get().published_at is not None  # it was public once, then withdrawn


def test_a_seeded_study_in_review_is_neither_public_nor_cited():
    seed()

    in_review = Study.objects.filter(status=Status.IN_REVIEW, citation_key__startswith="bench-")

    assert in_review.count() == 1  # study 49 of 60
    assert not selectors.live_studies().filter(item__in=in_review).exists()
    assert not ArticleRevision.objects.filter(citations__study__in=in_review).exists()


def test_a_newer_draft_of_a_seeded_article_stays_out_of_public_view():
    seed()

    edited = seeded_articles().filter(revisions__number=2)
    assert edited.count() == EDITED
    for article in edited:
        assert article.status == Status.DRAFT
        assert article.title.startswith("Updated: ")
        live = selectors.live_article(article.slug)
        assert (live.number, live.title) == (1, article.title.removeprefix("Updated: "))
        assert "## Update" not in live.body


def test_a_seeded_article_page_renders_with_numbered_references(client):
    seed()
    article = selectors.live_articles().first()

    response = client.get(f"/articles/{article.slug}/")

    assert response.status_code == 200
    assert article.title in response.text
    assert 'href="#ref-1"' in response.text


def test_remove_takes_away_exactly_the_seeded_content_and_leaves_the_demo_alone():
    load_demo_content(ensure_demo_accounts())
    before = demo_snapshot()

    seed()
    assert len(selectors.live_articles()) == 10 + LIVE_ARTICLES  # the demo: 12 articles, 2 held back as drafts
    out, _ = seed(remove=True, articles=0, studies=0)

    assert demo_snapshot() == before
    assert "Removed 100 articles, 2 disclaimers, 60 studies, 6 conditions" in out
    assert not AuditEntry.objects.filter(actor__email__endswith=f"@{BENCH_DOMAIN}").exists()


def demo_snapshot():
    counts = {model._meta.label: model.objects.count() for model in apps.get_models(include_auto_created=True)}
    live = [(r.slug, r.title, r.number, [c.study_id for c in r.citations.all()]) for r in selectors.live_articles()]
    return counts, live


def test_remove_refuses_while_a_real_article_cites_a_seeded_study(writer):
    seed()
    study = Study.objects.filter(citation_key__startswith="bench-").first()
    CitationFactory(article=ArticleFactory(author=writer, title="A real summary"), study=study)

    with pytest.raises(CommandError, match="A real summary"):
        seed(remove=True, articles=0, studies=0)

    assert seeded_articles().count() == ARTICLES


def test_seeding_again_with_the_same_sizes_changes_nothing():
    seed()
    before = StudyRevision.objects.count()

    out, _ = seed()

    assert "Already seeded" in out
    assert StudyRevision.objects.count() == before


def test_seeding_other_sizes_over_a_seeded_library_is_refused_unless_replaced():
    seed()

    with pytest.raises(CommandError, match=r"already holds benchmark content \(100 articles, 60 studies\)"):
        seed(articles=20)
    seed("--replace", articles=20)

    assert seeded_articles().count() == 20
    assert (Condition.objects.count(), Disclaimer.objects.count()) == (CONDITIONS, 2)


def test_the_same_random_seed_writes_the_same_library():
    seed()
    first = list(ArticleRevision.objects.order_by("item__slug", "number").values_list("slug", "title", "body"))
    seed(remove=True, articles=0, studies=0)

    seed()

    assert list(ArticleRevision.objects.order_by("item__slug", "number").values_list("slug", "title", "body")) == first


def test_progress_is_reported_on_stderr():
    _, err = seed()

    assert re.search(r"studies\s+\[#+\]\s+60/60", err)
    assert re.search(r"articles\s+\[#+\]\s+100/100", err)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--articles", "many"], "must be a whole number of 0 or more"),
        (["--studies", "-5"], "must be a whole number of 0 or more"),
        (["--articles", "10", "--studies", "3"], "seed at least 10 studies"),
        (["--articles", "0", "--studies", "0"], "Nothing to seed"),
        (["--studies", "10", "--conditions", "0"], "--conditions must be between 1"),
        (["--studies", "10", "--batch-size", "5"], "--batch-size must be between 100"),
        (["--remove", "--articles", "5"], "--remove takes no sizes"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_bench", *arguments, stdout=StringIO(), stderr=StringIO())

    assert not Study.objects.exists()


def test_seeding_a_production_site_needs_force(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG is false"):
        seed()
    seed("--force")

    assert seeded_articles().count() == ARTICLES


@pytest.fixture
def gin_index_on_studies(db):
    """A GIN index like the admin's and the search's (migrations build those; the test tables come from the models)."""
    if connection.vendor != "postgresql":
        pytest.skip("GIN indexes are PostgreSQL's; SQLite seeds with plain INSERTs and has none to rebuild")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX test_study_title_words ON evidence_study USING gin (to_tsvector('english'::regconfig, title))"
        )
    return gin_indexes(content_tables())


def test_seeding_builds_the_gin_indexes_again_as_they_were(gin_index_on_studies):
    seed()

    assert gin_indexes(content_tables()) == gin_index_on_studies
    assert Study.objects.filter(citation_key__startswith="bench-").count() == STUDIES


def test_a_seed_that_fails_midway_leaves_no_content_and_every_index_in_place(gin_index_on_studies, monkeypatch):
    def broken(self, offset, count):
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(ArticleSeeder, "write", broken)

    with pytest.raises(RuntimeError, match="disk filled up"):
        seed()

    assert gin_indexes(content_tables()) == gin_index_on_studies
    assert not Study.objects.filter(citation_key__startswith="bench-").exists()  # the studies went with the rest
