"""The editor's Figure button in Chromium, under the strict CSP: search the figure library, see thumbnails with
their alt text, and click one to place its marker on a line of its own."""

import pytest
from playwright.sync_api import expect

from evidence.services.revisions import working_copy_saved
from tests.browser.actions import write_body
from tests.factories import ArticleFactory, FigureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_the_figure_button_inserts_the_chosen_figures_marker_on_its_own_line(sign_in, live_server, writer):
    FigureFactory(by=writer, title="Relapse chart", alt_text="Bar chart of relapses in each group")
    wanted = FigureFactory(by=writer, title="Progression chart", alt_text="Bar chart of people who got worse")
    article = ArticleFactory(author=writer, title="Stem cells for MS", body="Intro.")
    working_copy_saved(item=article, by=writer)
    page = sign_in(writer)
    page.context.add_init_script(WATCH_CSP)
    page.goto(f"{live_server.url}/admin/evidence/article/{article.pk}/change/")
    write_body(page, "First paragraph.")

    page.get_by_role("button", name="Insert a figure: [[figure:ID]]").click()
    dialog = page.get_by_role("dialog", name="Insert a figure")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("link", name="Upload figures")).to_have_attribute("href", "/admin/media/figure/upload/")
    expect(dialog.locator(".workbench-figure-choice")).to_have_count(2)  # the newest, before anything is typed
    dialog.get_by_role("searchbox").fill("got worse")
    expect(dialog.locator(".workbench-figure-choice")).to_have_count(1)
    choice = dialog.locator(".workbench-figure-choice")
    expect(choice).to_contain_text("Alt text: Bar chart of people who got worse")
    thumbnail = choice.locator("img")
    expect(thumbnail).to_have_attribute("alt", "")
    assert thumbnail.get_attribute("width") and thumbnail.get_attribute("height")
    choice.click()

    expect(dialog).to_be_hidden()
    body = page.locator("textarea[name=body]")
    expect(body).to_have_value(f"First paragraph.\n\n{wanted.marker}")
    assert page.evaluate("window.__csp") == []
