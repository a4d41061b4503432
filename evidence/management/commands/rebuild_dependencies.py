from django.core.management.base import BaseCommand

from evidence.services.dependencies import rebuild


class Command(BaseCommand):
    help = (
        "Record again what every live article shows (studies, conditions, people, disclaimers). Publishing keeps "
        "the record; run this once after upgrading to the version that introduced it. Safe to run at any time."
    )

    def handle(self, *args, **options):
        def progress(done, total):
            if options["verbosity"] > 1 or done == total or done % 10_000 == 0:
                self.stdout.write(f"  {done:,} of {total:,} live articles recorded")

        done = rebuild(progress=progress)
        self.stdout.write(f"Recorded what {done} live article(s) show.")
