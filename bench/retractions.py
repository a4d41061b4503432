"""`make bench-retractions`: import_retractions on a synthetic Retraction Watch file the size of the real one.

Writes a 60,000-row CSV with the real header (~850 bytes a row, ~50 MB, like Crossref's file) and a SQLite
library of BENCH_RETRACTIONS_STUDIES (300) studies, BENCH_RETRACTIONS_MATCHING (40) of them retracted in the
file (made-up DOIs under 10.5555 only), then runs the command in its own process and reports its wall time and
peak memory (the child's ru_maxrss, from os.wait4). Target: under 30 s and 200 MB. A second run measures the
idempotent re-import. Results in bench/results/retractions-<time>.json and printed.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HEADER = [
    "Record ID", "Title", "Subject", "Institution", "Journal", "Publisher", "Country", "Author", "URLS",
    "ArticleType", "RetractionDate", "RetractionDOI", "RetractionPubMedID", "OriginalPaperDate", "OriginalPaperDOI",
    "OriginalPaperPubMedID", "RetractionNature", "Reason", "Paywalled", "Notes",
]  # fmt: skip
NATURES = ["Retraction"] * 8 + ["Correction", "Expression of concern"]
SEED = """
from evidence.models import Study
Study.objects.bulk_create(
    Study(citation_key=f"bench-{{n}}", title=f"Benchmark paper {{n}}", doi=f"10.5555/bench.{{n}}", pmid=str(800000 + n),
          design="randomised_trial", population="human")
    for n in range({studies})
)
"""


def write_csv(path: Path, rows: int, matching: int):
    filler = "Department of Regenerative Medicine, University of Examples, Example City; " * 3
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for n in range(rows):
            doi = f"10.5555/BENCH.{n}" if n < matching else f"10.5555/elsewhere.{n}"
            writer.writerow([
                50000 + n, f"A made-up paper about cells, number {n}", "(BLS) Biology - Cellular;(HSC) Medicine;",
                filler, "Journal of Examples", "Example Press", "Nowhere", "A. Author;B. Author;C. Author",
                f"https://retractionwatch.example.org/{n};https://example.org/{n}", "Research Article;",
                f"{n % 12 + 1}/{n % 28 + 1}/2024 0:00", f"10.5555/notice.{n}", "0", "3/2/2019 0:00", doi,
                "0", NATURES[n % len(NATURES)], "+Concerns/Issues About Data;+Duplication of Image;", "No",
                "See the notice, and the editor's comment. " * 3,
            ])  # fmt: skip


def run_measured(command, env) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out, err = process.stdout.read(), process.stderr.read()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"import_retractions failed:\n{out}\n{err}")
    return {"seconds": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024, 1), "summary": out.strip()}


def main():
    rows = int(os.environ.get("BENCH_RETRACTIONS_ROWS", "60000"))
    studies = int(os.environ.get("BENCH_RETRACTIONS_STUDIES", "300"))
    matching = int(os.environ.get("BENCH_RETRACTIONS_MATCHING", "40"))
    with tempfile.TemporaryDirectory(prefix="bench-retractions-") as name:
        folder = Path(name)
        env = os.environ | {
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "DJANGO_DEBUG": "true",
            "DJANGO_SECRET_KEY": "bench-only",
            "EVIDENCE_TASKS_IMMEDIATE": "true",
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "shell", "-c", SEED.format(studies=studies)], cwd=ROOT, env=env, check=True)
        path = folder / "retraction_watch.csv"
        write_csv(path, rows, matching)
        size_mb = round(path.stat().st_size / 1e6, 1)
        print(f"{rows:,} rows ({size_mb} MB), {studies} studies, {matching} retracted in the file…", flush=True)
        first = run_measured([*manage, "import_retractions", str(path)], env)
        again = run_measured([*manage, "import_retractions", str(path)], env)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": rows,
        "file_mb": size_mb,
        "studies": studies,
        "matching": matching,
        "first_import": first,
        "re_import": again,
        "target": {"seconds": 30, "peak_mb": 200},
        "met": all(r["seconds"] < 30 and r["peak_mb"] < 200 for r in (first, again)),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"retractions-{datetime.now(UTC):%Y%m%dT%H%M%S}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    if not result["met"]:
        raise SystemExit("Target missed: under 30 s and 200 MB.")


if __name__ == "__main__":
    main()
