"""A backup takes the uploaded files with it, and a restore puts them back, through the storage API; a damaged or
unsafe media archive is refused before anything changes."""

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from evidence.operations import media

# A backup reads in a transaction of its own (REPEATABLE READ on PostgreSQL), as in tests/security/test_backup_restore.py.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def uploads(media_root):
    files = {"figures/2026/trial-flow.png": b"\x89PNG fake", "handout.pdf": b"%PDF-1.7 fake"}
    for name, content in files.items():
        default_storage.save(name, ContentFile(content))
    (media_root / media.PROBE_FOLDER).mkdir()
    (media_root / media.PROBE_FOLDER / "test-left-over.txt").write_text("probe")
    return files


def files_in(root):
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_backup_and_restore_bring_back_every_uploaded_file_but_the_probe(uploads, media_root, tmp_path, writer):
    backups = tmp_path / "backups"
    call_command("backup_library", directory=backups, verbosity=0)
    for path in list(media_root.rglob("*")):
        if path.is_file():
            path.unlink()
    call_command("flush", interactive=False, verbosity=0)

    call_command("restore_library", next(backups.glob("*.backup.gz")), verbosity=0)

    assert files_in(media_root) == uploads
    assert User.objects.filter(email=writer.email).exists()
    assert sorted(path.name for path in backups.iterdir()) == [
        next(backups.glob("*.backup.gz")).name,
        next(backups.glob("*.media.tar.gz")).name,
    ]


def test_a_restore_replaces_a_changed_file_of_the_same_name(uploads, media_root, tmp_path):
    call_command("backup_library", directory=tmp_path, verbosity=0)
    (media_root / "handout.pdf").write_bytes(b"changed since")

    call_command("restore_library", next(tmp_path.glob("*.backup.gz")), replace_existing=True, verbosity=0)

    assert (media_root / "handout.pdf").read_bytes() == uploads["handout.pdf"]
    assert not list(media_root.glob("handout_*"))  # not saved beside it under another name


def test_a_library_without_uploads_backs_up_an_empty_archive(media_root, tmp_path):
    call_command("backup_library", directory=tmp_path, verbosity=0)

    assert media.check(next(tmp_path.glob("*.media.tar.gz"))) == 0


def test_a_cut_short_media_archive_is_refused_before_the_database_changes(uploads, tmp_path, writer):
    call_command("backup_library", directory=tmp_path, verbosity=0)
    archive = next(tmp_path.glob("*.media.tar.gz"))
    archive.write_bytes(archive.read_bytes()[:-40])
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError, match="not a complete media archive"):
        call_command("restore_library", next(tmp_path.glob("*.backup.gz")), verbosity=0)

    assert not User.objects.exists()


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/cron.d/evil", f"{media.PROBE_FOLDER}/x.txt"])
def test_an_archive_naming_a_file_outside_the_storage_is_refused(tmp_path, name):
    archive = tmp_path / "evil.media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        entry = tarfile.TarInfo(name)
        entry.size = 1
        tar.addfile(entry, io.BytesIO(b"x"))

    with pytest.raises(media.MediaError, match="not ours to write"):
        media.check(archive)
