"""Decide what an import would do, entry by entry, before anything is written.

Each entry is one of: a new study; details added to a study already in the
library (matched by DOI, PMID or PMCID, so it is merged, not duplicated); a
repeat of an earlier entry in the same file; already in the library with
nothing to add; or invalid, with the reason. New and merged studies are
checked with the Study model's own validation, so an import obeys the same
rules as the admin. The plan reads the library in a fixed number of queries
whatever the size of the file.
"""

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from evidence.citations.keys import base_key, unique_key
from evidence.citations.parsers import ParsedFile
from evidence.citations.records import ImportedEntry
from evidence.models import Population, Study, StudyDesign

# Details an import may add to a study already in the library: only where the study has none.
FILLABLE = ("journal", "year", "volume", "issue", "pages", "doi", "pmid", "pmcid", "url")


class Outcome(models.TextChoices):
    CREATE = "create", "New study"
    MERGE = "merge", "Adds details to a study in the library"
    UNCHANGED = "unchanged", "Already in the library"
    DUPLICATE = "duplicate", "Repeats an earlier entry"
    INVALID = "invalid", "Cannot be imported"


@dataclass
class PlannedEntry:
    reference: ImportedEntry
    outcome: str = Outcome.INVALID
    study: Study | None = None  # the new study, or the library's study with the changes applied (unsaved)
    changes: dict = field(default_factory=dict)  # field name → (value in the library, imported value)
    problems: list[str] = field(default_factory=list)
    note: str = ""
    seen_version: int | None = None  # edit_version of the matched study when planned

    @property
    def outcome_label(self):
        return Outcome(self.outcome).label

    @property
    def changed_fields(self) -> str:
        """What a merge adds, in the admin's words: "authors, all authors listed"."""
        return ", ".join(str(Study._meta.get_field(name).verbose_name) for name in self.changes)


