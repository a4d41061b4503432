"""A reader's journey through the public site in headless Chromium, and an accessibility check with axe-core."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evidence.enquiries.models import Enquiry
from tests.browser.actions import follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
MS_ARTICLE = "Blood stem cell transplant vs standard drugs"


@pytest.fixture
def demo(live_server):
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url


@pytest.fixture
def open_page(browser):
    """open_page(viewport): a new page that records console errors (a CSP block shows up there)."""
    pages = []

    def open_with(viewport):
        page = browser.new_page(viewport=viewport)
        page.console_errors = []
        page.on(
            "console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None
        )
        pages.append(page)
        return page

    yield open_with
    for page in pages:
        page.close()


@pytest.mark.parametrize("device", VIEWPORTS)
def test_reader_opens_an_article_from_the_home_page(demo, open_page, screenshot_dir, device):
    page = open_page(VIEWPORTS[device])

    page.goto(demo + "/")
    expect(page.locator("h1")).to_have_text("What research says about stem-cell therapies")
    follow(page, page.get_by_role("link", name=MS_ARTICLE, exact=False).first)
    expect(page).to_have_url(re.compile(r"/articles/[\w-]+/$"))
    expect(page.get_by_role("heading", name="How strong is the evidence?")).to_be_visible()
    expect(page.locator(".evidence-box")).to_contain_text("Randomised trial with 110 people")
    # Citation markers became numbered links to the reference list (same page, so no load to wait for).
    page.locator("sup.cite a").first.click()
    expect(page).to_have_url(re.compile(r"#ref-1$"))
    expect(page.locator(".byline")).to_contain_text("Medically reviewed by")
    # The JSON-LD data block has no nonce, and Chromium has nothing to say about it under the policy.
    assert page.locator('script[type="application/ld+json"]:not([nonce])').count() == 1
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


@pytest.mark.parametrize("device", VIEWPORTS)
def test_reader_searches_filters_reads_and_signs_up(demo, open_page, screenshot_dir, device):
    page = open_page(VIEWPORTS[device])

    page.goto(demo + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()  # shown on keyboard focus
    page.screenshot(path=screenshot_dir / f"home-{device}.png", full_page=True)

    page.get_by_label("Search summaries, studies and conditions").fill("multiple sclerosis")
    follow(page, page.get_by_label("Search summaries, studies and conditions"), key="Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=multiple\+sclerosis"))
    expect(page.get_by_role("heading", name="Summaries")).to_be_visible()
    expect(page.get_by_role("link", name=MS_ARTICLE, exact=False).first).to_be_visible()
    page.screenshot(path=screenshot_dir / f"search-{device}.png", full_page=True)

    page.goto(demo + "/articles/")
    page.get_by_label("Condition").select_option(label="Multiple sclerosis")
    page.get_by_label("Strongest evidence").select_option(label="Randomised trial")
    follow(page, page.get_by_role("button", name="Show summaries"))
    expect(page).to_have_url(re.compile(r"condition=multiple-sclerosis.*strongest=6"))
    cards = page.locator(".article-card")
    expect(cards.first).to_be_visible()
    assert all("Multiple sclerosis" in text for text in cards.all_inner_texts())
    page.screenshot(path=screenshot_dir / f"articles-filtered-{device}.png", full_page=True)

    follow(page, cards.first.get_by_role("link"))
    expect(page.get_by_role("heading", name="How strong is the evidence?")).to_be_visible()
    expect(page.locator(".byline")).to_contain_text("Next review due")
    page.screenshot(path=screenshot_dir / f"article-{device}.png", full_page=True)

    follow(page, page.get_by_role("contentinfo").get_by_role("link", name="Newsletter"))
    follow(page, page.get_by_role("button", name="Sign up"))  # nothing filled in yet
    expect(page.locator(".form-errors")).to_contain_text("Enter your e-mail address")
    page.get_by_label("Your e-mail address").fill(f"reader-{device}@example.org")
    page.get_by_label("I agree that Evidence Desk may e-mail me").check()
    follow(page, page.get_by_role("button", name="Sign up"))
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    page.screenshot(path=screenshot_dir / f"newsletter-thanks-{device}.png", full_page=True)

    assert Enquiry.objects.filter(email=f"reader-{device}@example.org").exists()
    assert page.context.cookies() == []  # no cookie, so no consent banner is needed
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


MAIN_PAGES = [
    "/", "/articles/", "/articles/?condition=nothing", "/articles/hsct-vs-disease-modifying-therapy-relapsing-ms/",
    "/articles/exosomes-osteoarthritis-mouse-study/", "/conditions/", "/conditions/multiple-sclerosis/",
    "/studies/burt-2019/", "/search/?q=stem+cells", "/search/?q=unicorn", "/disclaimers/", "/privacy/",
    "/newsletter/", "/information-packet/", "/no-such-page/",
]  # fmt: skip


@pytest.mark.parametrize("device", VIEWPORTS)
def test_main_pages_have_no_serious_accessibility_violations(demo, open_page, device):
    from axe_playwright_python.sync_playwright import Axe

    axe, page, found = Axe(), open_page(VIEWPORTS[device]), {}
    for path in MAIN_PAGES:
        page.goto(demo + path)
        found[path] = axe.run(page).response["violations"]
    page.goto(demo + "/information-packet/")
    follow(page, page.get_by_role("button", name="Send my request"))  # the form with its error messages
    found["/information-packet/ (errors)"] = axe.run(page).response["violations"]

    serious = {
        path: [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        for path, violations in found.items()
    }
    assert not {path: v for path, v in serious.items() if v}, serious
