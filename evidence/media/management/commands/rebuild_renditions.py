from django.core.management.base import BaseCommand

from evidence.media.renditions import rebuild_missing


class Command(BaseCommand):
    help = (
        "Make again every figure rendition whose file is missing (after restore_library, or a lost bucket). "
        "--all remakes every rendition (after changing the widths or quality)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", dest="everything", help="Remake every rendition.")

    def handle(self, *args, everything=False, **options):
        made = rebuild_missing(everything=everything)
        self.stdout.write(f"Made {made} renditions.")
