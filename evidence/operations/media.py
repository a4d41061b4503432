"""Uploaded files in a backup: every file of the default storage, read and written through Django's storage API,
so the same code serves the local MEDIA_ROOT and an object store.

The rule: the files go into a tar.gz beside the database backup (same name, `.media.tar.gz`); a restore reads
the whole archive first (a damaged one is refused before anything changes) and then writes each file under its
own name, replacing a file of that name. Files in storage that the backup does not hold are left alone. The
health check's probe folder is never copied.
"""

import io
import tarfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.core.files.base import File
from django.core.files.storage import default_storage

PROBE_FOLDER = "health_check_storage_test"  # django-health-check's Storage check writes and deletes files here


class MediaError(Exception):
    """An archive that is damaged or names a file outside the storage."""


def media_path_for(backup_path: Path) -> Path:
    return backup_path.with_name(backup_path.name.removesuffix(".backup.gz") + ".media.tar.gz")


def stored_names(folder: str = "") -> Iterator[str]:
    """Every file name in the default storage, depth first."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # a local MEDIA_ROOT that was never created holds nothing
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        if not (folder == "" and sub == PROBE_FOLDER):
            yield from stored_names(f"{folder}/{sub}" if folder else sub)


def back_up(path: Path) -> int:
    """Write every stored file into a tar.gz at `path`; return how many."""
    count = 0
    with tarfile.open(path, "w:gz") as archive:
        for name in stored_names():
            with default_storage.open(name, "rb") as stored:
                content = stored.read()
            entry = tarfile.TarInfo(name)
            entry.size = len(content)
            archive.addfile(entry, io.BytesIO(content))
            count += 1
    return count


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and path.parts[0] != PROBE_FOLDER


def check(path: Path) -> int:
    """Read the whole archive and refuse it if damaged or unsafe; return how many files it holds."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            count = 0
            for entry in archive:
                if not entry.isfile() or not _safe(entry.name):
                    raise MediaError(f"{path} names a file that is not ours to write: {entry.name!r}")
                archive.extractfile(entry).read()  # reads through, so a cut-short archive fails here
                count += 1
    except (OSError, EOFError, zlib.error, tarfile.TarError) as error:
        raise MediaError(f"{path} is not a complete media archive (damaged or cut short): {error}") from error
    return count


def restore(path: Path) -> int:
    """Write every file of a checked archive into the default storage under its own name; return how many."""
    count = 0
    with tarfile.open(path, "r:gz") as archive:
        for entry in archive:
            if default_storage.exists(entry.name):
                default_storage.delete(entry.name)
            saved = default_storage.save(entry.name, File(archive.extractfile(entry), name=entry.name))
            if saved != entry.name:
                raise MediaError(f"The storage saved {entry.name!r} as {saved!r}; restore it by hand.")
            count += 1
    return count
