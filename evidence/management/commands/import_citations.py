"""python manage.py import_citations FILE [--dry-run]: add studies from a RIS, BibTeX, MEDLINE or CSL-JSON file.

All or nothing: if any entry is invalid, nothing is written and every problem
is listed with its entry number. --dry-run shows the same preview and stops.
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from evidence.citations import parsers
from evidence.citations.plan import Outcome, plan_import
from evidence.models import StudyDesign
from evidence.services.imports import ImportRefused, import_references


class Command(BaseCommand):
    help = "Import references as draft studies; entries matching a study by DOI, PMID or PMCID are merged into it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .ris, .bib, .nbib (PubMed MEDLINE) or CSL-JSON .json file.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would happen; write nothing.")
        parser.add_argument("--format", choices=parsers.Format.values, default="", help="Skip format detection.")
        parser.add_argument(
            "--design",
            choices=StudyDesign.values,
            default="",
            help="Study design for new studies whose entry does not say (PubMed publication types do).",
        )
        parser.add_argument("--as", dest="email", default="", help="E-mail of the writer recorded as importing.")

    def handle(self, *args, file, dry_run, format, design, email, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            parsed = parsers.parse(parsers.decode(path.read_bytes()), format, path.name)
        except parsers.UnreadableFile as error:
            raise CommandError(f"{path.name}: {error}") from error
        plan = plan_import(parsed, design=design, source=path.name, progress=self._progress("Checking"))
        self._report(plan)
        if plan.problems or plan.invalid:
            raise CommandError("Nothing was imported: fix the problems above and run the command again.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        if not plan.can_import:
            self.stdout.write("Nothing to import: every entry is already in the library.")
            return
        try:
            result = import_references(plan=plan, by=self._person(email), progress=self._progress("Importing"))
        except ImportRefused as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(f"Imported: {len(result.created)} new draft studies, {len(result.merged)} merged.")
        )

    def _person(self, email):
        if not email:
            return None
        person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise CommandError(f"No active account with the e-mail {email}.")
        return person

    def _progress(self, stage):
        """A counter on stderr for files large enough to wait for; a live line on a terminal."""
        interactive = sys.stderr.isatty()

        def report(done, total):
            if total < 50:
                return
            if interactive:
                self.stderr.write(f"\r{stage}: {done}/{total}", ending="" if done < total else "\n")
            elif done % 100 == 0 or done == total:
                self.stderr.write(f"{stage}: {done}/{total}")

        return report

    def _report(self, plan):
        self.stdout.write(f"{plan.source} ({parsers.Format(plan.format).label}): {len(plan.entries)} entries.")
        for problem in plan.problems:
            self.stdout.write(self.style.ERROR(f"  File: {problem}"))
        for entry in plan.entries:
            if entry.outcome == Outcome.INVALID:
                self.stdout.write(self.style.ERROR(f"  {entry.reference.label}: {'; '.join(entry.problems)}."))
            elif entry.outcome == Outcome.MERGE:
                self.stdout.write(f"  {entry.reference.label}: adds {entry.changed_fields} to study #{entry.study.pk}.")
            elif entry.outcome in (Outcome.DUPLICATE, Outcome.UNCHANGED):
                self.stdout.write(f"  {entry.reference.label}: {entry.note}")
            else:
                self.stdout.write(f"  {entry.reference.label}: new draft study “{entry.study.citation_key}”.")
        counts = plan.counts
        summary = ", ".join(f"{counts[o]} {Outcome(o).label.lower()}" for o in Outcome.values if counts[o])
        self.stdout.write(f"Summary: {summary or 'nothing'}.")