@dataclass
class ImportPlan:
    format: str
    source: str
    entries: list[PlannedEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # problems with the file as a whole

    def of(self, outcome) -> list[PlannedEntry]:
        return [e for e in self.entries if e.outcome == outcome]

    @property
    def invalid(self):
        return self.of(Outcome.INVALID)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: len(self.of(outcome)) for outcome in Outcome.values}

    @property
    def can_import(self) -> bool:
        """All or nothing: any invalid entry or file problem stops the whole import."""
        return not self.problems and not self.invalid and bool(self.of(Outcome.CREATE) or self.of(Outcome.MERGE))

    def fingerprint(self) -> str:
        """Changes when what a commit would write changes, so a stale preview is never committed."""
        parts = [
            f"{e.outcome}|{e.study.pk if e.study else ''}|{e.seen_version}|{sorted(e.changes.items())!r}|"
            f"{e.study.citation_key if e.study else ''}"
            for e in self.entries
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def validation_message(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for name, errors in error.message_dict.items():
        label = Study._meta.get_field(name).verbose_name if name != "__all__" else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return "; ".join(parts)


def _identifiers(reference) -> tuple[dict, list[str]]:
    found, problems = {}, []
    for name, normalise in Study.IDENTIFIER_NORMALISERS:
        try:
            value = normalise(getattr(reference, name))
        except ValidationError as error:
            problems.append(" ".join(error.messages))
            continue
        if value:
            found[name] = value
    return found, problems


def _keyed(name: str, value: str) -> tuple[str, str]:
    """An identifier as the planner compares it: DOIs in any case are the same paper."""
    return (name, value.lower() if name == "doi" else value)


class Planner:
    def __init__(self, parsed: ParsedFile, *, design: str = "", source: str = ""):
        self.parsed, self.design, self.source = parsed, design, source
        self.keys_taken = set(Study.objects.values_list("citation_key", flat=True))
        self.claimed = {}  # ("doi", value) → entry number that brings it into the library
        self.library = {}  # ("doi", value) → study in the library
        self.identified = [_identifiers(r) for r in parsed.references]
        names = [name for name, _ in Study.IDENTIFIER_NORMALISERS]
        wanted = {name: {found[name] for found, _ in self.identified if name in found} for name in names}
        if not any(wanted.values()):
            return
        # One query with three IN lists, whatever the number of entries.
        dois = [doi.lower() for doi in wanted["doi"]]
        query = Q(doi__lower__in=dois) | Q(pmid__in=wanted["pmid"]) | Q(pmcid__in=wanted["pmcid"])
        for study in Study.objects.filter(query):
            for name in names:
                if getattr(study, name):
                    self.library[_keyed(name, getattr(study, name))] = study

    def plan(self, progress: Callable | None = None) -> ImportPlan:
        plan = ImportPlan(format=self.parsed.format, source=self.source, problems=list(self.parsed.problems))
        total = len(self.parsed.references)
        for done, (reference, (found, problems)) in enumerate(
            zip(self.parsed.references, self.identified, strict=True), 1
        ):
            plan.entries.append(self._entry(reference, found, problems))
            if progress:
                progress(done, total)
        return plan

    def _entry(self, reference, found, identifier_problems) -> PlannedEntry:
        entry = PlannedEntry(reference=reference, problems=[*reference.problems, *identifier_problems])
        if not reference.title:
            entry.problems.append("it has no title")
        if reference.year and reference.year_number is None:
            entry.problems.append(f"“{reference.year}” is not a year of publication")
        if entry.problems:
            return entry
        found_keys = [_keyed(n, v) for n, v in found.items()]
        if earlier := {self.claimed[key] for key in found_keys if key in self.claimed}:
            entry.outcome, entry.note = Outcome.DUPLICATE, f"Same paper as entry {min(earlier)}; imported once."
            return entry
        matches = {self.library[key].pk: self.library[key] for key in found_keys if key in self.library}
        if len(matches) > 1:
            names = " and ".join(f"#{s.pk} “{s}”" for s in matches.values())
            entry.problems.append(f"its identifiers belong to different studies in the library ({names})")
            return entry
        for key in found_keys:
            self.claimed[key] = reference.entry
        if matches:
            return self._merge(entry, next(iter(matches.values())), found)
        return self._create(entry, found)

    def _create(self, entry, found) -> PlannedEntry:
        reference = entry.reference
        design = reference.design or self.design
        if not design:
            # Imported all the same, as a draft a writer completes: it cannot be submitted until the design is set.
            entry.note = "design not yet set: imported as a draft; choose its design before submitting it"
        study = Study(
            citation_key=unique_key(base_key(reference), self.keys_taken),
            title=reference.title,
            authors=reference.authors,
            authors_complete=reference.authors_complete,
            year=reference.year_number,
            design=design,
            population=_population(design, reference.studied_in),
            notes=f"Imported from {self.source or 'a reference file'} (entry {reference.entry}) on "
            f"{timezone.localdate():%d %b %Y}. Check the study design, population and sample size.",
            **{name: getattr(reference, name) for name in ("journal", "volume", "issue", "pages", "url")},
            **found,
        )
        return self._validated(entry, study, Outcome.CREATE)

    def _merge(self, entry, existing, found) -> PlannedEntry:
        reference = entry.reference
        imported = {name: getattr(reference, name) for name in FILLABLE} | found | {"year": reference.year_number}
        changes = {
            name: (getattr(existing, name), imported[name])
            for name in FILLABLE
            if imported.get(name) and not getattr(existing, name)
        }
        for name in ("doi", "pmid", "pmcid"):
            holder = self.library.get(_keyed(name, changes.get(name, (None, ""))[1] or ""))
            if holder is not None and holder.pk != existing.pk:
                entry.problems.append(f"its {name.upper()} is already recorded for study #{holder.pk} “{holder}”")
                return entry
        if _fuller_author_list(existing, reference):
            changes["authors"] = (existing.authors, reference.authors)
            changes["authors_complete"] = (existing.authors_complete, reference.authors_complete)
        entry.seen_version = existing.edit_version
        if not changes:
            entry.outcome, entry.study = Outcome.UNCHANGED, existing
            entry.note = f"Already in the library as #{existing.pk} “{existing}”; nothing to add."
            return entry
        if existing.is_locked:
            entry.outcome, entry.study = Outcome.UNCHANGED, existing
            entry.note = (
                f"Matches #{existing.pk} “{existing}”, which is {existing.get_status_display().lower()}; "
                f"its {', '.join(changes)} were not added. Reopen it and import again to add them."
            )
            return entry
        study = copy.copy(existing)
        for name, (_, new) in changes.items():
            setattr(study, name, new)
        entry.changes = changes
        return self._validated(entry, study, Outcome.MERGE)

    def _validated(self, entry, study, outcome) -> PlannedEntry:
        try:
            # Uniqueness was checked above against the library and the file in two queries;
            # the commit runs the full validation again, under a transaction.
            study.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            entry.problems.append(validation_message(error))
            return entry
        entry.outcome, entry.study = outcome, study
        return entry


def _population(design, studied_in) -> str:
    if design == StudyDesign.IN_VITRO:
        return Population.IN_VITRO
    if design == StudyDesign.ANIMAL:
        return Population.ANIMAL
    return studied_in or Population.HUMAN


def _fuller_author_list(existing, reference) -> bool:
    """The file names authors where the library has none, or lists all of them where the library has the first few."""
    if not reference.authors:
        return False
    if not existing.authors:
        return True
    return (
        not existing.authors_complete and reference.authors_complete and len(reference.authors) >= len(existing.authors)
    )


def plan_import(parsed: ParsedFile, *, design: str = "", source: str = "", progress=None) -> ImportPlan:
    """Plan the import of a parsed file; nothing is written."""
    return Planner(parsed, design=design, source=source).plan(progress)
