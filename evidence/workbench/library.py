"""The citation picker's search of the library: by citation key, title words, authors, journal, a partial DOI
or a PMID. Studies in any status are found (a draft can be cited; the article then waits for it), each saying
whether the public can see it yet."""

import re

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, When

from evidence.models import Study, StudyRevision

LIMIT = 20
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def search_library(term: str, limit: int = LIMIT) -> list[Study]:
    """Studies matching `term`, the ones it names exactly (key, DOI, PMID, PMCID) first, then newest first."""
    term = " ".join((term or "").split())[:200]
    if not term:
        return []
    exact = Q(citation_key__iexact=term) | (Study.identified_by(term) or Q(pk__in=[]))
    words = Q()
    for word in term.split()[:8]:
        doi_part = _DOI_PREFIX.sub("", word).lower()  # a part of a DOI: "jama.2018"
        words &= (
            Q(title__icontains=word)
            | Q(authors__icontains=word)
            | Q(journal__icontains=word)
            | Q(citation_key__icontains=word)
            | (Q(doi__icontains=doi_part) if doi_part else Q(pk__in=[]))
        )
    query = exact | words
    if term.isdecimal() and len(term) >= 4:
        query |= Q(pmid__startswith=term)
    live = StudyRevision.objects.filter(item=OuterRef("pk"), is_live=True)
    found = Study.objects.filter(query).annotate(
        is_live_now=Exists(live), is_exact=Case(When(exact, then=True), default=False, output_field=BooleanField())
    )
    return list(found.order_by("-is_exact", "-year", "title")[:limit])
