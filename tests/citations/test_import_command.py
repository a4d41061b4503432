"""python manage.py import_citations FILE [--dry-run]."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from evidence.models import Study
from tests.citations.conftest import FILES

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_citations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_a_medline_file_and_merges_by_pmid(wu_2014, writer):
    out, _ = run(str(FILES / "pubmed.nbib"), "--as", writer.email)

    assert f"adds authors, all authors listed to study #{wu_2014.pk}" in out
    assert "Imported: 1 new draft studies, 1 merged." in out
    new = Study.objects.get(pmid="99999901")
    assert (new.created_by, new.revisions.get().created_by) == (writer, writer)


def test_dry_run_shows_the_plan_and_writes_nothing():
    out, _ = run(str(FILES / "references.json"), "--dry-run")

    assert "Entry 1: Wang 2016" in out and "new draft study “wang-2016”" in out
    assert "Summary: 2 new study." in out
    assert "Dry run: nothing was written." in out
    assert Study.objects.count() == 0


def test_broken_file_imports_nothing_and_names_entry_line_and_problem():
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_citations", str(FILES / "cut-off.ris"), "--design", "observational", stdout=out)
    assert Study.objects.count() == 0  # entry 1 was fine, but an import is all or nothing
    assert "Entry 2 (line 9): Testperson, “A second synthetic paper whose export was cut”: it has no closing" in (
        out.getvalue()
    )


def test_unreadable_file_is_a_clear_error():
    with pytest.raises(CommandError, match=r"not-references\.pdf: This file is not text"):
        run(str(FILES / "not-references.pdf"))


def test_missing_file_and_unknown_person_are_clear_errors():
    with pytest.raises(CommandError, match="No file at"):
        run("/nonexistent/refs.ris")
    with pytest.raises(CommandError, match=r"No active account with the e-mail nobody@example\.com"):
        run(str(FILES / "references.json"), "--as", "nobody@example.com")


def test_large_file_shows_progress(tmp_path):
    path = tmp_path / "bulk.ris"
    path.write_text(
        "".join(f"TY  - JOUR\nTI  - Synthetic paper {n}\nDO  - 10.5555/test.cmd{n}\nER  - \n" for n in range(120))
    )

    out, err = run(str(path), "--design", "observational")

    assert "Checking: 100/120" in err and "Checking: 120/120" in err and "Importing: 120/120" in err
    assert "Imported: 120 new draft studies, 0 merged." in out
    assert Study.objects.count() == 120
