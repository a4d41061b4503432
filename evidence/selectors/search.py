"""Search across live articles, studies and conditions.

On PostgreSQL: full-text search (English stemming, `websearch` syntax, so
quotes, `or` and `-word` work and no input is a syntax error), ranked with
title matches weighted highest. On SQLite, used for the demo and tests: every
word but stop words ("for", "my") must appear somewhere in the item
(case-insensitive), title matches first. Both start from the selectors' live
querysets, so search can never find a draft.

On both, a query that names a condition (by name, synonym or abbreviation:
evidence.selectors.search_terms) lists that condition first and the summaries
about it before the other matches; a query that finds no summary is tried
once more with its misspelt words corrected to words of live titles and
condition names, and when that finds more, the page shows it and says so.

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
from evidence.models import ArticleRevision, StudyRevision
from evidence.selectors import search_terms

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
    corrected: str = ""  # what was searched for instead, when the query as typed found nothing
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
    words = query.split()
    words = ([w for w in words if w.lower() not in search_terms.STOP_WORDS] or words)[:MAX_WORDS]
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
    """Live articles, studies and conditions matching `query` (already cleaned by SearchForm); when it finds no
    summary, what its nearest live words find, if that is more (`corrected`)."""
    if not query:
        return SearchResults(query="")
    results = _search(query)
    if not results.articles and (nearer := search_terms.corrected(query)):
        instead = _search(nearer)
        if instead.total > results.total:
            results = instead
            results.query, results.corrected = query, nearer
    return results


def _search(query):
    named = search_terms.named_conditions(query)
    articles = _articles(query, named)
    studies = list(_studies(query)[: LIMIT + 1])
    conditions = selectors.live_conditions().annotate(synonyms_text=Cast("synonyms", TextField()))
    conditions = _conditions(list(_match(conditions, CONDITION_VECTOR, CONDITION_FIELDS, query)[:LIMIT]), named)
    return SearchResults(
        query=query,
        articles=articles[:LIMIT],
        studies=studies[:LIMIT],
        conditions=conditions[:LIMIT],
        more_articles=len(articles) > LIMIT,
        more_studies=len(studies) > LIMIT,
    )


def _articles(query, named):
    """Matching live articles, best first; those about the conditions the query named before the rest."""
    matches = _match(selectors.live_articles(), ARTICLE_VECTOR, ARTICLE_FIELDS, query, _newest_articles)
    if not named.item_ids:
        return list(matches[: LIMIT + 1])
    # Which ones, by id first, so the page's articles and their prefetches are still read once.
    about = selectors.live_articles().filter(pk__in=ArticleRevision.objects.filter(conditions__in=named.item_ids))
    if named.rest:
        about = _match(about, ARTICLE_VECTOR, ARTICLE_FIELDS, named.rest, _newest_articles)
    first = list(about.values_list("pk", flat=True)[: LIMIT + 1])
    pks = first + [pk for pk in matches.values_list("pk", flat=True)[: LIMIT + 1] if pk not in first]
    found = selectors.live_articles().in_bulk(pks[: LIMIT + 1])
    return [found[pk] for pk in pks[: LIMIT + 1]]


def _conditions(matches, named):
    """The matching conditions with those the query named first (read only when they did not match as text)."""
    missing = set(named.item_ids) - {condition.item_id for condition in matches}
    named_rows = {c.item_id: c for c in matches if c.item_id in named.item_ids}
    if missing:
        named_rows |= {c.item_id: c for c in selectors.live_conditions().filter(item_id__in=missing)}
    first = [named_rows[item_id] for item_id in named.item_ids]
    return (first + [c for c in matches if c.item_id not in named_rows])[:LIMIT]
