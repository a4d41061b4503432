"""API items are versioned by what each shows: publishing another item leaves their ETags alone, and a change
to what one shows (a condition a study names) gives it a new one."""

import pytest

from evidence.models import AppliesTo
from tests.factories import ArticleFactory, ConditionFactory, DisclaimerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings):
    settings.EVIDENCE_SHARED_CACHE = True


def test_api_items_keep_their_etag_when_another_article_is_published(api, cited_library, shared_cache):
    publish, _, articles = cited_library
    paths = [f"/api/v1/articles/{a.pk}/" for a in articles]
    before = {path: api.get(path)["ETag"] for path in paths}

    publish(ArticleFactory(slug="another-new-one"))

    assert all(api.get(path, headers={"If-None-Match": before[path]}).status_code == 304 for path in paths)
    assert api.get(paths[0])["Last-Modified"]


def test_study_condition_and_disclaimer_items_keep_their_etag_through_unrelated_publications(api, cited_library, edit):
    publish, study, _ = cited_library
    condition = publish(ConditionFactory(name="Lupus", slug="lupus"))
    disclaimer = publish(DisclaimerFactory(title="Not medical advice", applies_to=AppliesTo.EVERYWHERE))
    paths = [f"/api/v1/studies/{study.pk}/", "/api/v1/conditions/lupus/", f"/api/v1/disclaimers/{disclaimer.pk}/"]
    before = {path: api.get(path)["ETag"] for path in paths}

    publish(ArticleFactory(slug="another-new-one"))

    assert [api.get(path, headers={"If-None-Match": before[path]}).status_code for path in paths] == [304] * 3

    # The study is about lupus from its next revision: its answer now names the condition, so a new name is news.
    study.conditions.add(condition)
    publish(study)
    named = api.get(paths[0])["ETag"]
    edit(condition, name="Systemic lupus erythematosus")
    publish(condition)
    response = api.get(paths[0], headers={"If-None-Match": named})
    assert response.status_code == 200
    assert [c["name"] for c in response.json()["conditions"]] == ["Systemic lupus erythematosus"]


def test_a_missing_item_is_still_a_404_and_a_disclaimer_has_no_slug(api, cited_library):
    assert api.get("/api/v1/studies/no-such-study/").status_code == 404
    assert api.get("/api/v1/disclaimers/not-a-number/").status_code == 404
