"""One e-mail per person per review round: an article's bundle moves with it, and the people of every item in the
bundle hear once, in the article's e-mail that names what it carried, not once per item."""

import pytest
from django.core import mail

from evidence.models import Status, Study
from evidence.services import workflow
from evidence.services.revisions import working_copy_saved
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, StudyFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Status


@pytest.fixture
def bundled(writer):
    """An article citing a new study under a new condition, all written by the writer."""
    condition = ConditionFactory(name="Heart failure", slug="heart-failure")
    working_copy_saved(item=condition, by=writer)
    study = StudyFactory(title="A trial in heart failure", doi="10.5555/mail.1")
    study.conditions.add(condition)
    working_copy_saved(item=study, by=writer)
    article = ArticleFactory(author=writer, title="Diuretics in heart failure", slug="hf")
    article.conditions.add(condition)
    CitationFactory(article=article, study=study, position=1)
    working_copy_saved(item=article, by=writer)
    return article, study, condition


def sent_to():
    """Each address with the subjects it received, in order."""
    received = {}
    for message in mail.outbox:
        for address in message.to:
            received.setdefault(address, []).append(message.subject)
    return received


def move(django_capture_on_commit_callbacks, action, article, by, **details):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(action, item=article, by=by, **details)
    return sent_to()


def test_each_person_gets_one_e_mail_per_move_of_a_bundled_round(
    django_capture_on_commit_callbacks, bundled, writer, reviewer, other_reviewer, editor
):
    article, study, _ = bundled

    submitted = move(django_capture_on_commit_callbacks, "submit", article, writer)
    assert {address: len(subjects) for address, subjects in submitted.items()} == {
        reviewer.email: 1,
        other_reviewer.email: 1,
    }
    assert "Diuretics in heart failure" in submitted[reviewer.email][0]
    body = mail.outbox[0].body
    assert f"the study “{study}”" in body and "the condition “Heart failure”" in body

    approved = move(django_capture_on_commit_callbacks, "approve", article, reviewer, comment="Sources checked.")
    assert approved == {writer.email: [approved[writer.email][0]]}
    assert "Diuretics in heart failure" in approved[writer.email][0]

    published = move(django_capture_on_commit_callbacks, "publish", article, editor)
    assert list(published) == [writer.email] and len(published[writer.email]) == 1


def test_the_writer_of_a_bundled_study_hears_in_the_articles_e_mail(
    django_capture_on_commit_callbacks, bundled, writer, reviewer
):
    article, study, _ = bundled
    colleague = UserFactory(email="colleague@example.com", display_name="Sam Colleague")
    Study.objects.filter(pk=study.pk).update(created_by=colleague)
    move(django_capture_on_commit_callbacks, "submit", article, writer)

    sent_back = move(django_capture_on_commit_callbacks, "request_changes", article, reviewer, comment="Add doses.")

    assert sent_back == {writer.email: sent_back[writer.email], colleague.email: sent_back[colleague.email]}
    assert [len(subjects) for subjects in sent_back.values()] == [1, 1]
    assert len(mail.outbox) == 1  # the same message to both: it names the study the colleague wrote
    assert f"the study “{study}”" in mail.outbox[0].body


def test_an_item_moved_on_its_own_still_sends_its_own_e_mail(django_capture_on_commit_callbacks, writer, reviewer):
    study = StudyFactory(title="A trial on its own")
    working_copy_saved(item=study, by=writer)

    submitted = move(django_capture_on_commit_callbacks, "submit", study, writer)

    assert submitted == {reviewer.email: [submitted[reviewer.email][0]]}
    assert study.title in submitted[reviewer.email][0]
