"""Search across live articles, studies and conditions.

On PostgreSQL: full-text search (English stemming, `websearch` syntax, so
quotes, `or` and `-word` work and no input is a syntax error), ranked with
title matches weighted highest. On SQLite, used for the demo and tests: every
word must appear somewhere in the item (case-insensitive), title matches
first. Both start from the selectors' live querysets, so search can never
find a draft.

Articles and studies match and rank on their stored `search_document`, which
a PostgreSQL trigger fills from ARTICLE_VECTOR's and STUDY_VECTOR's columns
(migration 0007; a partial GIN index on live rows serves the `@@`), so no
request re-parses a body. Conditions are few and still use CONDITION_VECTOR.

Ranking still reads every matching document, and a broad query ("mesenchymal
stem cells") matches nearly the whole library, so the search page ranks only
a bounded set of candidates: the CANDIDATES newest matches of each kind. The
trade-off: when more than CANDIDATES items match, an older item can miss the
page even if it would have ranked first; the page then says there are more,
and readers narrow the query or browse by condition. The API's `?search=`
(`matching`) returns every match, in the order the API asks for.

Finding the newest candidates cheaply: PostgreSQL prices a several-word query
as if its words were unrelated, so for "spinal cord injury" it expects ~150
of 1,000,000 studies to match where 25,000 do, and reads every match through
the GIN index to sort them (22,000 heap blocks, 90-200 ms). Studies therefore
look through the RECENT_STUDIES newest live studies first, newest first, and
use the index only when fewer than CANDIDATES of them match (a rare term, few
matches to read). The answer is the same either way: the newest CANDIDATES.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from evidence import selectors
from evidence.models import StudyRevision

CONFIG = "english"
LIMIT = 20  # per kind of result; the page says when there are more
MAX_WORDS = 8
# How many of the newest matches the search page ranks, per kind. Chosen by measurement (docs/benchmarks.md):
# ranking 300 stored documents takes a few milliseconds at any library size, and 300 is many pages of results.
CANDIDATES = 300
# How many of the newest live studies are searched by reading their documents before the GIN index is asked.
# A term found in at least 1 in 67 recent studies fills CANDIDATES from them; reading all 20,000 short
# documents newest first takes about 10 ms at 1,000,000 studies (evidence_bench_large), and a rarer term
# pays that before the index finds its few matches. Articles don't: their documents are long and stored out
# of line, so reading them one by one costs more, and the planner's estimates for them have held.
RECENT_STUDIES = 20_000

ARTICLE_VECTOR = (
    SearchVector("title", weight="A", config=CONFIG)
    + SearchVector("summary", weight="B", config=CONFIG)
    + SearchVector("body", weight="C", config=CONFIG)
)
STUDY_VECTOR = SearchVector("title", weight="A", config=CONFIG) + SearchVector(
    Cast("authors", TextField()), "journal", weight="B", config=CONFIG
)
CONDITION_VECTOR = SearchVector("name", weight="A", config=CONFIG) + SearchVector(
    Cast("synonyms", TextField()), "summary", weight="B", config=CONFIG
)

ARTICLE_FIELDS = ("title", "summary", "body")
STUDY_FIELDS = ("title", "journal", "authors_text")
CONDITION_FIELDS = ("name", "synonyms_text", "summary")


@dataclass
class SearchResults:
    query: str
    articles: list = field(default_factory=list)
    studies: list = field(default_factory=list)
    conditions: list = field(default_factory=list)
    more_articles: bool = False
    more_studies: bool = False

    @property
    def total(self):
        return len(self.articles) + len(self.studies) + len(self.conditions)


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def _stored_document(queryset):
    """Whether the model keeps a search_document (articles and studies) instead of computing one."""
    return any(f.name == "search_document" for f in queryset.model._meta.concrete_fields)


def _full_text(queryset, vector, query, candidates=None):
    """Matches ranked best first; with `candidates`, only the matches it picks (by pk) are ranked."""
    terms = SearchQuery(query, search_type="websearch", config=CONFIG)
    if not _stored_document(queryset):
        # Match with `@@` on the vector itself, the expression a GIN index would need to serve it.
        matches = queryset.alias(document=vector).filter(document=terms).annotate(rank=SearchRank(vector, terms))
        return matches.order_by("-rank", "pk")
    matches = queryset.filter(search_document=terms)
    if candidates:
        # The page never shows the document itself: don't ship kilobytes of lexemes per result.
        matches = queryset.filter(pk__in=candidates(queryset, matches, query)).defer("search_document")
    return matches.annotate(rank=SearchRank(F("search_document"), terms)).order_by("-rank", "pk")


def _newest_articles(queryset, matches, query):
    # Newest first as the live-recent index orders them, so the candidates come straight off an index.
    return matches.order_by("-published_at", "-pk").values("pk")[:CANDIDATES]


def _newest_studies(queryset, matches, query):
    """The CANDIDATES newest matching studies: from the RECENT_STUDIES newest when enough match there."""
    recent_sql, params = (
        queryset.order_by("-pk").values("pk", "search_document")[:RECENT_STUDIES].query.sql_with_params()
    )
    # A LIMITed subquery in FROM is what makes PostgreSQL walk the newest rows and stop after CANDIDATES
    # matches; the ORM cannot say it (as `pk IN (…)` the planner goes back to reading every match).
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT recent."pk" FROM ({recent_sql}) AS recent'
            ' WHERE recent."search_document" @@ websearch_to_tsquery(%s::regconfig, %s)'
            ' ORDER BY recent."pk" DESC LIMIT %s',
            (*params, CONFIG, query, CANDIDATES),
        )
        recent = [pk for (pk,) in cursor.fetchall()]
    if len(recent) == CANDIDATES:
        return recent
    # A rare term: gather its matches through the GIN index, then keep the newest. MATERIALIZED keeps the planner
    # from walking the primary key instead in hope of an early stop, which for a word it thinks common but that
    # matches nothing reads every study (650 ms at 1,000,000).
    matches_sql, params = matches.order_by().values("pk").query.sql_with_params()
    return RawSQL(
        f'WITH found AS MATERIALIZED ({matches_sql}) SELECT found."pk" FROM found ORDER BY found."pk" DESC LIMIT %s',
        (*params, CANDIDATES),
    )


def _every_word(queryset, fields, query):
    words = query.split()[:MAX_WORDS]
    for word in words:
        queryset = queryset.filter(Q.create([(f"{name}__icontains", word) for name in fields], connector=Q.OR))
    in_title = Q.create([("title__icontains" if "title" in fields else "name__icontains", w) for w in words])
    return queryset.annotate(title_match=Case(When(in_title, then=Value(1)), default=Value(0))).order_by(
        "-title_match", "pk"
    )


def _match(queryset, vector, fields, query, candidates=None):
    if uses_full_text():
        return _full_text(queryset, vector, query, candidates)
    return _every_word(queryset, fields, query)


def matching(queryset, vector, fields, query):
    """Narrow a selector's live queryset to `query` by the search page's rule (the API's ?search=).

    Every match, not only the newest candidates: the API pages through them in its own order.
    """
    return _match(queryset, vector, fields, query)


def _studies(query):
    # The page lists a study's title, design, journal and year: not its conditions, which the selector prefetches.
    studies = selectors.live_studies().prefetch_related(None)
    named = StudyRevision.identified_by(query)  # a DOI, PMID or PMCID the reader pasted
    found = studies.filter(named) if named is not None else None
    if found is not None and found.exists():
        return found
    studies = studies.annotate(authors_text=Cast("authors", TextField()))
    return _match(studies, STUDY_VECTOR, STUDY_FIELDS, query, _newest_studies)


def search(query: str) -> SearchResults:
    """Live articles, studies and conditions matching `query` (already cleaned by SearchForm)."""
    if not query:
        return SearchResults(query="")
    articles = _match(selectors.live_articles(), ARTICLE_VECTOR, ARTICLE_FIELDS, query, _newest_articles)
    articles = list(articles[: LIMIT + 1])
    studies = list(_studies(query)[: LIMIT + 1])
    conditions = selectors.live_conditions().annotate(synonyms_text=Cast("synonyms", TextField()))
    return SearchResults(
        query=query,
        articles=articles[:LIMIT],
        studies=studies[:LIMIT],
        conditions=list(_match(conditions, CONDITION_VECTOR, CONDITION_FIELDS, query)[:LIMIT]),
        more_articles=len(articles) > LIMIT,
        more_studies=len(studies) > LIMIT,
    )
