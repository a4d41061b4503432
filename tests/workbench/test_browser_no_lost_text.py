"""Issue 15's promise that no typed text is lost, for the cases the leave warning does not cover, in Chromium:
the session ends while the writer types, someone else saves the same article meanwhile, and the server fails
on save. (Navigating away and closing the tab: test_browser.py.)"""

from importlib import import_module

import pytest
from django.conf import settings
from playwright.sync_api import expect

from evidence.admin import working_copy
from evidence.models import Article
from evidence.services.revisions import working_copy_saved
from tests.browser.actions import follow, preview_shows, save_and_continue
from tests.factories import PASSWORD, ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article(writer):
    article = ArticleFactory(author=writer, title="Stem cells for MS", body="Intro.")
    working_copy_saved(item=article, by=writer)
    return article


def open_article(page, live_server, article):
    page.goto(f"{live_server.url}/admin/evidence/article/{article.pk}/change/")
    expect(page.locator(".workbench-preview-state")).to_have_text("Up to date")


def type_in_editor(page, text):
    page.locator(".workbench .CodeMirror [contenteditable]").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def editor_text(page):
    return page.locator(".workbench .CodeMirror")


def restore(page):
    offer = page.locator("#workbench-restore")
    expect(offer).to_contain_text("Restore the text you were writing at")
    offer.get_by_role("button", name="Restore it").click()


def end_session(page):
    """End the browser's session on the server, as expiry does (the cookie stays; the server forgets it)."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).delete()


def test_text_typed_after_the_session_ended_is_offered_back_after_signing_in_again(
    sign_in, live_server, writer, article
):
    page = sign_in(writer)
    open_article(page, live_server, article)
    type_in_editor(page, "\n\nTyped while signed in.")
    status = page.locator(".workbench-autosave-status")
    expect(status).to_contain_text("Draft kept on the server", timeout=10_000)

    end_session(page)
    type_in_editor(page, "\n\nTyped after the session ended.")
    expect(status).to_contain_text("Your session has ended: press Save to sign in again", timeout=10_000)

    # Save takes the writer to the sign-in page, and signing in brings them back to the article.
    save_and_continue(page)
    assert "/admin/login/" in page.url
    page.fill("#id_username", writer.email)
    page.fill("#id_password", PASSWORD)
    follow(page, page.locator("#login-form [type=submit]"))
    assert page.url.endswith(f"/admin/evidence/article/{article.pk}/change/")

    expect(editor_text(page)).not_to_contain_text("Typed while signed in.")
    restore(page)
    expect(editor_text(page)).to_contain_text("Typed while signed in.")
    expect(editor_text(page)).to_contain_text("Typed after the session ended.")


def test_a_save_that_fails_on_the_server_keeps_the_text_to_restore(sign_in, live_server, writer, article, monkeypatch):
    page = sign_in(writer)
    open_article(page, live_server, article)

    def broken(**kwargs):
        raise RuntimeError("The database went away.")

    monkeypatch.setattr(working_copy, "working_copy_saved", broken)
    # Saved at once, before the autosave's pause: only what the page keeps on submitting can bring it back.
    type_in_editor(page, "\n\nTyped just before the server failed.")
    save_and_continue(page)
    assert "Typed just before" not in page.content()  # the server's error page, not the form
    assert "Typed just before" not in Article.objects.get(pk=article.pk).body

    monkeypatch.undo()
    open_article(page, live_server, article)
    expect(editor_text(page)).not_to_contain_text("Typed just before the server failed.")
    restore(page)
    expect(editor_text(page)).to_contain_text("Typed just before the server failed.")
    save_and_continue(page)
    expect(page.locator(".messagelist")).to_contain_text("Saved as revision 2.")
    assert "Typed just before the server failed." in Article.objects.get(pk=article.pk).body


def test_a_concurrent_edit_keeps_both_texts_side_by_side(sign_in, live_server, writer, editor, article):
    mine, theirs = sign_in(writer), sign_in(editor)
    open_article(mine, live_server, article)
    open_article(theirs, live_server, article)

    type_in_editor(theirs, "\n\nThe editor's paragraph.")
    preview_shows(theirs, "The editor's paragraph.")  # no save racing the preview's request (see actions.py)
    save_and_continue(theirs)
    expect(theirs.locator(".messagelist")).to_contain_text("Saved as revision 2.")

    type_in_editor(mine, "\n\nThe writer's paragraph.")
    preview_shows(mine, "The writer's paragraph.")
    save_and_continue(mine)

    conflict = mine.locator("#workbench-conflict")
    expect(conflict).to_contain_text("Nothing of yours is lost")
    expect(conflict).to_contain_text("Sam Editor")
    diff = conflict.locator(".workbench-merge[data-field=body] .workbench-diff")
    expect(diff.locator("thead")).to_contain_text("Saved meanwhile")
    expect(diff.locator("tbody td:nth-child(1)")).to_contain_text(["The editor's paragraph."])
    expect(diff.locator("tbody td:nth-child(2)")).to_contain_text(["The writer's paragraph."])
    expect(editor_text(mine)).to_contain_text("The writer's paragraph.")
    assert "The writer's paragraph." not in Article.objects.get(pk=article.pk).body  # refused, not overwritten

    # The writer merges both into the form and lets their save replace the editor's.
    type_in_editor(mine, "\n\nThe editor's paragraph.")
    preview_shows(mine, "The editor's paragraph.")
    conflict.get_by_role("button", name="I have merged: let my next save replace theirs").click()
    save_and_continue(mine)
    expect(mine.locator(".messagelist")).to_contain_text("Saved as revision 3.")
    body = Article.objects.get(pk=article.pk).body
    assert "The writer's paragraph." in body and "The editor's paragraph." in body
