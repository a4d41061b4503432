"""In Chromium: one review round takes an article, its new study and its new condition live; the schedule form
names what is scheduled and cancels it; a withdrawal asks for a reason and the old address explains itself."""

import pytest
from playwright.sync_api import expect

from evidence.models import Status
from evidence.services import workflow
from evidence.services.revisions import working_copy_saved
from tests.browser.actions import follow, workflow_button
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, StudyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Loads:
    """Counts the pages a person's window loads (navigations of the main frame)."""

    def __init__(self, page):
        self.count = 0
        page.on("framenavigated", lambda frame: setattr(self, "count", self.count + (frame == page.main_frame)))


@pytest.fixture
def submitted(writer):
    condition = ConditionFactory(name="Heart failure", slug="heart-failure")
    working_copy_saved(item=condition, by=writer)
    study = StudyFactory(title="A small trial in heart failure", doi="10.5555/round.1")
    study.save()
    study.conditions.add(condition)
    working_copy_saved(item=study, by=writer)
    article = ArticleFactory(author=writer, slug="hf-round", title="Stem cells after heart failure",
                             exempt_from_source_rule=False)  # fmt: skip
    article.conditions.add(condition)
    CitationFactory(article=article, study=study, position=1)
    working_copy_saved(item=article, by=writer)
    workflow.perform("submit", item=article, by=writer)
    return article, study, condition


def test_the_reviewer_and_the_editor_take_article_study_and_condition_live_in_six_page_loads(
    live_server, sign_in, submitted, reviewer, editor, screenshot_dir
):
    article, study, condition = submitted
    reviewing = sign_in(reviewer)
    loads = Loads(reviewing)
    follow(reviewing, reviewing.locator(".desk-review").get_by_role("link", name="Stem cells after heart failure"))
    bundle = reviewing.locator(".review-bundle")
    expect(bundle).to_contain_text("A small trial in heart failure")
    expect(bundle).to_contain_text("Heart failure")
    reviewing.screenshot(path=screenshot_dir / "review-round-bundle.png", full_page=True)
    workflow_button(reviewing, "Approve")
    expect(reviewing.locator(".messagelist")).to_contain_text("approved")

    publishing = sign_in(editor)
    editor_loads = Loads(publishing)
    follow(publishing, publishing.locator(".desk-ready").get_by_role("link", name="Stem cells after heart failure"))
    workflow_button(publishing, "Publish now")
    expect(publishing.locator(".messagelist")).to_contain_text("published")

    for item in (article, study, condition):
        item.refresh_from_db()
        assert item.status == Status.PUBLISHED, item
    assert loads.count + editor_loads.count <= 6, (loads.count, editor_loads.count)
    publishing.goto(f"{live_server.url}/articles/hf-round/")
    expect(publishing.locator("main")).to_contain_text("A small trial in heart failure")


def test_the_schedule_is_named_and_cancelled_and_a_withdrawal_explains_itself(live_server, sign_in, walk, editor,
                                                                              writer, screenshot_dir):  # fmt: skip
    article = walk(ArticleFactory(author=writer, slug="to-withdraw", title="A page to withdraw"), Status.PUBLISHED)
    page = sign_in(editor)
    page.goto(f"{live_server.url}/admin/evidence/article/{article.pk}/change/")
    page.fill("#unpublish-at", "2099-01-02T10:30")
    workflow_button(page, "Save schedule")
    expect(page.locator(".messagelist")).to_contain_text("scheduled to unpublish at 2099-01-02 10:30")
    expect(page.locator(".schedule-now")).to_contain_text("withdraw the public page on 2 Jan 2099, 10:30")
    workflow_button(page, "Cancel schedule")
    expect(page.locator(".messagelist")).to_contain_text("nothing is scheduled any more")

    follow(page, page.get_by_role("link", name="Unpublish…"))
    page.get_by_role("button", name="Withdraw the public page").click()  # no reason chosen: the form stops it
    expect(page.get_by_text("What readers are told")).to_be_visible()
    assert not page.locator("input[name=reason]").first.evaluate("radio => radio.validity.valid")
    page.get_by_label("A newer summary replaces it").check()
    page.fill("#withdraw-comment", "Replaced by the 2027 review.")
    follow(page, page.get_by_role("button", name="Withdraw the public page"))
    expect(page.locator(".messagelist")).to_contain_text("unpublished")

    answer = page.goto(f"{live_server.url}/articles/to-withdraw/")
    assert answer.status == 410
    expect(page.locator("main")).to_contain_text("A page to withdraw")
    expect(page.locator("main")).to_contain_text("A newer summary replaces it")
    expect(page.locator("main")).not_to_contain_text("2027 review")
    page.screenshot(path=screenshot_dir / "withdrawn-notice.png", full_page=True)
