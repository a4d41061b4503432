"""python manage.py import_retractions FILE: record the Retraction Watch notices on the library's papers."""

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from evidence.models import Study
from evidence.retractions import watch
from evidence.retractions.models import Source
from evidence.retractions.services import Found, record_notices

SHOWN_MALFORMED = 10  # rows named in the summary; the rest are counted


class _Counted(io.RawIOBase):
    """A binary file that reports each read to a progress bar, under the text layer the CSV reader reads."""

    def __init__(self, raw, bar):
        self.raw, self.bar = raw, bar

    def readable(self):
        return True

    def readinto(self, buffer):
        n = self.raw.readinto(buffer)
        self.bar.update(n or 0)
        return n


class Library:
    """The identifiers of every study in the library, read once: 60,000 rows are then set look-ups."""

    def __init__(self):
        self.by_doi, self.by_pmid = {}, {}
        for pk, doi, pmid in Study.objects.values_list("pk", "doi", "pmid").iterator(chunk_size=2000):
            if doi:
                self.by_doi[doi.lower()] = pk
            if pmid:
                self.by_pmid[pmid] = pk

    def studies_of(self, row) -> set[int]:
        found = {self.by_doi.get(row.original_doi), self.by_pmid.get(row.original_pmid)}
        return {pk for pk in found if pk is not None}


class Command(BaseCommand):
    help = (
        "Read the Retraction Watch CSV (Crossref's daily retraction_watch.csv) and record, for every study in the "
        "library whose DOI or PMID is an original paper there, its retractions, expressions of concern, corrections "
        "and reinstatements. Safe to run again: a notice already recorded is updated in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the Retraction Watch CSV.")
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show the progress bar even when not writing to a terminal (it shows on a terminal anyway).",
        )

    def handle(self, *args, file, progress=False, verbosity=1, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {path}: give the path to the Retraction Watch CSV.")
        library = Library()
        stats = {"rows": 0, "matched": 0}
        found, malformed = [], []
        # tqdm draws on a terminal only (disable=None), so cron mail and logs get the summary alone.
        disable = True if verbosity == 0 else (False if progress else None)
        bar = tqdm(total=path.stat().st_size, unit="B", unit_scale=True, desc="Reading", disable=disable)
        with bar, path.open("rb", buffering=0) as raw:
            counted = io.BufferedReader(_Counted(raw, bar), 1 << 20)
            # Bytes that are not UTF-8 fail in their own row (watch.row), not the whole file.
            text = io.TextIOWrapper(counted, encoding="utf-8-sig", errors="surrogateescape", newline="")
            try:
                for line, row in watch.read(text):
                    stats["rows"] += 1
                    if isinstance(row, watch.Malformed):
                        malformed.append((line, str(row)))
                        continue
                    studies = library.studies_of(row)
                    if studies:
                        stats["matched"] += 1
                        found += [_found(pk, row) for pk in studies]
            except watch.NotTheFile as error:
                raise CommandError(f"{path}: {error}") from error
        recorded = record_notices(found, source=Source.RETRACTION_WATCH)
        self._summary(stats, recorded, malformed)

    def _summary(self, stats, recorded, malformed):
        self.stdout.write(
            f"Rows read: {stats['rows']}; about a study in the library: {stats['matched']}; "
            f"notices new: {recorded.new}, updated: {recorded.updated}, unchanged: {recorded.unchanged}; "
            f"malformed rows skipped: {len(malformed)}."
        )
        if recorded.newly_blocking:
            self.stdout.write(
                f"{len(recorded.newly_blocking)} new retraction(s) or expression(s) of concern: the articles citing "
                "them are on their reviewers' and the editors' desks."
            )
        for line, reason in malformed[:SHOWN_MALFORMED]:
            self.stderr.write(f"  line {line}: {reason}")
        if len(malformed) > SHOWN_MALFORMED:
            self.stderr.write(f"  … and {len(malformed) - SHOWN_MALFORMED} more.")


def _found(study_id, row) -> Found:
    return Found(
        study_id=study_id,
        source_key=row.record_id,
        nature=row.nature,
        date=row.date,
        reasons=row.reasons,
        notice_doi=row.notice_doi,
        notice_url=row.notice_url,
    )
