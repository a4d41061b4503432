"""`import_retractions FILE`: the Retraction Watch CSV read into notices on the library's studies."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from evidence.retractions.models import Nature, Notice, Source
from tests.factories import StudyFactory
from tests.retractions.conftest import watch_row

pytestmark = pytest.mark.django_db


def run(path, *args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_retractions", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_notices_are_recorded_for_studies_matched_by_doi_in_any_case_and_by_pmid(watch_csv):
    by_doi = StudyFactory(doi="10.5555/trial.one")
    by_pmid = StudyFactory(pmid="900001")
    StudyFactory(doi="10.5555/never.retracted")
    path = watch_csv(
        [
            watch_row(1001, doi="10.5555/TRIAL.ONE"),
            watch_row(1002, pmid="900001", nature="Expression of concern", date="11/3/2023 0:00"),
            watch_row(1003, doi="10.5555/someone.else", pmid="900099"),
        ]
    )

    out, _ = run(path)

    retraction = Notice.objects.get(study=by_doi)
    assert (retraction.nature, retraction.date, retraction.source, retraction.source_key) == (
        Nature.RETRACTION,
        datetime.date(2024, 1, 15),
        Source.RETRACTION_WATCH,
        "1001",
    )
    assert retraction.reasons == "Concerns/Issues About Data; Duplication of Image"
    assert retraction.notice_doi == "10.5555/notice.1001"
    assert retraction.notice_url == "https://retractionwatch.example.org/1001"
    concern = Notice.objects.get(study=by_pmid)
    assert (concern.nature, concern.date) == (Nature.EXPRESSION_OF_CONCERN, datetime.date(2023, 11, 3))
    assert Notice.objects.count() == 2
    assert "Rows read: 3; about a study in the library: 2; notices new: 2, updated: 0, unchanged: 0" in out


def test_quoted_fields_with_commas_and_line_breaks_and_a_bom_are_read(watch_csv):
    study = StudyFactory(doi="10.5555/quoted")
    path = watch_csv(
        [
            watch_row(
                2001,
                doi="doi:10.5555/quoted",
                Title='Cells, "exosomes" and mice,\nrevisited',
                Reason="+Error in Analyses;+Results Not Reproducible, in part;",
                Notes="See the notice;\nand the editor's comment, too.",
            )
        ]
    )

    run(path)

    notice = Notice.objects.get(study=study)
    assert notice.reasons == "Error in Analyses; Results Not Reproducible, in part"


def test_every_nature_in_the_file_is_understood(watch_csv):
    study = StudyFactory(doi="10.5555/many.notices")
    natures = ["Retraction", "Expression of concern", "Correction", "Reinstatement"]
    path = watch_csv([watch_row(3000 + n, doi=study.doi, nature=nature) for n, nature in enumerate(natures)])

    run(path)

    assert set(Notice.objects.values_list("nature", flat=True)) == {
        Nature.RETRACTION,
        Nature.EXPRESSION_OF_CONCERN,
        Nature.CORRECTION,
        Nature.REINSTATEMENT,
    }


def test_malformed_rows_are_counted_and_named_by_line_and_the_rest_is_read(watch_csv):
    study = StudyFactory(doi="10.5555/kept")
    path = watch_csv(
        [
            watch_row(4001, doi=study.doi, date="15/1/2024 0:00"),  # day first: no such month
            watch_row(4002, doi=study.doi, nature="Retraction and apology"),
            watch_row("not-a-number", doi=study.doi),
            watch_row(4004, doi=study.doi),
        ],
        extra_lines=["4005,too,few,columns\r\n", "\r\n"],
    )

    out, err = run(path)

    assert list(Notice.objects.values_list("source_key", flat=True)) == ["4004"]
    assert "malformed rows skipped: 4." in out
    assert "line 2: the date “15/1/2024 0:00” is not month/day/year" in err
    assert "line 3: unknown RetractionNature “Retraction and apology”" in err
    assert "line 4: the Record ID “not-a-number” is not a number" in err
    assert "line 6: 4 columns where the header has 20" in err


def test_running_again_changes_nothing_and_a_corrected_row_updates_its_notice_in_place(watch_csv):
    study = StudyFactory(doi="10.5555/again")
    path = watch_csv([watch_row(5001, doi=study.doi)])
    run(path)
    first = Notice.objects.get()

    out, _ = run(path)

    assert "notices new: 0, updated: 0, unchanged: 1" in out
    assert Notice.objects.get().updated_at == first.updated_at

    path = watch_csv([watch_row(5001, doi=study.doi, date="2/1/2024 0:00", Reason="+Misconduct;")])
    out, _ = run(path)

    notice = Notice.objects.get()
    assert (notice.pk, notice.date, notice.reasons) == (first.pk, datetime.date(2024, 2, 1), "Misconduct")
    assert "notices new: 0, updated: 1, unchanged: 0" in out


def test_a_file_that_is_not_the_retraction_watch_csv_is_refused_with_a_clear_message(tmp_path):
    wrong = tmp_path / "references.csv"
    wrong.write_text("title,doi\nA paper,10.5555/x\n")
    binary = tmp_path / "picture.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff\xfe" * 50)

    with pytest.raises(CommandError, match="not the Retraction Watch CSV: its first line lacks “Record ID”"):
        run(wrong)
    with pytest.raises(CommandError, match="not the Retraction Watch CSV"):
        run(binary)
    with pytest.raises(CommandError, match="No file at"):
        run(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="empty or not CSV"):
        run(empty)


def test_bytes_that_are_not_utf8_spoil_only_their_row(watch_csv):
    study = StudyFactory(doi="10.5555/bytes")
    path = watch_csv([watch_row(6001, doi=study.doi), watch_row(6002, doi=study.doi)])
    raw = path.read_bytes().replace(b"Made-up paper 6001", b"Made-up paper \xff\xfe")
    path.write_bytes(raw)

    _out, err = run(path)

    assert list(Notice.objects.values_list("source_key", flat=True)) == ["6002"]
    assert "line 2: bytes that are not UTF-8 text" in err
