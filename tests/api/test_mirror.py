"""A marketing mirror kept only with the changes feed and the items it names stays identical to the API."""

import pytest

from accounts.roles import MEDICAL_REVIEWER
from evidence.models import AppliesTo, Status
from evidence.services import workflow
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    ConditionFactory,
    DisclaimerFactory,
    StudyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


class Mirror:
    """What an integrator builds from docs/api.md: a full pull once, then the feed and one fetch per change."""

    def __init__(self, api):
        self.api, self.items, self.requests = api, {}, 0
        page = self.get("/api/v1/changes/?type=article&page_size=100")
        self.apply(page)

    def get(self, url, **params):
        self.requests += 1
        response = self.api.get(url, params)
        assert response.status_code == 200, response.content
        return response.json()

    def apply(self, page):
        for change in page["results"]:
            if change["change"] == "withdrawn":
                self.items.pop(change["id"], None)
            else:
                self.items[change["id"]] = self.get(change["api_url"])
        self.cursor = page["cursor"]
        return len(page["results"])

    def sync(self):
        return self.apply(self.get("/api/v1/changes/", type="article", since=self.cursor, page_size=100))


def api_truth(api):
    listed = api.get("/api/v1/articles/", {"page_size": 100}).json()["results"]
    return {item["id"]: api.get(f"/api/v1/articles/{item['id']}/").json() for item in listed}


def test_a_mirror_stays_identical_through_every_kind_of_change(api, publish, writer, editor, edit, walk):
    ms, lupus = publish(ConditionFactory(name="Multiple sclerosis")), publish(ConditionFactory(name="Lupus"))
    trial, mice = publish(StudyFactory(citation_key="trial")), publish(StudyFactory(citation_key="mice"))
    articles = []
    for n, (condition, study) in enumerate([(ms, trial), (ms, mice), (lupus, mice), (lupus, trial)]):
        article = ArticleFactory(author=writer, slug=f"article-{n}")
        article.conditions.add(condition)
        CitationFactory(article=article, study=study, position=1)
        articles.append(publish(article))
    mirror = Mirror(api)
    assert mirror.items == api_truth(api)

    def republish(item, **changes):
        edit(item, by=editor if item._meta.model_name == "disclaimer" else None, **changes)
        walk(item, Status.PUBLISHED)

    def new_disclaimer():
        disclaimer = DisclaimerFactory(title="For lupus pages", applies_to=AppliesTo.CONDITIONS)
        disclaimer.conditions.add(lupus)
        publish(disclaimer)

    steps = [
        ("an article edited and republished", lambda: republish(articles[0], title="HSCT for relapsing MS")),
        ("a cited study corrected", lambda: republish(trial, title="Transplantation against relapses")),
        ("a condition renamed", lambda: republish(lupus, name="Systemic lupus erythematosus")),
        ("a disclaimer for lupus published", new_disclaimer),
        ("the author's byline", lambda: setattr(writer, "credentials", "MPH") or writer.save()),
        ("a slug changed", lambda: republish(articles[2], slug="lupus-and-mice")),
        ("an article withdrawn", lambda: workflow.perform("unpublish", item=articles[1], by=editor)),
        ("a re-review", lambda: workflow.perform("re_review", item=articles[3], by=_second_reviewer())),
    ]
    for what, step in steps:
        step()
        changed = mirror.sync()
        assert mirror.items == api_truth(api), what
        assert changed <= len(articles), what  # one entry per article at most: no refetching everything


def _second_reviewer():
    return UserFactory(roles=[MEDICAL_REVIEWER])
