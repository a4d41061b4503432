"""A mirror of every kind of item, kept with the changes feed and one fetch per changed item, stays identical to
the API after each of 200 random editorial changes, and never fetches an item whose answer did not change."""

import random

import pytest

from accounts.roles import MEDICAL_REVIEWER
from accounts.services import issue_api_key
from evidence.models import AppliesTo, Status
from evidence.services import workflow
from tests.api.conftest import client_with
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    ConditionFactory,
    DisclaimerFactory,
    StudyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STEPS = 200
KINDS = {"article": "articles", "study": "studies", "condition": "conditions", "disclaimer": "disclaimers"}


class Mirror:
    """Built as docs/api.md says: the whole feed once, then the feed since the last cursor; fetch each named
    api_url, drop each withdrawn item."""

    def __init__(self, api):
        self.api, self.items, self.fetches, self.cursor = api, {}, 0, None
        self.sync()

    def sync(self):
        fetched_before = self.fetches
        while True:
            params = {"page_size": 100} | ({"since": self.cursor} if self.cursor else {})
            page = self.api.get("/api/v1/changes/", params).json()
            for change in page["results"]:
                key = (change["type"], change["id"])
                if change["change"] == "withdrawn":
                    self.items.pop(key, None)
                else:
                    self.fetches += 1
                    self.items[key] = self.api.get(change["api_url"]).json()
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return self.fetches - fetched_before


def truth(api):
    """Everything the API serves now, read from its lists (each list item is the item's own answer)."""
    items = {}
    for kind, plural in KINDS.items():
        for item in api.get(f"/api/v1/{plural}/", {"page_size": 100}).json()["results"]:
            items[(kind, item["id"])] = item
    return items


def changed_items(before, after) -> int:
    """Items that appeared or whose answer changed in anything but `updated_at` itself."""

    def shown(item):
        return {name: value for name, value in item.items() if name != "updated_at"}

    return sum(1 for key, item in after.items() if key not in before or shown(before[key]) != shown(item))


class Library:
    """A small library and the random changes an editorial team makes to it, through the real workflow."""

    def __init__(self, rng, publish, edit, walk, writer, editor):
        self.rng, self.publish, self.edit, self.walk, self.writer, self.editor = (
            rng,
            publish,
            edit,
            walk,
            writer,
            editor,
        )
        self.second_reviewer = UserFactory(roles=[MEDICAL_REVIEWER])
        self.conditions = [publish(ConditionFactory(name=f"Condition {n}")) for n in range(3)]
        self.studies = []
        for n in range(4):
            study = StudyFactory(citation_key=f"study-{n}")
            study.conditions.add(self.conditions[n % 3])
            self.studies.append(publish(study))
        self.articles = []
        for n in range(6):
            article = ArticleFactory(author=writer, slug=f"article-{n}")
            article.conditions.add(self.conditions[n % 3])
            CitationFactory(article=article, study=self.studies[n % 4], position=1)
            self.articles.append(publish(article))
        everywhere = publish(DisclaimerFactory(title="Not medical advice", applies_to=AppliesTo.EVERYWHERE))
        chosen = DisclaimerFactory(title="About condition 0", applies_to=AppliesTo.CONDITIONS)
        chosen.conditions.add(self.conditions[0])
        self.disclaimers = [everywhere, publish(chosen)]
        self.serial = 0

    def word(self):
        self.serial += 1
        return f"v{self.serial}"

    def republish(self, item, **changes):
        self.edit(item, by=self.editor if item._meta.model_name == "disclaimer" else None, **changes)
        self.walk(item, Status.PUBLISHED)

    def live_articles(self):
        return [a for a in self.articles if a.live_revision is not None]

    def step(self):
        """One random change; returns what it was, for the assertion's message."""
        rng = self.rng
        article = rng.choice(self.articles)
        moves = {
            "retitle an article": lambda: self.republish(article, title=f"Summary {self.word()}"),
            "move an article to another condition": lambda: self.move(article),
            "cite another study": lambda: self.recite(article),
            "change an article's address": lambda: self.republish(article, slug=f"summary-{self.word()}"),
            "correct a study": lambda: self.republish(rng.choice(self.studies), title=f"Trial {self.word()}"),
            "rename a condition": lambda: self.republish(rng.choice(self.conditions), name=f"Condition {self.word()}"),
            "edit a condition's own text": lambda: self.republish(rng.choice(self.conditions), summary=self.word()),
            "reword a disclaimer": lambda: self.republish(
                rng.choice(self.disclaimers), text=f"Ask first {self.word()}"
            ),
            "narrow or widen a disclaimer": self.reach,
            "new byline": lambda: setattr(self.writer, "credentials", self.word()) or self.writer.save(),
            "withdraw or bring back an article": lambda: self.toggle(article),
            "re-review an article": lambda: self.re_review(article),
        }
        what = rng.choice(sorted(moves))
        moves[what]()
        article.refresh_from_db()
        return what

    def move(self, article):
        article.conditions.set([self.rng.choice(self.conditions)])
        self.republish(article)

    def recite(self, article):
        article.citations.all().delete()
        CitationFactory(article=article, study=self.rng.choice(self.studies), position=1)
        self.republish(article)

    def reach(self):
        disclaimer = self.disclaimers[1]
        wider = disclaimer.applies_to == AppliesTo.CONDITIONS
        self.edit(disclaimer, by=self.editor, applies_to=AppliesTo.EVERYWHERE if wider else AppliesTo.CONDITIONS)
        disclaimer.conditions.set([] if wider else [self.rng.choice(self.conditions)])
        self.walk(disclaimer, Status.PUBLISHED)

    def toggle(self, article):
        if article.live_revision is not None and len(self.live_articles()) > 2:
            workflow.perform("unpublish", item=article, by=self.editor)
        else:
            self.republish(article, title=f"Back again {self.word()}")

    def re_review(self, article):
        if article.live_revision is not None:
            workflow.perform("re_review", item=article, by=self.second_reviewer)


def test_a_mirror_stays_identical_through_200_random_changes(publish, edit, walk, writer, editor):
    api = client_with(issue_api_key(name="Mirror", requests_per_minute=10_000)[1])  # thousands of requests a run
    library = Library(random.Random(20261205), publish, edit, walk, writer, editor)
    mirror = Mirror(api)
    served = truth(api)
    assert mirror.items == served

    for number in range(STEPS):
        what = library.step()
        now = truth(api)
        fetched = mirror.sync()
        assert mirror.items == now, f"step {number}: {what}"
        assert fetched <= changed_items(served, now), f"step {number}: {what} fetched more than changed"
        served = now
