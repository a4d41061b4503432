"""The browser tests here share tests/browser's artifacts folder for screenshots and measurements."""

from tests.browser.conftest import screenshot_dir  # noqa: F401
