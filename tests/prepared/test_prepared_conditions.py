"""A condition's page is kept at its first visit and read back while its stamp holds; whatever the page shows
changing (an article or study published or withdrawn, the condition re-published) is shown at the next visit,
and nothing unapproved ever is."""

import pytest
from django.core.cache import cache

from evidence.models import Status
from evidence.prepared.models import PreparedCondition
from evidence.services import workflow
from tests.factories import ArticleFactory, ConditionFactory, StudyFactory

pytestmark = pytest.mark.django_db
S = Status


@pytest.fixture
def condition_page(walk, writer, django_capture_on_commit_callbacks):
    """(publish, condition, articles, study): a live condition with two live articles and one live study."""

    def publish(item):
        with django_capture_on_commit_callbacks(execute=True):
            return walk(item, S.PUBLISHED)

    condition = publish(ConditionFactory(slug="lupus", name="Lupus"))
    articles = []
    for n in range(2):
        article = ArticleFactory(author=writer, slug=f"lupus-{n}", title=f"Lupus summary {n}")
        article.conditions.add(condition)
        articles.append(publish(article))
    study = StudyFactory(citation_key="lupus-trial", title="A lupus trial")
    study.save()
    study.conditions.add(condition)
    return publish, condition, articles, publish(study)


def visit(client):
    cache.clear()  # no whole page kept: only the prepared one
    response = client.get("/conditions/lupus/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_kept_page_is_the_page_as_rendered(client, condition_page):
    rendered = visit(client)
    assert PreparedCondition.objects.count() == 1

    assert visit(client) == rendered
    assert "Lupus summary 0" in rendered and "A lupus trial" in rendered


def test_a_withdrawn_article_or_study_leaves_the_kept_page_at_once(client, condition_page, editor):
    _, _, articles, study = condition_page
    visit(client)

    workflow.perform("unpublish", item=articles[0], by=editor, reason="superseded")
    workflow.perform("unpublish", item=study, by=editor, reason="superseded")

    page = visit(client)
    assert "Lupus summary 0" not in page and "A lupus trial" not in page
    assert "Lupus summary 1" in page


def test_a_newly_published_article_and_a_renamed_condition_show_at_the_next_visit(client, condition_page, edit, writer):
    publish, condition, _, _ = condition_page
    visit(client)
    newer = ArticleFactory(author=writer, slug="lupus-new", title="A newer lupus summary")
    newer.conditions.add(condition)
    publish(newer)

    assert "A newer lupus summary" in visit(client)
    edit(condition, name="Systemic lupus erythematosus")
    publish(condition)
    assert "<h1>Systemic lupus erythematosus</h1>" in visit(client)


def test_nothing_waiting_for_review_reaches_the_kept_page(client, condition_page, edit, walk, writer):
    _, condition, _, _ = condition_page
    edit(condition, name="Unreviewed name")
    walk(condition, S.IN_REVIEW)
    draft = ArticleFactory(author=writer, slug="lupus-draft", title="An unreviewed lupus summary")
    draft.conditions.add(condition)
    walk(draft, S.APPROVED)  # approved, not published

    for _ in range(2):  # rendered and kept, then read back
        page = visit(client)
        assert "Unreviewed name" not in page and "An unreviewed lupus summary" not in page


def test_staff_get_the_page_rendered_and_keep_nothing(client, condition_page, editor):
    client.force_login(editor)
    assert "Lupus summary 0" in visit(client)
    assert not PreparedCondition.objects.exists()
