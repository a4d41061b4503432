"""Every live article knows what it shows, and a change to any of it reaches the article's feed entry,
`updated_at`, webhooks and caches, in the change's own transaction."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from evidence.api.models import Event, WebhookDelivery, WebhookSubscription
from evidence.models import AppliesTo, AuditEntry, PublicDependency, Shown, Status
from evidence.services import dependencies, workflow
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, DisclaimerFactory, StudyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_database")]


def feed(api, **params):
    response = api.get("/api/v1/changes/", {"type": "article", **params})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def shown(publish, writer, reviewer):
    """A live article on MS citing one live study, with a disclaimer for MS pages; and an unrelated article."""
    ms = publish(ConditionFactory(name="Multiple sclerosis", slug="ms"))
    lupus = publish(ConditionFactory(name="Lupus", slug="lupus"))
    study = publish(StudyFactory(citation_key="burt-2019"))
    disclaimer = DisclaimerFactory(title="Trial results vary", applies_to=AppliesTo.CONDITIONS)
    disclaimer.conditions.add(ms)
    publish(disclaimer)
    article = ArticleFactory(author=writer, slug="hsct-for-ms")
    article.conditions.add(ms)
    CitationFactory(article=article, study=study, position=1)
    other = ArticleFactory(author=writer, slug="lupus-cells")
    other.conditions.add(lupus)
    return {
        "ms": ms,
        "study": study,
        "disclaimer": disclaimer,
        "article": publish(article),
        "other": publish(other),
    }


def test_publishing_an_article_records_everything_it_shows_both_ways(shown, writer, reviewer):
    article = shown["article"]

    assert PublicDependency.objects.shown_by(article) == {
        Shown.STUDY: {shown["study"].pk},
        Shown.CONDITION: {shown["ms"].pk},
        Shown.DISCLAIMER: {shown["disclaimer"].pk},
        Shown.PERSON: {writer.pk, reviewer.pk},
    }
    assert set(PublicDependency.objects.showing(Shown.STUDY, [shown["study"].pk])) == {article.pk}
    assert set(PublicDependency.objects.showing(Shown.PERSON, [writer.pk])) == {article.pk, shown["other"].pk}


def test_withdrawing_an_article_forgets_what_it_showed(shown, editor):
    workflow.perform("unpublish", item=shown["article"], by=editor)

    assert PublicDependency.objects.shown_by(shown["article"]) == {}


def test_a_new_revision_of_a_cited_study_updates_the_article_everywhere(api, shown, edit, walk):
    article, other = shown["article"], shown["other"]
    WebhookSubscription.objects.create(name="Newsletter", url="https://hooks.example.org/in")
    cursor = feed(api)["cursor"]
    before = api.get(f"/api/v1/articles/{article.pk}/").json()
    other_before = api.get(f"/api/v1/articles/{other.pk}/").json()

    edit(shown["study"], title="Autologous HSCT against relapsing MS")
    walk(shown["study"], Status.PUBLISHED)

    [entry] = feed(api, since=cursor)["results"]
    assert (entry["id"], entry["change"], entry["reason"]) == (article.pk, "updated", "study_changed")
    after = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert after["updated_at"] > before["updated_at"]
    assert after["studies"][0]["title"] == "Autologous HSCT against relapsing MS"
    assert api.get(f"/api/v1/articles/{other.pk}/").json()["updated_at"] == other_before["updated_at"]
    [delivery] = WebhookDelivery.objects.filter(event=Event.UPDATED)  # beside the study's own study.updated
    body = json.loads(delivery.payload)
    assert (delivery.event, body["reason"], body["data"]["id"]) == (Event.UPDATED, "study_changed", article.pk)


def test_a_disclaimer_reaching_or_leaving_an_article_is_a_change_to_it(api, shown, publish, editor, edit, walk):
    article, other = shown["article"], shown["other"]
    cursor = feed(api)["cursor"]
    everywhere = publish(DisclaimerFactory(title="Not medical advice", applies_to=AppliesTo.EVERYWHERE))

    page = feed(api, since=cursor)
    assert {(c["id"], c["reason"]) for c in page["results"]} == {
        (article.pk, "disclaimer_published"),
        (other.pk, "disclaimer_published"),
    }
    assert everywhere.pk in PublicDependency.objects.shown_by(other)[Shown.DISCLAIMER]

    # Narrowed to lupus pages: it leaves the MS article and stays on the lupus one; both are told.
    cursor = page["cursor"]
    edit(everywhere, by=editor, applies_to=AppliesTo.CONDITIONS)
    everywhere.conditions.set([other.conditions.get()])
    walk(everywhere, Status.PUBLISHED)

    assert {(c["id"], c["reason"]) for c in feed(api, since=cursor)["results"]} == {
        (article.pk, "disclaimer_changed"),
        (other.pk, "disclaimer_changed"),
    }
    assert everywhere.pk not in PublicDependency.objects.shown_by(article)[Shown.DISCLAIMER]
    titles = [d["title"] for d in api.get(f"/api/v1/articles/{article.pk}/").json()["required_disclaimers"]]
    assert titles == ["Trial results vary"]


def test_a_persons_new_byline_updates_every_article_they_are_shown_on(api, shown, writer):
    cursor = feed(api)["cursor"]

    writer.credentials = "MPH, PhD"
    writer.save()

    results = feed(api, since=cursor)["results"]
    assert {(c["id"], c["reason"]) for c in results} == {
        (shown["article"].pk, "person_changed"),
        (shown["other"].pk, "person_changed"),
    }
    author = api.get(f"/api/v1/articles/{shown['article'].pk}/").json()["author"]
    assert author["byline"] == "Dana Writer, MPH, PhD"


def test_saving_a_person_without_a_public_change_changes_no_article(api, shown, writer):
    cursor = feed(api)["cursor"]

    writer.is_staff = not writer.is_staff
    writer.save()

    assert feed(api, since=cursor)["results"] == []


def test_a_change_shown_on_many_articles_costs_the_same_few_statements(
    shown, publish, writer, django_assert_max_num_queries
):
    for n in range(30):
        article = ArticleFactory(author=writer, slug=f"more-{n}")
        article.conditions.add(shown["ms"])
        publish(article)
    WebhookSubscription.objects.create(name="Newsletter", url="https://hooks.example.org/in")
    disclaimer = DisclaimerFactory(title="Everywhere", applies_to=AppliesTo.EVERYWHERE)
    publish(disclaimer)  # 32 articles told, in bulk

    assert AuditEntry.objects.filter(action="shown_changed", reason="disclaimer_published").count() == 32
    assert WebhookDelivery.objects.filter(event=Event.UPDATED).count() == 32
    with django_assert_max_num_queries(40):  # a person on 32 articles: a fixed number of statements, not per article
        writer.bio = "Writes about trials."
        writer.save()
    assert AuditEntry.objects.filter(reason="person_changed").count() == 32


def test_a_republished_article_is_an_update_in_the_feed_and_in_its_webhook(api, shown, editor, walk):
    WebhookSubscription.objects.create(name="Newsletter", url="https://hooks.example.org/in")
    article = shown["article"]
    workflow.perform("unpublish", item=article, by=editor)
    cursor = feed(api)["cursor"]

    walk(article, Status.PUBLISHED)  # reopen, edit nothing, review and publish again

    [entry] = feed(api, since=cursor)["results"]
    assert entry["change"] == "updated"
    assert list(WebhookDelivery.objects.order_by("pk").values_list("event", flat=True))[-1] == Event.UPDATED


def test_a_new_byline_gives_the_article_a_new_etag_so_no_client_keeps_the_old_one(api, shown, writer):
    url = f"/api/v1/articles/{shown['article'].pk}/"
    etag = api.get(url)["ETag"]

    writer.display_name = "Dana Whitfield"
    writer.save()

    response = api.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.json()["author"]["name"] == "Dana Whitfield"


def test_rebuild_dependencies_records_again_what_every_live_article_shows(shown):
    before = {a.pk: PublicDependency.objects.shown_by(a) for a in (shown["article"], shown["other"])}
    PublicDependency.objects.all().delete()
    out = StringIO()

    call_command("rebuild_dependencies", stdout=out)

    assert {a.pk: PublicDependency.objects.shown_by(a) for a in (shown["article"], shown["other"])} == before
    assert "Recorded what 2 live article(s) show." in out.getvalue()


def test_rebuilding_in_batches_records_the_same_as_publishing(shown):
    before = set(PublicDependency.objects.values_list("article_id", "kind", "shown_id"))
    PublicDependency.objects.all().delete()
    seen = []

    assert dependencies.rebuild(progress=lambda done, total: seen.append((done, total)), batch=1) == 2

    assert set(PublicDependency.objects.values_list("article_id", "kind", "shown_id")) == before
    assert seen == [(1, 2), (2, 2)]


def test_a_renamed_condition_updates_the_studies_and_disclaimers_that_name_it(api, shown, edit, walk, editor):
    ms, study, disclaimer = shown["ms"], shown["study"], shown["disclaimer"]
    study.conditions.add(ms)  # the study is about MS from its next revision on
    walk(study, Status.PUBLISHED)
    WebhookSubscription.objects.create(name="Newsletter", url="https://hooks.example.org/in")
    cursor = api.get("/api/v1/changes/").json()["cursor"]
    before = api.get(f"/api/v1/studies/{study.pk}/").json()

    edit(ms, by=editor, name="Multiple sclerosis (relapsing)")
    walk(ms, Status.PUBLISHED)

    changes = api.get("/api/v1/changes/", {"since": cursor}).json()["results"]
    told = {(c["type"], c["id"], c["reason"]) for c in changes}
    assert {("study", study.pk, "condition_changed"), ("disclaimer", disclaimer.pk, "condition_changed")} <= told
    after = api.get(f"/api/v1/studies/{study.pk}/").json()
    assert after["updated_at"] > before["updated_at"]
    assert [c["name"] for c in after["conditions"]] == ["Multiple sclerosis (relapsing)"]
    events = set(WebhookDelivery.objects.values_list("event", flat=True))
    assert {"condition.updated", "study.updated", "disclaimer.updated", "article.updated"} <= events


def test_republishing_an_article_a_disclaimer_is_chosen_for_updates_the_disclaimer(api, shown, publish, edit, walk):
    article = shown["article"]
    chosen = DisclaimerFactory(title="About this treatment", applies_to=AppliesTo.ARTICLES)
    chosen.articles.add(article)
    publish(chosen)
    cursor = api.get("/api/v1/changes/").json()["cursor"]

    edit(article, title="HSCT for relapsing MS")
    walk(article, Status.PUBLISHED)

    changes = api.get("/api/v1/changes/", {"since": cursor, "type": "disclaimer"}).json()["results"]
    assert [(c["id"], c["reason"]) for c in changes] == [(chosen.pk, "article_changed")]
    [named] = api.get(f"/api/v1/disclaimers/{chosen.pk}/").json()["articles"]
    assert named["title"] == "HSCT for relapsing MS"


def test_a_condition_edit_that_changes_nothing_shown_elsewhere_tells_only_the_condition(api, shown, edit, walk, editor):
    cursor = api.get("/api/v1/changes/").json()["cursor"]

    edit(shown["ms"], by=editor, summary="A longer explanation for the condition's own page.")
    walk(shown["ms"], Status.PUBLISHED)

    changes = api.get("/api/v1/changes/", {"since": cursor}).json()["results"]
    assert [(c["type"], c["id"], c["reason"]) for c in changes] == [("condition", shown["ms"].pk, "new_revision")]
