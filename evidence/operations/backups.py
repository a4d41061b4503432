"""Back up and restore the whole library: content with every revision, audit trail, people, roles, keys.

The rule: a backup is one consistent, portable file, and a restore is all or
nothing into a database that holds no library yet (or is wiped on purpose).

Django's own serialiser does the work (dumpdata/loaddata with natural keys, in
the "backup" format: gzipped JSON with exact times, see backup_format.py), so
a backup taken from PostgreSQL restores into SQLite and back, and rows that
every database recreates by itself (content types, permissions) are referred to
by name rather than copied. Sessions, live lockout counters and worker
heartbeats are left out: they are short-lived and meaningless elsewhere.
Uploaded files go in a second file beside it (media.py).
"""

import gzip
import json
import os
import zlib
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from evidence.operations import media

EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "operations.workerheartbeat",
]
# What "this database already holds a library" means: people or any content.
LIBRARY_MODELS = ["accounts.User", "evidence.Article", "evidence.Study", "evidence.Condition", "evidence.Disclaimer"]


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message says why in plain words."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


def backup(directory: Path) -> Path:
    """Write a gzipped JSON backup named by the time it was taken; return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    name = f"evidence-desk-{timezone.now():%Y%m%d-%H%M%S}.backup.gz"
    partial = directory / f".partial-{name}"  # a crash mid-way never leaves a file that looks complete
    try:
        _dump(partial)
    except (CommandError, DatabaseError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(
            f"Could not read the database (is it reachable and migrated?): {error}", "unreadable"
        ) from error
    os.chmod(partial, 0o600)  # it holds password hashes and two-factor secrets
    final = directory / name
    _back_up_media(media.media_path_for(final))
    os.replace(partial, final)  # last: a backup that looks complete has its media beside it
    return final


def _back_up_media(path: Path) -> None:
    partial = path.with_name(f".partial-{path.name}")
    try:
        media.back_up(partial)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Could not read the uploaded files (is the storage reachable?): {error}", "media") from error
    os.replace(partial, path)


def _dump(path: Path) -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One snapshot for every table, even while people keep editing.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command(
            "dumpdata",
            format="backup",
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            output=str(path),
            verbosity=0,
        )


def rows_in_backup(path: Path) -> Counter:
    """Count the rows per model in a backup, reading it whole: a damaged file is refused before any change."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as file:
            objects = json.load(file)
    except FileNotFoundError as error:
        raise BackupError(f"There is no backup file at {path}.", "missing") from error
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} is not a complete backup (damaged or cut short): {error}", "damaged") from error
    if not isinstance(objects, list) or not all(isinstance(o, dict) and "model" in o for o in objects):
        raise BackupError(f"{path} is not an Evidence Desk backup: it does not list saved rows.", "not_a_backup")
    return Counter(o["model"] for o in objects)


def library_is_empty() -> bool:
    return not any(apps.get_model(label).objects.exists() for label in LIBRARY_MODELS)


def restore(path: Path, *, replace_existing=False) -> Counter:
    """Load a backup into this database; with replace_existing, wipe what is there first."""
    expected = rows_in_backup(path)
    media_path = media.media_path_for(path)
    if media_path.exists():
        try:
            media.check(media_path)  # before anything changes, like the rows
        except media.MediaError as error:
            raise BackupError(str(error), "media_damaged") from error
    if not replace_existing and not library_is_empty():
        raise BackupError(
            "This database already holds people or content. Restore into an empty database, "
            "or replace everything in it on purpose (make restore FORCE=1, or --replace-existing).",
            "not_empty",
        )
    try:
        with transaction.atomic():  # all or nothing: a failed restore leaves the database as it was
            if replace_existing:
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(path), verbosity=0)
            _check_counts(expected)
    except (DeserializationError, IntegrityError, DatabaseError, ValidationError) as error:
        raise BackupError(f"The backup could not be loaded, nothing was changed: {error}", "load_failed") from error
    if media_path.exists():
        try:
            media.restore(media_path)
        except (OSError, media.MediaError) as error:
            raise BackupError(
                f"The database was restored, but the uploaded files were not all written: {error}", "media_failed"
            ) from error
    if apps.is_installed("evidence.media"):
        call_command("rebuild_renditions", verbosity=0)  # figures' renditions the archive lacked are made again
    return expected


def _check_counts(expected: Counter) -> None:
    for label, count in expected.items():
        found = apps.get_model(label).objects.count()
        if found != count:
            raise BackupError(
                f"After loading, {label} has {found} rows but the backup has {count}; nothing was changed.",
                "count_mismatch",
            )
