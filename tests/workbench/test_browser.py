"""The workbench clicked through in Chromium: the editor's toolbar, the live preview, what it flags, the leave
warning and getting typed text back, under the site's strict CSP.

The preview's update time is measured here (last keystroke to the words appearing in the preview, by
performance.now() in the page) and written to tests/artifacts/workbench-preview-latency.json; docs/benchmarks.md
reports it. No time is asserted.
"""

import json
import statistics

import pytest
from playwright.sync_api import expect

from evidence.services.revisions import working_copy_saved
from tests.browser.actions import follow
from tests.factories import PASSWORD, ArticleFactory, CitationFactory, StudyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1500, "height": 950}
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
document.addEventListener("keydown", () => { window.__lastKey = performance.now(); }, true);
"""
SHOWN_AT = """(word) => new Promise((resolve) => {
  const look = () => {
    const frame = document.querySelector(".workbench-frame");
    const main = frame && frame.contentDocument && frame.contentDocument.querySelector("main");
    if (main && main.textContent.includes(word)) resolve(performance.now() - window.__lastKey);
    else requestAnimationFrame(look);
  };
  look();
})"""


@pytest.fixture
def article(writer):
    study = StudyFactory(citation_key="burt-2019", title="Stem cell transplantation in multiple sclerosis")
    working_copy_saved(item=study, by=writer)
    article = ArticleFactory(author=writer, title="Stem cells for MS", body="Intro.")
    CitationFactory(article=article, study=study, position=1)
    working_copy_saved(item=article, by=writer)
    return article


@pytest.fixture
def writer_page(browser, live_server, writer):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", writer.email)
    page.fill("#id_password", PASSWORD)
    follow(page, page.locator("#login-form [type=submit]"))
    yield page
    context.close()


def open_article(page, live_server, article):
    page.goto(f"{live_server.url}/admin/evidence/article/{article.pk}/change/")
    expect(page.locator(".workbench-preview-state")).to_have_text("Up to date")


def type_in_editor(page, text):
    page.locator(".workbench .CodeMirror [contenteditable]").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def preview(page):
    return page.frame_locator(".workbench-frame")


def test_toolbar_preview_and_flags_under_a_strict_csp(writer_page, live_server, article, screenshot_dir):
    page = writer_page
    open_article(page, live_server, article)
    for name in ("Section heading (##)", "Bold", "Bulleted list", "Link", "Table", "Cite a study: [@citation-key]"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    expect(page.get_by_role("button", name="Insert a figure: [[figure:ID]]")).to_be_enabled()

    type_in_editor(page, "\n\nTrials")
    page.get_by_role("button", name="Section heading (##)").click()
    expect(preview(page).locator(".body h2")).to_have_text("Trials")

    type_in_editor(page, "\n\nA trial found fewer relapses [@burt-2019].")
    expect(preview(page).locator(".body sup.cite a")).to_have_text("[1]")
    expect(preview(page).locator("#ref-1")).to_contain_text("Stem cell transplantation in multiple sclerosis")
    expect(preview(page).locator(".evidence-box")).to_contain_text("Randomised trial")

    type_in_editor(page, "\n\n# Another title\n\n<div>boxed</div>\n\n![scan](https://example.org/scan.png)\n")
    flags = page.locator(".workbench-dropped")
    expect(flags).to_contain_text("level-1 heading")
    expect(flags).to_contain_text("Raw HTML <div>")
    expect(flags).to_contain_text("external image")
    expect(page.locator(".workbench-dropped-line")).to_have_count(3)

    page.get_by_role("button", name="Phone").click()
    expect(page.locator(".workbench-frame")).to_have_css("width", "390px")
    page.screenshot(path=screenshot_dir / "workbench-editor.png")
    assert page.evaluate("window.__csp") == []


def test_the_preview_update_time_is_measured(writer_page, live_server, article, screenshot_dir):
    page = writer_page
    open_article(page, live_server, article)
    times = []
    for word in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet"):
        type_in_editor(page, f" {word}{len(times)}")
        times.append(page.evaluate(SHOWN_AT, f"{word}{len(times)}"))
    result = {
        "samples": [round(t) for t in times],
        "median_ms": round(statistics.median(times)),
        "max_ms": round(max(times)),
        "debounce_ms": 250,
    }
    (screenshot_dir / "workbench-preview-latency.json").write_text(json.dumps(result, indent=2))
    print("preview update after the last keystroke:", result)


def test_leaving_with_unsaved_text_warns_and_the_text_comes_back(writer_page, live_server, article):
    page = writer_page
    open_article(page, live_server, article)
    type_in_editor(page, "\n\nWords I must not lose.")
    expect(page.locator(".workbench-autosave-status")).to_contain_text("Draft kept on the server", timeout=10_000)

    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.get_by_role("link", name="Articles").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert "/change/" in page.url

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("link", name="Articles").first.click()

    page.goto(f"{live_server.url}/admin/evidence/article/{article.pk}/change/")
    offer = page.locator("#workbench-restore")
    expect(offer).to_contain_text("Restore the text you were writing at")
    expect(page.locator(".workbench .CodeMirror")).not_to_contain_text("Words I must not lose.")
    offer.get_by_role("button", name="Restore it").click()
    expect(page.locator(".workbench .CodeMirror")).to_contain_text("Words I must not lose.")
    expect(preview(page).locator(".body")).to_contain_text("Words I must not lose.")

    # Saving is not warned about, and the saved text is not offered again.
    follow(page, page.get_by_role("button", name="Save and continue editing"))
    expect(page.locator(".messagelist")).to_contain_text("Saved as revision 2.")
    expect(page.locator("#workbench-restore")).to_be_hidden()
    assert page.evaluate("window.__csp") == []
