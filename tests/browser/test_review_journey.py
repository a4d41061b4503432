"""The whole review journey in the admin, clicked through in Chromium by a writer, a reviewer and an editor.

It doubles as the screenshot generator for docs/guide.md: run it with
EVIDENCE_GUIDE_SCREENSHOTS=docs/guide/img to refresh the guide's pictures.
"""

import os
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import expect

from evidence.citations.default_rules import seed_default_rules
from evidence.models import Article, Status
from tests.browser.actions import follow, preview_shows, save_and_continue, workflow_button, write_body
from tests.factories import ArticleFactory, StudyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shoot(screenshot_dir):
    guide = os.environ.get("EVIDENCE_GUIDE_SCREENSHOTS")

    def take(page, name, full_page=False):
        page.screenshot(path=screenshot_dir / f"guide-{name}.png", full_page=full_page)
        if guide:
            Path(guide).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=Path(guide) / f"{name}.png", full_page=full_page)

    return take


@pytest.fixture(autouse=True)
def claim_rules(db):
    """The rules a real library starts with (a data migration; the suite runs without migrations)."""
    seed_default_rules(apps)


def writer_drafts_and_submits(page, shoot, writer, study):
    shoot(page, "01-writer-desk")
    page.goto(page.url.split("/admin/")[0] + "/admin/evidence/article/add/")
    page.fill("#id_title", "Stem cells after a spinal cord injury")
    page.fill("#id_summary", "What two small trials found about stem cells after a spinal cord injury.")
    write_body(page, "Early trials were small.\n\nThe results cured everyone.")
    preview_shows(page, "The results cured everyone.")
    page.select_option("#id_author", label=writer.byline)
    # The source rule: the article cites a study readers can look up, chosen by searching the library.
    page.locator("#citations-group .add-row a").click()
    page.locator("#citations-0 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("small trial")
    page.locator(".select2-results__option", has_text=study.title).click()
    shoot(page, "02-writing", full_page=True)
    save_and_continue(page)
    expect(page.locator(".messagelist")).to_contain_text("Saved as revision 1.")
    workflow_button(page, "Submit for review")
    expect(page.locator(".messagelist")).to_contain_text("submitted for review")
    shoot(page, "03-submitted")


def reviewer_previews_and_sends_back(page, shoot):
    desk = page.locator(".desk-review")
    expect(desk).to_contain_text("Stem cells after a spinal cord injury")
    shoot(page, "04-reviewer-desk")
    follow(page, desk.get_by_role("link", name="Stem cells after a spinal cord injury"))
    # The claim check flagged the overstatement when it was submitted; it sits beside the text.
    expect(page.locator("main")).to_contain_text("Cure claim")
    follow(page, page.get_by_role("link", name="Preview revision 1"))
    expect(page.locator("body")).to_contain_text("The results cured everyone.")
    expect(page.locator(".preview-banner")).to_contain_text("Preview")
    shoot(page, "05-preview", full_page=True)
    page.go_back()
    page.fill("#workflow-comment", "“Cured everyone” overstates two small trials; say what was measured.")
    workflow_button(page, "Request changes")
    shoot(page, "06-changes-requested")


def writer_fixes_compares_and_resubmits(page, shoot):
    follow(page, page.locator(".desk-changes").get_by_role("link").first)
    expect(page.locator(".review-comment")).to_contain_text("overstates two small trials")
    shoot(page, "07-writer-sees-comment")
    write_body(page, "Early trials were small.\n\nSome people regained a little movement; most did not.")
    preview_shows(page, "regained a little movement")
    save_and_continue(page)
    follow(page, page.get_by_role("link", name="Revisions"))
    follow(page, page.get_by_role("button", name="Compare selected"))
    expect(page.locator(".comparison")).to_contain_text("regained a little movement")
    shoot(page, "08-compare")
    page.go_back()
    page.go_back()
    workflow_button(page, "Submit for review")


def test_writer_reviewer_and_editor_take_an_article_from_draft_to_public(
    live_server, sign_in, shoot, walk, writer, reviewer, editor
):
    study = walk(StudyFactory(title="Stem cells after a spinal cord injury: a small trial", doi="10.5555/journey.1"))
    writer_drafts_and_submits(sign_in(writer), shoot, writer, study)
    article = Article.objects.get(slug="stem-cells-after-a-spinal-cord-injury")
    reviewer_previews_and_sends_back(sign_in(reviewer), shoot)
    writer_fixes_compares_and_resubmits(sign_in(writer), shoot)

    page = sign_in(reviewer)
    page.goto(f"{live_server.url}/admin/evidence/article/{article.pk}/change/")
    workflow_button(page, "Approve")
    expect(page.locator(".messagelist")).to_contain_text("approved")
    shoot(page, "09-approved")

    page = sign_in(editor)
    page.goto(f"{live_server.url}/admin/evidence/article/{article.pk}/change/")
    workflow_button(page, "Publish now")
    shoot(page, "10-published")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    main = page.locator("main")
    expect(main).to_contain_text("regained a little movement")
    expect(main).to_contain_text(reviewer.display_name)
    expect(main).not_to_contain_text("cured everyone")
    shoot(page, "11-public-page", full_page=True)


def test_a_reviewer_whose_page_went_stale_is_shown_what_changed_and_approves_only_what_they_then_read(
    live_server, sign_in, walk, writer, reviewer
):
    article = walk(
        ArticleFactory(author=writer, body="Two small trials; movement improved a little."), Status.IN_REVIEW
    )
    change_page = f"{live_server.url}/admin/evidence/article/{article.pk}/change/"
    reviewing = sign_in(reviewer)
    reviewing.goto(change_page)  # the reviewer reads revision 1...

    writing = sign_in(writer)  # ...while the writer takes it back, saves revision 2 and submits it again
    writing.goto(change_page)
    workflow_button(writing, "Withdraw from review")
    write_body(writing, "Two small trials; movement improved a little in one of them.")
    preview_shows(writing, "movement improved a little")
    save_and_continue(writing)
    expect(writing.locator(".messagelist")).to_contain_text("Saved as revision 2.")
    workflow_button(writing, "Submit for review")

    workflow_button(reviewing, "Approve")
    told = reviewing.locator(".messagelist")
    expect(told).to_contain_text("changed while you were reading")
    expect(told).to_contain_text("Changed between revision 1 and revision 2: body.")
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.latest_revision.approved_by is None

    follow(reviewing, told.get_by_role("link", name="See what changed"))
    expect(reviewing.locator(".comparison")).to_contain_text("in one of them")
    reviewing.goto(change_page)  # now shown revision 2, the reviewer approves it
    workflow_button(reviewing, "Approve")
    expect(reviewing.locator(".messagelist")).to_contain_text("approved")
    article.refresh_from_db()
    assert article.latest_revision.number == 2 and article.latest_revision.approved_by == reviewer
