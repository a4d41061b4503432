"""Steps shared by the tests that drive Chromium."""


def follow(page, link_or_button, key=None):
    """Click (or press `key` in) and wait for the next page to load, so that what is read next is that page.

    Reading straight after a plain click can catch the page before it, or the new one half loaded.
    """
    with page.expect_navigation():
        link_or_button.press(key) if key else link_or_button.click()
