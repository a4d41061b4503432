import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("device", VIEWPORTS)
def test_reader_opens_an_article_from_the_home_page(live_server, browser, screenshot_dir, device):
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = browser.new_page(viewport=VIEWPORTS[device])
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "What research says about stem-cell therapies"
    page.screenshot(path=screenshot_dir / f"home-{device}.png", full_page=True)

    page.get_by_role("link", name="Blood stem cell transplant vs standard drugs", exact=False).first.click()
    assert "/articles/" in page.url
    assert page.get_by_role("heading", name="How strong is the evidence?").is_visible()
    assert "Randomised trial with 110 people" in page.locator(".evidence-box").inner_text()
    # Citation markers became numbered links to the reference list.
    page.locator("sup.cite a").first.click()
    assert page.url.endswith("#ref-1")
    assert "Medically reviewed by" in page.locator(".byline").inner_text()
    page.screenshot(path=screenshot_dir / f"article-{device}.png", full_page=True)
    # The strict Content Security Policy must not block anything the page needs.
    assert not [e for e in errors if "Content Security Policy" in e]
    page.close()
