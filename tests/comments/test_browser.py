"""In Chromium: a reviewer comments on a sentence, approval is refused, the writer replies and resolves, and
approval goes through."""

import pytest
from playwright.sync_api import expect

from evidence.comments.services import comment_add
from evidence.models import Status
from tests.browser.actions import follow
from tests.comments.conftest import BODY
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def select_words(page, words):
    """Select `words` in the read-only body with the mouse's result: a document selection."""
    page.evaluate(
        """(words) => {
            const box = document.querySelector('.field-body .readonly');
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.nodeValue.indexOf(words);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + words.length);
                getSelection().removeAllRanges();
                getSelection().addRange(range);
                return;
            }
            throw new Error('not in the text: ' + words);
        }""",
        words,
    )


def approve(page):
    follow(page, page.get_by_role("button", name="Approve", exact=True))


def test_a_comment_on_a_sentence_holds_up_approval_until_the_writer_resolves_it(
    live_server, sign_in, walk, writer, reviewer
):
    article = walk(ArticleFactory(author=writer, body=BODY), Status.IN_REVIEW)
    change_page = f"{live_server.url}/admin/evidence/article/{article.pk}/change/"
    csp_violations = []

    reviewing = sign_in(reviewer)
    reviewing.on("console", lambda m: "Content Security Policy" in m.text and csp_violations.append(m.text))
    reviewing.goto(change_page)
    select_words(reviewing, "The results cured everyone")
    reviewing.get_by_role("button", name="Use selected text").click()
    expect(reviewing.locator("#id_comment-quote")).to_have_value("The results cured everyone")
    reviewing.fill("#id_comment-text", "Two small trials cannot show a cure; say what was measured.")
    follow(reviewing, reviewing.get_by_role("button", name="Add comment"))
    expect(reviewing.locator(".messagelist")).to_contain_text("Comment added")
    expect(reviewing.locator(".field-body mark.comment-anchor")).to_have_text("The results cured everyone")

    approve(reviewing)
    expect(reviewing.locator(".messagelist")).to_contain_text("1 comment thread on the text is still open")

    writing = sign_in(writer)
    writing.goto(change_page)
    thread = writing.locator(".comment-thread.open")
    expect(thread).to_contain_text("say what was measured")
    thread.get_by_label("Reply").fill("Agreed: the summary will say what was measured in the next revision.")
    follow(writing, thread.get_by_role("button", name="Reply"))
    expect(writing.locator(".messagelist")).to_contain_text("Reply added")
    follow(writing, writing.locator(".comment-thread").get_by_role("button", name="Resolve"))
    expect(writing.locator(".comment-thread.resolved")).to_contain_text("Resolved by Dana Writer")

    reviewing.goto(change_page)
    expect(reviewing.locator("#comments-heading")).to_contain_text("0 open of 1")
    approve(reviewing)
    expect(reviewing.locator(".messagelist")).to_contain_text("approved")
    article.refresh_from_db()
    assert article.status == Status.APPROVED
    assert csp_violations == []


def test_the_writer_sees_the_commented_words_highlighted_in_the_editor_and_show_in_text_selects_them(
    live_server, sign_in, walk, writer, reviewer
):
    article = walk(ArticleFactory(author=writer, body=BODY), Status.CHANGES_REQUESTED)
    comment_add(article=article, by=reviewer, field="body", quote="cured everyone", text="Overstated.")

    writing = sign_in(writer)
    writing.goto(f"{live_server.url}/admin/evidence/article/{article.pk}/change/")
    expect(writing.locator(".field-body .CodeMirror .comment-anchor")).to_have_text("cured everyone")
    writing.get_by_role("button", name="Show in text").click()
    selected = writing.evaluate("document.querySelector('.field-body .CodeMirror').CodeMirror.getSelection()")
    assert selected == "cured everyone"
