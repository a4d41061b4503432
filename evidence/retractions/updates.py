"""Crossref's update notices on a work, read as notices: no writes, no requests (evidence.lookups.crossref asks).

Crossref lists the notices that update a work in the work's own `updated-by`, e.g.
{"type": "retraction", "DOI": "10.5555/notice", "updated": {"date-parts": [[2024, 1, 15]]}, "source": …}.
(`update-to` is the other side: it is on the notice, naming the work it updates, so a study's own `update-to`
would mean the library cites a notice, not a paper; we read `updated-by` only.)
"""

from datetime import date

from evidence.retractions.models import Nature
from evidence.retractions.services import Found
from evidence.retractions.watch import doi as bare_doi

# Crossref's update types, by what they mean for a reader. A partial retraction still withdraws findings the
# summary may rest on, so a reviewer must look at it like a retraction.
NATURES = {
    "retraction": Nature.RETRACTION,
    "partial_retraction": Nature.RETRACTION,
    "withdrawal": Nature.RETRACTION,
    "removal": Nature.RETRACTION,
    "expression_of_concern": Nature.EXPRESSION_OF_CONCERN,
    "correction": Nature.CORRECTION,
    "erratum": Nature.CORRECTION,
    "corrigendum": Nature.CORRECTION,
    "addendum": Nature.CORRECTION,
    "clarification": Nature.CORRECTION,
    "reinstatement": Nature.REINSTATEMENT,
}


def _date(updated) -> date | None:
    """{"date-parts": [[2024, 1, 15]]} (month and day may be missing) as a date, or None."""
    try:
        parts = [int(p) for p in updated["date-parts"][0]]
        year, month, day = [*parts, 1, 1][:3]
        return date(year, month, day)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def found_in(message: dict, study_id: int) -> list[Found]:
    """The notices in a Crossref work's `updated-by`, for the study it is; updates of other kinds (a new
    version) and entries without a DOI or date are left out."""
    found = []
    for update in message.get("updated-by") or []:
        if not isinstance(update, dict):
            continue
        kind = str(update.get("type", "")).strip().lower().replace("-", "_").replace(" ", "_")
        nature, notice_doi, day = NATURES.get(kind), bare_doi(str(update.get("DOI", ""))), _date(update.get("updated"))
        if nature is None or not notice_doi or day is None:
            continue
        found.append(
            Found(
                study_id=study_id,
                source_key=notice_doi,
                nature=nature,
                date=day,
                reasons=str(update.get("label") or kind.replace("_", " ").capitalize())[:500],
                notice_doi=notice_doi,
            )
        )
    return found
