from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evidence.operations.backups import BackupError, restore


def newest_backup(directory: Path) -> Path:
    found = sorted(directory.glob("evidence-desk-*.backup.gz"))
    if not found:
        raise CommandError(f"No backup found in {directory}. Name one: restore_library path/to/backup.gz")
    return found[-1]


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_library into this (migrated) database. Refuses a database that "
        "already holds people or content unless --replace-existing is given. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="The backup file (default: the newest in backups/).")
        parser.add_argument(
            "--replace-existing",
            action="store_true",
            help="Delete everything in this database first, then restore.",
        )

    def handle(self, *args, path=None, replace_existing=False, **options):
        path = path or newest_backup(Path(settings.EVIDENCE_BACKUP_DIR))
        try:
            rows = restore(path, replace_existing=replace_existing)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {sum(rows.values())} rows into {len(rows)} tables from {path}.")
