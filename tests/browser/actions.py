"""Steps shared by the tests that drive Chromium."""

from playwright.sync_api import expect


def follow(page, link_or_button, key=None):
    """Click (or press `key` in) and wait for the next page to load, so that what is read next is that page.

    Reading straight after a plain click can catch the page before it, or the new one half loaded.
    """
    with page.expect_navigation():
        link_or_button.press(key) if key else link_or_button.click()


def write_body(page, text):
    """Type into the body's editor, as a writer does (EasyMDE hides the textarea it keeps in step)."""
    page.locator(".field-body .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def save_and_continue(page):
    previews_settled(page)
    follow(page, page.get_by_role("button", name="Save and continue editing"))


def previews_settled(page):
    """Let the live previews' last requests finish before a save: live_server shares one SQLite connection
    between its threads, so a save overlapping a preview's rolled-back transaction can fail (each request has
    a connection of its own in production)."""
    states = page.locator(".workbench-preview-state")
    if states.count():
        page.wait_for_timeout(400)  # the preview waits 250 ms after the last keystroke before asking
        for index in range(states.count()):
            expect(states.nth(index)).not_to_have_text("Updating…", timeout=30_000)


def workflow_button(page, label):
    follow(page, page.get_by_role("button", name=label, exact=True))


def preview_shows(page, text):
    """Wait until the live preview has drawn `text`: a save pressed while the preview's request still runs
    races it for SQLite's test database under load (the product keeps the text either way)."""
    expect(page.frame_locator(".workbench-frame").locator("body")).to_contain_text(text, timeout=30_000)
