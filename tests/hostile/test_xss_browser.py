"""The XSS corpus in headless Chromium: no payload runs on any page that shows it, public or admin.

Every payload calls `__xss(n)` or `alert(n)`. The trap is a function exposed to
every page and frame, so a call is recorded in Python even if the payload then
navigates away; dialogs (`alert`, `confirm`, `prompt`) are caught too. After
each page has loaded and rendered, the DOM is also searched for what could run
later (event handlers, `javascript:`/`data:` addresses, frames, foreign scripts).

The Content Security Policy is switched off here on purpose: it would block
most payloads by itself, and this test is about the first wall, escaping and
sanitising. The CSP, the second wall, is tested in tests/security/test_headers.py.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.actions import follow
from tests.factories import PASSWORD
from tests.hostile.corpus import PAYLOADS, chunk

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# What in the rendered DOM could still run: returned as readable strings, empty when the page is clean.
FIND_RUNNABLE = """() => {
  const found = [];
  const scheme = /^(javascript|vbscript|livescript|data):/i;
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"];
  // The editor's live preview: our own frame, sandboxed without scripts; its document is read like the page's.
  const isPreview = element => element.localName === "iframe" && element.classList.contains("workbench-frame")
    && element.hasAttribute("sandbox") && !element.sandbox.contains("allow-scripts");
  const documents = [document];
  for (const frame of document.querySelectorAll("iframe.workbench-frame")) {
    if (isPreview(frame) && frame.contentDocument) documents.push(frame.contentDocument);
  }
  for (const root of documents) for (const element of root.querySelectorAll("*")) {
    const preview = isPreview(element);
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\x00-\\x20\\x7f]/g, "");
      if (name.startsWith("on")) found.push(`${name} on <${element.localName}>`);
      if (preview && name === "srcdoc") continue;  // read as a document above
      if (urlAttributes.includes(name) && (name === "srcdoc" || scheme.test(value))) {
        found.push(`${name}="${attribute.value.slice(0, 80)}" on <${element.localName}>`);
      }
    }
    if (!preview && ["iframe", "frame", "object", "embed", "base", "portal"].includes(element.localName)) {
      found.push(`<${element.localName}> element`);
    }
    if (element.localName === "script") {
      const data = ["application/ld+json", "application/json"].includes(element.type);
      const ours = element.src && new URL(element.src).origin === location.origin;
      if (!data && !ours) found.push(`script ${element.src || element.textContent.slice(0, 80)}`);
    }
  }
  return found;
}"""
# Let autofocus, toggle and load events that a payload may have queued run before looking.
SETTLE = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))"


@pytest.fixture
def hostile_site(hostile_library, live_server, settings):
    settings.SECURE_CSP = {}  # measure escaping and sanitising alone (see the module docstring)
    return hostile_library


@pytest.fixture
def trapped_page(browser, live_server):
    """trapped_page(): a page whose every frame has __xss() and whose dialogs are recorded, plus the hits list."""
    contexts = []

    def open_page():
        context = browser.new_context()
        contexts.append(context)
        hits = []
        context.expose_function("__xss", lambda *args: hits.append(f"__xss({', '.join(map(str, args))})"))
        page = context.new_page()
        page.on("dialog", lambda dialog: (hits.append(f"{dialog.type}({dialog.message})"), dialog.dismiss()))
        return page, hits

    yield open_page
    for context in contexts:
        context.close()


def visit(page, hits, url):
    """Open `url`; return what ran or could run there, as readable strings."""
    hits.clear()
    response = page.goto(url, wait_until="load")
    page.evaluate(SETTLE)
    problems = [f"ran {hit}" for hit in hits]
    if response is None or response.status >= 500:
        problems.append(f"answered {response.status if response else 'nothing'}")
    problems += page.evaluate(FIND_RUNNABLE)
    return problems


def sign_in(page, base, user):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(f"{base}/admin/")


def test_no_payload_runs_on_any_public_page_or_the_feed(hostile_site, live_server, trapped_page):
    page, hits = trapped_page()
    urls = [*hostile_site.public_pages(), "/feeds/articles/", *hostile_site.reflected_searches()]

    found = {url: problems for url in urls if (problems := visit(page, hits, live_server.url + url))}

    assert found == {}
    assert len(urls) > 2 * len(PAYLOADS)  # every article, condition and study page, and each payload searched


def test_no_payload_runs_in_the_admin_where_staff_read_and_compare_it(
    hostile_site, live_server, trapped_page, superuser
):
    page, hits = trapped_page()
    base = live_server.url
    sign_in(page, base, superuser)
    for i in range(5):  # visitors' text reaches staff through the public forms (five posts: the rate limit)
        page.goto(f"{base}/information-packet/")
        page.get_by_label("Your name").fill(chunk(120, i))
        page.get_by_label("Your e-mail address").fill("visitor@example.org")
        page.get_by_label("Your question (optional)").fill(chunk(2000, i))
        page.get_by_label("I agree that Evidence Desk may use my name").check()
        follow(page, page.get_by_role("button", name="Send my request"))
        expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    article, study = hostile_site.articles[0], hostile_site.studies[0]
    urls = [
        "/admin/", "/admin/evidence/article/", "/admin/evidence/study/", "/admin/evidence/condition/",
        "/admin/evidence/disclaimer/", "/admin/enquiries/enquiry/", "/admin/accounts/user/",
        f"/admin/evidence/article/{article.pk}/change/", f"/admin/evidence/article/{article.pk}/revisions/?a=1&b=3",
        f"/admin/evidence/article/{article.pk}/revisions/1/preview/",
        f"/admin/evidence/article/{article.pk}/revisions/3/preview/",
        f"/admin/evidence/study/{study.pk}/change/", f"/admin/evidence/study/{study.pk}/revisions/?a=1&b=2",
        f"/admin/evidence/condition/{hostile_site.conditions[0].pk}/change/",
        f"/admin/evidence/disclaimer/{hostile_site.disclaimers[1].pk}/change/",
        f"/admin/accounts/user/{hostile_site.people[0].pk}/change/",
    ]  # fmt: skip

    found = {url: problems for url in urls if (problems := visit(page, hits, base + url))}

    # The conditions autocomplete draws hostile condition names with the admin's own script.
    page.goto(f"{base}/admin/evidence/article/{article.pk}/change/")
    page.locator(".field-conditions .select2-selection").click()
    page.locator(".select2-search__field").fill("xss")
    results = page.locator(".select2-results__option[role=option]:not(.loading-results)")
    results.first.wait_for()
    page.evaluate(SETTLE)
    dropdown = [f"ran {hit}" for hit in hits] + page.evaluate(FIND_RUNNABLE)
    assert found == {}
    assert dropdown == []
    assert results.count() > 1
