"""Reference files cut short, corrupted or binary: the importer previews what it can and says what it cannot.

The sample exports in tests/citations/files are cut at every kind of place,
have bytes flipped or text spliced in, or are replaced by random bytes; the
same bytes go through the parsers and planner, the admin's upload page and
the `import_citations` command. None may raise anything but a refusal with a
message, and none may write a study (the real import is all or nothing).
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from evidence.citations import parsers
from evidence.citations.plan import plan_import
from evidence.models import Study

from .conftest import assert_answered
from .strategies import FUZZ, hostile_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SAMPLES = Path(__file__).resolve().parents[1] / "citations" / "files"
EXPORTS = {
    name: (SAMPLES / name).read_bytes() for name in ("library.ris", "library.bib", "pubmed.nbib", "references.json")
}


@st.composite
def damaged_files(draw):
    """(file name, bytes): a sample export cut, corrupted or spliced, or random bytes under a plausible name."""
    name = draw(st.sampled_from(sorted(EXPORTS)))
    data = EXPORTS[name]
    damage = draw(st.sampled_from(["cut", "flip", "splice", "binary"]))
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "flip":
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    elif damage == "splice":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(hostile_text).encode() + data[at:]
    else:
        data = draw(st.binary(max_size=2048))
    return name, data


def plan_or_refusal(name, data):
    """What the importer makes of the bytes: ("refused", message) or ("planned", plan)."""
    try:
        parsed = parsers.parse(parsers.decode(data), "", name)
    except parsers.UnreadableFile as error:
        return "refused", str(error)
    return "planned", plan_import(parsed, source=name)


def test_any_damaged_file_is_previewed_or_refused_with_a_reason():
    outcomes = set()

    @FUZZ
    @given(file=damaged_files())
    def check(file):
        outcome, result = plan_or_refusal(*file)
        outcomes.add(outcome)
        if outcome == "refused":
            assert result.strip()
        else:
            assert all(problem.strip() for problem in result.problems)
            for entry in result.invalid:
                assert entry.problems and all(p.strip() for p in entry.problems), entry.reference
        assert not Study.objects.exists()

    check()
    assert outcomes == {"refused", "planned"}


def test_admin_upload_of_any_damaged_file_shows_a_preview_or_the_reason(writer_client):
    @FUZZ
    @given(file=damaged_files())
    def check(file):
        name, data = file
        response = writer_client.post("/admin/evidence/study/import/", {"file": SimpleUploadedFile(name, data)})
        assert_answered(response)  # the preview, or the form with the reason
        page = response.content.decode()
        assert "What this import would do" in page or 'class="errornote"' in page
        assert not Study.objects.exists()

    check()


def test_import_command_reports_a_damaged_file_without_a_traceback(tmp_path):
    @FUZZ
    @given(file=damaged_files())
    def check(file):
        name, data = file
        path = tmp_path / name
        path.write_bytes(data)
        try:
            call_command("import_citations", str(path), "--dry-run", stdout=open("/dev/null", "w"))  # noqa: SIM115
        except CommandError as error:
            assert str(error).strip()  # shown to the person as one line, exit status 1
        assert not Study.objects.exists()

    check()


def test_a_nul_byte_deep_inside_a_large_file_is_refused_as_not_text():
    """Past the first 8 kB as well: PostgreSQL could neither store nor search a NUL in a study's text."""
    entry = EXPORTS["library.ris"]
    data = entry * 20 + b"TY  - JOUR\nTI  - Hidden\x00byte\nER  - \n"
    assert len(data) > 8192

    outcome, message = plan_or_refusal("library.ris", data)

    assert outcome == "refused"
    assert "not text" in message
