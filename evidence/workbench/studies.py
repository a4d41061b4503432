"""A study from its identifier, for the Add study form and the citation picker.

`filled_form(term)` answers what "Fill in" puts in the Add study form (nothing is written; the writer checks
and saves); `add_study(term=…, by=…)` adds the study as the writer's draft straight from the picker, through the
same save path as the form (a revision, the audit trail). Both first look for the study in the library, by
every identifier the registries state, so a paper is never added twice.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from evidence.citations.keys import base_key, unique_key
from evidence.citations.records import ImportedEntry
from evidence.lookups.study_from_identifier import Found, fit, identify, look_up
from evidence.models import Study
from evidence.services.revisions import working_copy_saved

_IDENTIFIERS = ("doi", "pmid", "pmcid")


class NoDesignSuggested(ValueError):
    """The registries do not say what kind of study it is; the writer must choose on the Add study form."""


@dataclass
class Lookup:
    found: Found | None = None
    existing: Study | None = None


def in_library(term: str) -> Study | None:
    """The study the identifier names, if the library holds it (no request to a registry)."""
    kind, value = identify(term)
    return Study.objects.filter(Study.having(kind, value)).first()


def look_up_study(term: str) -> Lookup:
    """The study in the library, or what the registries say about the paper. Raises NotAnIdentifier, LookupFailed."""
    existing = in_library(term)
    if existing is not None:
        return Lookup(existing=existing)
    found = look_up(term)
    stated = Q()
    for name in _IDENTIFIERS:
        if found.fields.get(name):
            stated |= Study.having(name, found.fields[name])
    existing = Study.objects.filter(stated).first() if stated else None
    return Lookup(existing=existing) if existing else Lookup(found=found)


def study_values(found: Found) -> dict:
    """The Study field values the registries stated, with a free citation key and the abstract in the notes."""
    values = fit({name: value for name, value in found.fields.items() if value not in ("", None, [])})
    taken = set(Study.objects.filter(citation_key__startswith=_key_base(values)).values_list("citation_key", flat=True))
    values["citation_key"] = unique_key(_key_base(values), taken)
    values["notes"] = notes_for(found)
    return values


def notes_for(found: Found) -> str:
    today = timezone.localdate()
    lines = [f"Filled in from {found.source_text} on {today:%d %b %Y}."]
    if found.design_reason:
        lines.append(f"Design suggested from {found.design_reason}: check it against the paper.")
    if found.abstract:
        lines += ["", f"Abstract ({found.source_text}):", found.abstract]
    return "\n".join(lines)


def add_study(*, term: str, by) -> tuple[Study, bool]:
    """The study `term` names, from the library or added now as `by`'s draft; True when it was added."""
    lookup = look_up_study(term)
    if lookup.existing is not None:
        return lookup.existing, False
    values = study_values(lookup.found)
    if not values.get("design"):
        raise NoDesignSuggested(
            f"{lookup.found.source_text} do{'es' if len(lookup.found.sources) == 1 else ''} not say what kind of "
            "study this is: add it on the Add study page, where you choose its design."
        )
    study = Study(created_by=by, **values)
    with transaction.atomic():
        study.full_clean()
        study.save()
        working_copy_saved(item=study, by=by, note=f"Added from {term.strip()} while citing it")
    return study, True


def _key_base(values) -> str:
    """ "burt-2019", as the importer names studies (base_key reads an imported entry's authors, title and year)."""
    entry = ImportedEntry(
        entry=1, title=values.get("title", ""), authors=values.get("authors", []), year=str(values.get("year") or "")
    )
    return base_key(entry)
