"""The list of errors at the top of a change form, clicked through in Chromium: an error in an inline row far
down the page (a column that can sit cut off at 1280 px) is named at the top, and its link takes the writer to
the field itself, in view and ready to type in."""

import pytest
from playwright.sync_api import expect

from evidence.models import ArticleReference
from evidence.services.revisions import working_copy_saved
from tests.browser.actions import save_and_continue
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IN_VIEW = """(element) => {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.top >= 0 && box.left >= 0
    && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
}"""


@pytest.fixture
def article(writer):
    article = ArticleFactory(author=writer, title="Stem cells for MS", body="A trial found fewer relapses.")
    working_copy_saved(item=article, by=writer)
    return article


def test_an_error_in_an_inline_row_is_listed_at_the_top_and_its_link_brings_the_field_into_focus(
    sign_in, live_server, writer, article
):
    page = sign_in(writer)
    page.goto(f"{live_server.url}/admin/evidence/article/{article.pk}/change/")
    page.locator("#references-group .add-row a").click()
    page.fill("#id_references-0-title", "NHS page on MS")
    page.fill("#id_references-0-url", "https://www.nhs.uk/conditions/multiple-sclerosis/")
    # The date picker takes a six-digit year (a slip of the keyboard); the server cannot read it as a date.
    page.fill("#id_references-0-published_on", "20245-03-05")
    save_and_continue(page)

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("One thing to correct before this can be saved")
    link = summary.get_by_role("link", name="Other references, row 1: Published: Enter a valid date.")
    expect(link).to_have_attribute("href", "#id_references-0-published_on")
    assert ArticleReference.objects.filter(article=article).count() == 0  # nothing was saved

    field = page.locator("#id_references-0-published_on")
    assert not field.evaluate(IN_VIEW)  # the inline is far below the summary
    link.click()

    expect(field).to_be_focused()
    assert field.evaluate(IN_VIEW)
    # The typed row is still there to correct, not lost with the refused save.
    expect(page.locator("#id_references-0-title")).to_have_value("NHS page on MS")
