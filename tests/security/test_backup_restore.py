"""`make backup` / `make restore`: the whole library survives a round trip, and bad files change nothing."""

import gzip
import os
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Scope
from accounts.services import issue_api_key
from accounts.signin import two_factor
from evidence.models import Article, AuditEntry, Status
from evidence.operations.backups import EXCLUDED, library_is_empty
from tests.factories import (
    ArticleFactory,
    ArticleReferenceFactory,
    CitationFactory,
    ConditionFactory,
    DisclaimerFactory,
    StudyFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def backed_up_models():
    skipped_apps = {label for label in EXCLUDED if "." not in label}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if model._meta.app_label not in skipped_apps and label not in EXCLUDED:
            yield model


def every_row():
    """Every row of every backed-up table, with links written as natural keys so ids may differ."""
    snapshot = {}
    for model in backed_up_models():
        rows = serializers.serialize(
            "python",
            model._default_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        # Many-to-many link rows are saved as lists on their owner, so their own ids are not kept.
        keep_pk = not model._meta.auto_created
        snapshot[model._meta.label] = sorted(
            repr(sorted(row["fields"].items())) + (repr(row.get("pk")) if keep_pk else "") for row in rows
        )
    return snapshot


@pytest.fixture
def library(walk, edit, writer, reviewer, editor, marketer):
    """A small library built through the real workflow: live items, a draft of a live article, audit, keys, 2FA."""
    condition = walk(ConditionFactory(name="Type 1 diabetes", slug="type-1-diabetes"))
    study = StudyFactory(doi="10.1000/example.1")
    study.conditions.add(condition)
    walk(study)
    article = ArticleFactory(author=writer, slug="stem-cells-for-t1d")
    article.conditions.add(condition)
    CitationFactory(article=article, study=study, position=1)
    ArticleReferenceFactory(article=article, position=1)
    walk(article)
    edit(article, title="A new title waiting for review")
    walk(ArticleFactory(author=writer, slug="in-review"), Status.IN_REVIEW)
    disclaimer = DisclaimerFactory()
    walk(disclaimer)
    disclaimer.articles.add(article)
    TOTPDevice.objects.create(user=reviewer, name="Authenticator app", confirmed=True)
    two_factor.new_recovery_codes(user=reviewer)
    issue_api_key(name="Newsletter tool", scopes=[Scope.LEADS], by=editor)
    UserFactory(email="former@example.com", is_active=False)
    return article


def test_backup_and_restore_round_trip_every_table(library, tmp_path):
    before = every_row()
    call_command("backup_library", directory=tmp_path, verbosity=0)
    (backup_file,) = tmp_path.glob("evidence-desk-*.backup.gz")

    call_command("flush", interactive=False, verbosity=0)
    assert library_is_empty() and not Group.objects.exists()
    call_command("restore_library", backup_file, verbosity=0)

    after = every_row()
    assert after == before
    assert Article.objects.get(slug="stem-cells-for-t1d").revisions.count() == 2
    assert AuditEntry.objects.count() == len(before["evidence.AuditEntry"]) > 0


def test_restored_people_can_sign_in_with_their_passwords(library, tmp_path, client):
    call_command("backup_library", directory=tmp_path, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_library", next(tmp_path.glob("*.backup.gz")), verbosity=0)

    response = client.post(
        "/admin/login/", {"username": "editor@example.com", "password": "correct-horse-battery-2026"}
    )

    assert response.status_code == 302


def test_backup_file_is_private_to_its_owner(library, tmp_path):
    call_command("backup_library", directory=tmp_path, verbosity=0)

    (backup_file,) = tmp_path.glob("*.backup.gz")
    assert os.stat(backup_file).st_mode & 0o077 == 0
    assert not list(tmp_path.glob(".partial-*"))


def test_restore_refuses_a_database_that_already_holds_a_library(library, tmp_path):
    call_command("backup_library", directory=tmp_path, verbosity=0)
    before = every_row()

    with pytest.raises(CommandError, match="already holds people or content"):
        call_command("restore_library", next(tmp_path.glob("*.backup.gz")), verbosity=0)

    assert every_row() == before


def test_restore_with_replace_existing_swaps_the_library_for_the_backup(library, tmp_path, walk, writer):
    call_command("backup_library", directory=tmp_path, verbosity=0)
    before = every_row()
    walk(ArticleFactory(author=writer, slug="written-after-the-backup"))

    call_command("restore_library", next(tmp_path.glob("*.backup.gz")), replace_existing=True, verbosity=0)

    assert every_row() == before
    assert not Article.objects.filter(slug="written-after-the-backup").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "There is no backup file"),
        (b"not gzip at all \x00\xff", "not a complete backup"),
        (gzip.compress(b'[{"model": "accounts.user", "fields": {"email": "a@exa'), "not a complete backup"),
        (gzip.compress(b'{"hello": "world"}'), "not an Evidence Desk backup"),
        (gzip.compress(b'[{"model": "evidence.nosuchthing", "pk": 1, "fields": {}}]'), "could not be loaded"),
    ],
    ids=["missing", "binary", "truncated", "wrong-shape", "unknown-model"],
)
def test_a_bad_backup_file_is_refused_with_a_clear_message_and_changes_nothing(tmp_path, writer, content, message):
    path = Path(tmp_path / "evidence-desk-broken.backup.gz")
    if content is not None:
        path.write_bytes(content)
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError, match=message):
        call_command("restore_library", path, verbosity=0)

    assert library_is_empty()


def test_restore_without_a_file_picks_the_newest_backup(library, tmp_path, settings):
    settings.EVIDENCE_BACKUP_DIR = str(tmp_path)
    call_command("backup_library", verbosity=0)
    before = every_row()
    call_command("flush", interactive=False, verbosity=0)

    call_command("restore_library", verbosity=0)

    assert every_row() == before


def test_restore_with_no_backups_says_where_it_looked(tmp_path, settings):
    settings.EVIDENCE_BACKUP_DIR = str(tmp_path)

    with pytest.raises(CommandError, match=f"No backup found in {tmp_path}"):
        call_command("restore_library", verbosity=0)


def test_backup_of_an_unreadable_database_says_so_and_leaves_no_partial_file(tmp_path):
    unreadable = mock.patch(
        "evidence.operations.backups.call_command", side_effect=OperationalError("no such table: auth_group")
    )
    with unreadable, pytest.raises(CommandError, match="Could not read the database"):
        call_command("backup_library", directory=tmp_path, verbosity=0)

    assert list(tmp_path.iterdir()) == []
