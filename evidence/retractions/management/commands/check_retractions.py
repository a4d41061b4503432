"""python manage.py check_retractions [--study ID]: ask Crossref about notices on the library's papers."""

from django.core.management.base import BaseCommand, CommandError

from evidence.lookups import crossref
from evidence.models import Study
from evidence.retractions import checks


class Command(BaseCommand):
    help = (
        "Ask Crossref (EVIDENCE_CROSSREF_API) for retractions, expressions of concern and corrections on every "
        "study with a DOI, or on one study, and record them. Run it daily from cron (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--study", type=int, metavar="ID", help="Check only the study with this id.")

    def handle(self, *args, study=None, **options):
        if study is not None:
            return self._one(study)
        result = checks.check_library()
        for study_id, message in result.failed.items():
            self.stderr.write(f"  study {study_id}: {message}")
        self.stdout.write(
            f"Studies checked: {result.checked}; notices new: {result.new}, updated: {result.updated}; "
            f"newly blocking: {result.newly_blocking}; failed: {len(result.failed)}."
        )
        if result.failed and not result.checked:
            raise CommandError("Crossref answered for no study; see the messages above.")

    def _one(self, study_id):
        study = Study.objects.filter(pk=study_id).first()
        if study is None:
            raise CommandError(f"There is no study {study_id}.")
        try:
            recorded = checks.check_study(study)
        except crossref.CrossrefError as error:
            raise CommandError(str(error)) from error
        if recorded is None:
            raise CommandError(f"Study {study_id} “{study}” has no DOI to ask Crossref about.")
        self.stdout.write(
            f"{study}: notices new: {recorded.new}, updated: {recorded.updated}, unchanged: {recorded.unchanged}; "
            f"newly blocking: {len(recorded.newly_blocking)}."
        )
