from django.core.management.base import BaseCommand

from evidence.services.scheduling import run_due_schedules


class Command(BaseCommand):
    help = "Publish and unpublish what is due. Run from cron every few minutes; safe to run twice at once."

    def handle(self, *args, **options):
        published, unpublished, failed = run_due_schedules()
        for item, reason in failed:
            self.stderr.write(f"Not published: {item}: {reason}")
        self.stdout.write(f"Published {published}, unpublished {unpublished}, refused {len(failed)}.")
