"""A task for the fault drill (bench/faults.py): it notes each start and finish in a file, so the drill can
kill the worker between the two and count how often the task ran."""

import os
import time
from pathlib import Path

from django.tasks import task


@task
def noted_sleep(path: str, seconds: float):
    with Path(path).open("a") as notes:
        notes.write(f"start {os.getpid()}\n")
    time.sleep(seconds)
    with Path(path).open("a") as notes:
        notes.write(f"done {os.getpid()}\n")
