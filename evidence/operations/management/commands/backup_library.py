from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evidence.operations import media
from evidence.operations.backups import BackupError, backup, rows_in_backup


class Command(BaseCommand):
    help = (
        "Back up the whole library (content and revisions, audit trail, people, roles, two-factor devices, "
        "API keys) to a gzipped JSON file (*.backup.gz) named by the time, the uploaded files to a *.media.tar.gz "
        "beside it, and print the backup's path as the last line."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=None,
            help="Folder for the backup file (default: EVIDENCE_BACKUP_DIR, i.e. backups/ in the project).",
        )

    def handle(self, *args, directory=None, **options):
        directory = directory or Path(settings.EVIDENCE_BACKUP_DIR)
        try:
            path = backup(directory)
            rows = rows_in_backup(path)
            files = media.check(media.media_path_for(path))
        except (BackupError, media.MediaError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(
            f"Backed up {sum(rows.values())} rows from {len(rows)} tables, and {files} uploaded files beside them "
            "(.media.tar.gz). Keep these files private."
        )
        self.stdout.write(str(path))
