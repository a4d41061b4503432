"""A Retraction Watch CSV written as Crossref publishes it: the real header, month-first dates, `;` lists."""

import csv
import io

import pytest

HEADER = [
    "Record ID",
    "Title",
    "Subject",
    "Institution",
    "Journal",
    "Publisher",
    "Country",
    "Author",
    "URLS",
    "ArticleType",
    "RetractionDate",
    "RetractionDOI",
    "RetractionPubMedID",
    "OriginalPaperDate",
    "OriginalPaperDOI",
    "OriginalPaperPubMedID",
    "RetractionNature",
    "Reason",
    "Paywalled",
    "Notes",
]


def watch_row(record_id, *, doi="", pmid="0", nature="Retraction", date="1/15/2024 0:00", **fields):
    """One row as a dict of the real columns; made-up DOIs under 10.5555 only."""
    row = dict.fromkeys(HEADER, "")
    row |= {
        "Record ID": str(record_id),
        "Title": f"Made-up paper {record_id}",
        "Journal": "Journal of Examples",
        "URLS": f"https://retractionwatch.example.org/{record_id};https://example.org/other",
        "RetractionDate": date,
        "RetractionDOI": f"10.5555/notice.{record_id}",
        "RetractionPubMedID": "0",
        "OriginalPaperDate": "3/2/2019 0:00",
        "OriginalPaperDOI": doi or "unavailable",
        "OriginalPaperPubMedID": pmid,
        "RetractionNature": nature,
        "Reason": "+Concerns/Issues About Data;+Duplication of Image;",
        "Paywalled": "No",
    }
    return row | fields


@pytest.fixture
def watch_csv(tmp_path):
    """watch_csv(rows, bom=True, extra_lines=()) → path of a CSV file with the real header and these rows."""

    def write(rows, *, bom=True, extra_lines=(), name="retraction_watch.csv"):
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        text = out.getvalue() + "".join(extra_lines)
        path = tmp_path / name
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
        return path

    return write
