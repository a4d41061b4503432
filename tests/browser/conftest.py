"""Browser tests drive Debian's Chromium through Playwright (Playwright cannot download its own here)."""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def chromium_path():
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


# The `browser` fixture lives in tests/conftest.py: tests/hostile drives the same Chromium, and Playwright's
# sync API cannot run two at once in one process.


@pytest.fixture
def screenshot_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
