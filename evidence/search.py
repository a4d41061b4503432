"""Search across live articles, studies and conditions.

On PostgreSQL: full-text search (English stemming, `websearch` syntax, so
quotes, `or` and `-word` work and no input is a syntax error), ranked with
title matches weighted highest. On SQLite, used for the demo and tests: every
word must appear somewhere in the item (case-insensitive), title matches
first. Both start from the selectors' live querysets, so search can never
find a draft.

The performance work adds a GIN index on ARTICLE_VECTOR and friends: keep the
expressions here and in that index identical.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, Q, TextField, Value, When
from django.db.models.functions import Cast

from evidence import identifiers, selectors

CONFIG = "english"
LIMIT = 20  # per kind of result; the page says when there are more
MAX_WORDS = 8

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


def _full_text(queryset, vector, query):
    terms = SearchQuery(query, search_type="websearch", config=CONFIG)
    # Match with `@@` on the vector itself, so a GIN index on the same expression can serve it.
    return (
        queryset.alias(document=vector)
        .filter(document=terms)
        .annotate(rank=SearchRank(vector, terms))
        .order_by("-rank", "pk")
    )


def _every_word(queryset, fields, query):
    words = query.split()[:MAX_WORDS]
    for word in words:
        queryset = queryset.filter(Q.create([(f"{name}__icontains", word) for name in fields], connector=Q.OR))
    in_title = Q.create([("title__icontains" if "title" in fields else "name__icontains", w) for w in words])
    return queryset.annotate(title_match=Case(When(in_title, then=Value(1)), default=Value(0))).order_by(
        "-title_match", "pk"
    )


def _match(queryset, vector, fields, query):
    if uses_full_text():
        return _full_text(queryset, vector, query)
    return _every_word(queryset, fields, query)


def matching(queryset, vector, fields, query):
    """Narrow a selector's live queryset to `query` by the search page's rule (the API's ?search=)."""
    return _match(queryset, vector, fields, query)


def _identifier_matches(query):
    """Studies whose DOI or PMID is exactly what the reader pasted."""
    for normalise, name in ((identifiers.normalise_doi, "doi"), (identifiers.normalise_pmid, "pmid")):
        try:
            value = normalise(query)
        except ValidationError:  # not an identifier of this kind, the usual case
            continue
        if value:
            return selectors.live_studies().filter(**{name: value})
    return None


def _studies(query):
    found = _identifier_matches(query)
    if found is not None and found.exists():
        return found
    studies = selectors.live_studies().annotate(authors_text=Cast("authors", TextField()))
    return _match(studies, STUDY_VECTOR, STUDY_FIELDS, query)


def search(query: str) -> SearchResults:
    """Live articles, studies and conditions matching `query` (already cleaned by SearchForm)."""
    if not query:
        return SearchResults(query="")
    articles = list(_match(selectors.live_articles(), ARTICLE_VECTOR, ARTICLE_FIELDS, query)[: LIMIT + 1])
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
