"""A task that writes one line per run, so a test can count how often a worker ran it."""

from pathlib import Path

from django.tasks import task


@task
def count_run(path: str):
    with Path(path).open("a") as runs:
        runs.write("ran\n")
