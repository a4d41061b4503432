"""Writers' text in workflow e-mails: a pasted or imported title with a line break must not stop the mail."""

import pytest

from evidence.models import Status
from tests.factories import ArticleFactory, StudyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [ArticleFactory, StudyFactory])
def test_a_title_with_a_line_break_still_sends_the_review_mail(
    walk, writer, reviewer, mailoutbox, django_capture_on_commit_callbacks, factory
):
    fields = {"author": writer} if factory is ArticleFactory else {}
    item = factory(title="Stem cells\r\nBcc: everyone@example.org\n<script>__xss(1)</script>", **fields)

    with django_capture_on_commit_callbacks(execute=True):
        walk(item, Status.IN_REVIEW)

    (mail,) = mailoutbox
    assert mail.to == [reviewer.email]
    assert "\n" not in mail.subject and "\r" not in mail.subject  # no header can be smuggled in either
    assert mail.subject.startswith("Waiting for your review: ")
    assert "Stem cells Bcc: everyone@example.org" in mail.subject
    assert mail.bcc == []
