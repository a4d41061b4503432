"""The API docs page (Swagger UI from drf-spectacular-sidecar) works under the site's strict CSP.

The policy has no 'unsafe-inline': the page's one inline <style> carries the response's nonce
(templates/api/swagger_ui.html), and every script and stylesheet comes from our own static files.
"""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium reports a blocked script or style on the console; the DOM event names the directive too.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) =>
  console.error(`Content Security Policy violation: ${event.effectiveDirective} ${event.blockedURI}`));
"""


@pytest.fixture
def docs_page(browser, live_server):
    page = browser.new_page()
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.add_init_script(REPORT_VIOLATIONS)
    page.csp = page.goto(live_server.url + "/api/v1/docs/").headers["content-security-policy"]
    yield page
    page.close()


def test_api_docs_render_the_operations_under_the_strict_policy(docs_page):
    expect(docs_page.locator(".opblock-summary-path", has_text="/api/v1/articles/").first).to_be_visible()
    expect(docs_page.locator(".opblock-summary-path", has_text="/api/v1/leads/")).to_be_visible()
    docs_page.locator(".opblock-summary", has_text="/api/v1/articles/").first.click()
    expect(docs_page.get_by_role("button", name="Try it out").first).to_be_visible()

    assert docs_page.console_errors == []  # no CSP violation, no failed script
    # The page's own inline style was applied, not blocked: its background is Swagger's grey.
    assert docs_page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(250, 250, 250)"
    assert "unsafe-inline" not in docs_page.csp
    assert "style-src 'self' 'nonce-" in docs_page.csp
