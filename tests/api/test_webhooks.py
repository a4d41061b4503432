"""Webhooks: queued when an article's public state changes, POSTed signed by deliver_webhooks, retried with back-off."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone

from evidence.api.models import DeliveryStatus, Event, WebhookDelivery, WebhookSubscription
from evidence.api.webhooks import signing
from evidence.api.webhooks.delivery import deliver_due, retry_delay
from evidence.models import AuditEntry, Status
from evidence.services import workflow
from tests.factories import ArticleFactory, ConditionFactory, StudyFactory
from tests.fakes import WebhookReceiver as Receiver

# Deliveries wait in the database for the worker, as in production, so each test decides when they go out.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_database")]


@pytest.fixture
def receiver():
    receivers = []

    def start(statuses=(200,), delay=0.0):
        receivers.append(Receiver(statuses, delay))
        return receivers[-1]

    yield start
    for running in receivers:
        running.close()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what the workflow announces after commit (tests otherwise roll back before any commit)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def subscribe(url="https://hooks.example.org/evidence", **fields):
    return WebhookSubscription.objects.create(name="Newsletter", url=url, **fields)


def test_publishing_an_article_queues_a_delivery_per_interested_subscription(live_article, on_commit, settings):
    settings.EVIDENCE_SITE_URL = settings.EVIDENCE_API_BASE_URL = "https://evidence.example.org"
    wants = subscribe()
    subscribe(events=["article.withdrawn"])
    subscribe(is_active=False)

    article = on_commit(lambda: live_article(citations=0, slug="stem-cells"))

    delivery = WebhookDelivery.objects.get()
    assert (delivery.subscription, delivery.event, delivery.status) == (wants, Event.PUBLISHED, DeliveryStatus.PENDING)
    payload = json.loads(delivery.payload)
    assert payload["event"] == "article.published"
    assert payload["data"] == {
        "type": "article",
        "id": article.pk,
        "revision": article.live_revision.number,
        "slug": "stem-cells",
        "title": article.title,
        "url": "https://evidence.example.org/articles/stem-cells/",
        "api_url": f"https://evidence.example.org/api/v1/articles/{article.pk}/",
    }


def test_withdrawal_and_re_review_queue_their_events(live_article, on_commit, editor, other_reviewer):
    subscribe()
    article = live_article(citations=0)

    on_commit(lambda: workflow.perform("re_review", item=article, by=other_reviewer))
    on_commit(lambda: workflow.perform("unpublish", item=article, by=editor))

    events = list(WebhookDelivery.objects.order_by("pk").values_list("event", flat=True))
    assert events == [Event.PUBLISHED, Event.UPDATED, Event.WITHDRAWN]  # written with each move, commit or not
    withdrawn = json.loads(WebhookDelivery.objects.latest("pk").payload)["data"]
    # A tombstone, as in the changes feed: the item is no longer public, and neither are its title and address.
    assert withdrawn == {
        "type": "article", "id": article.pk, "revision": None, "slug": None, "title": None, "url": None, "api_url": None
    }  # fmt: skip


def test_a_publication_whose_webhooks_cannot_be_recorded_is_not_made_at_all(writer, editor, walk, monkeypatch):
    """The outbox is written in the publication's transaction: both happen, or neither (nothing half-done)."""
    subscribe()
    article = walk(ArticleFactory(author=writer), Status.APPROVED)

    def outbox_unwritable(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr("evidence.api.webhooks.outbox.record", outbox_unwritable)
    with pytest.raises(DatabaseError):
        workflow.perform("publish", item=article, by=editor)

    article.refresh_from_db()
    assert (article.status, article.live_revision) == (Status.APPROVED, None)
    assert not AuditEntry.objects.for_item(article).filter(action="publish").exists()


def test_publishing_never_waits_for_a_receiver(receiver, live_article, on_commit):
    hook = receiver(delay=30)  # a receiver this slow would hold publishing up for half a minute
    subscribe(url=hook.url)

    on_commit(lambda: live_article(citations=0))

    assert hook.requests == []  # nothing is sent while publishing; the delivery waits for deliver_webhooks
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING


def test_delivery_is_a_signed_post_the_receiver_can_verify(receiver, live_article, on_commit):
    hook = receiver()
    subscription = subscribe(url=hook.url)
    on_commit(lambda: live_article(citations=0))

    report = deliver_due()

    [(headers, body)] = hook.requests
    assert signing.verify(subscription.secret, body, headers[signing.HEADER])
    assert not signing.verify("whsec_wrong", body, headers[signing.HEADER])
    assert not signing.verify(subscription.secret, body + b" ", headers[signing.HEADER])
    assert headers["X-Evidence-Event"] == "article.published"
    assert headers["Content-Type"] == "application/json"
    delivery = WebhookDelivery.objects.get()
    assert body == delivery.payload.encode()
    assert (report.delivered, delivery.status, delivery.attempts) == (1, DeliveryStatus.DELIVERED, 1)
    assert delivery.attempt_log.get().response_status == 200


def test_a_failed_delivery_is_retried_with_back_off_until_it_lands(receiver, settings):
    settings.EVIDENCE_WEBHOOK_RETRY_SECONDS = 60
    hook = receiver(statuses=[500, 503, 200])
    delivery = WebhookDelivery.objects.create(
        subscription=subscribe(url=hook.url), event=Event.PING, payload="{}", next_attempt_at=timezone.now()
    )

    first = deliver_due()
    delivery.refresh_from_db()
    assert (first.retrying, delivery.status, delivery.attempts) == (1, DeliveryStatus.PENDING, 1)
    assert "500" in delivery.last_error
    assert delivery.next_attempt_at - delivery.attempt_log.latest("pk").attempted_at == timedelta(seconds=60)
    assert deliver_due().retrying == 0  # not due yet: nothing is sent

    deliver_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at - delivery.attempt_log.latest("pk").attempted_at == timedelta(seconds=120)

    deliver_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(hook.requests)) == (DeliveryStatus.DELIVERED, 3, 3)
    assert [a.response_status for a in delivery.attempt_log.order_by("pk")] == [500, 503, 200]


def test_back_off_doubles_and_is_capped(settings):
    settings.EVIDENCE_WEBHOOK_RETRY_SECONDS = 60

    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(30) == timedelta(hours=6)


def test_a_slow_receiver_times_out_without_holding_up_the_run(receiver, settings):
    settings.EVIDENCE_WEBHOOK_TIMEOUT_SECONDS = 0.2
    hook = receiver(delay=2)
    delivery = WebhookDelivery.objects.create(
        subscription=subscribe(url=hook.url), event=Event.PING, payload="{}", next_attempt_at=timezone.now()
    )

    report = deliver_due()

    delivery.refresh_from_db()
    assert (report.retrying, delivery.status) == (1, DeliveryStatus.PENDING)
    assert "timed out" in delivery.last_error
    assert delivery.attempt_log.get().response_status is None


def test_unreachable_receiver_and_redirects_count_as_failures(receiver):
    hook = receiver(statuses=[301])
    redirected = subscribe(url=hook.url)
    closed = subscribe(url="http://127.0.0.1:9/hook")  # the discard port: nothing listens
    for subscription in (redirected, closed):
        WebhookDelivery.objects.create(
            subscription=subscription, event=Event.PING, payload="{}", next_attempt_at=timezone.now()
        )

    report = deliver_due()

    assert (report.delivered, report.retrying) == (0, 2)
    errors = dict(WebhookDelivery.objects.values_list("subscription__url", "last_error"))
    assert "301" in errors[hook.url]
    assert errors["http://127.0.0.1:9/hook"].startswith("No answer")


def test_gives_up_after_the_last_try(receiver, settings):
    settings.EVIDENCE_WEBHOOK_MAX_ATTEMPTS = 2
    hook = receiver(statuses=[500])
    delivery = WebhookDelivery.objects.create(
        subscription=subscribe(url=hook.url), event=Event.PING, payload="{}", next_attempt_at=timezone.now()
    )

    deliver_due()
    report = deliver_due(now=timezone.now() + timedelta(days=1))

    delivery.refresh_from_db()
    assert (report.gave_up, delivery.status, delivery.next_attempt_at) == (1, DeliveryStatus.FAILED, None)
    assert deliver_due(now=timezone.now() + timedelta(days=2)).gave_up == 0


def test_a_paused_subscription_keeps_its_deliveries_waiting(receiver):
    hook = receiver()
    subscription = subscribe(url=hook.url, is_active=False)
    WebhookDelivery.objects.create(
        subscription=subscription, event=Event.PING, payload="{}", next_attempt_at=timezone.now()
    )

    assert deliver_due().delivered == 0 and hook.requests == []

    WebhookSubscription.objects.update(is_active=True)
    assert deliver_due().delivered == 1


def test_deliver_webhooks_command_reports_what_it_did(receiver):
    hook = receiver(statuses=[500])
    WebhookDelivery.objects.create(
        subscription=subscribe(url=hook.url), event=Event.PING, payload="{}", next_attempt_at=timezone.now()
    )
    out, err = StringIO(), StringIO()

    call_command("deliver_webhooks", "--limit", "10", stdout=out, stderr=err)

    assert out.getvalue().strip() == "Delivered 0, will retry 1, gave up on 0."
    assert "The receiver answered 500" in err.getvalue()


def test_signature_is_refused_when_too_old():
    body = b'{"event": "ping"}'
    header = signing.signature("whsec_x", body, timestamp=1_000_000)

    assert signing.verify("whsec_x", body, header, now=1_000_100)
    assert not signing.verify("whsec_x", body, header, now=1_000_000 + 301)
    assert not signing.verify("whsec_x", body, "t=oops,v1=abc")
    assert header == f"t=1000000,v1={signing._mac('whsec_x', 1_000_000, body)}"


def test_articles_not_yet_published_send_nothing(writer, walk, on_commit):
    subscribe()

    on_commit(lambda: walk(ArticleFactory(author=writer), Status.APPROVED))

    assert not WebhookDelivery.objects.exists()


def test_a_claimed_delivery_is_leased_so_a_second_run_does_not_send_it_too():
    from evidence.api.webhooks.delivery import _claim

    WebhookDelivery.objects.create(
        subscription=subscribe(), event=Event.PING, payload="{}", next_attempt_at=timezone.now()
    )
    now = timezone.now()

    assert _claim(now) is not None
    assert _claim(now) is None


@pytest.mark.parametrize(("kind", "factory"), [("study", StudyFactory), ("condition", ConditionFactory)])
def test_studies_and_conditions_send_their_own_events(walk, edit, editor, kind, factory):
    subscribe()
    item = walk(factory(), Status.PUBLISHED)
    edit(item, title="Corrected") if kind == "study" else edit(item, name="Corrected")
    walk(item, Status.PUBLISHED)
    workflow.perform("unpublish", item=item, by=editor)

    events = list(WebhookDelivery.objects.order_by("pk").values_list("event", flat=True))
    assert events == [f"{kind}.published", f"{kind}.updated", f"{kind}.withdrawn"]
    updated = json.loads(WebhookDelivery.objects.get(event=f"{kind}.updated").payload)
    assert (updated["data"]["type"], updated["data"]["title"], updated["reason"]) == (kind, "Corrected", "new_revision")
    assert updated["data"]["api_url"].endswith(f"/api/v1/{'studies' if kind == 'study' else 'conditions'}/{item.pk}/")


def test_a_subscription_made_before_the_new_events_keeps_only_what_it_chose(walk):
    subscribe(events=["article.published", "article.updated", "article.withdrawn"])

    walk(StudyFactory(), Status.PUBLISHED)

    assert not WebhookDelivery.objects.exists()


def test_a_rotated_secret_overlaps_so_the_receiver_never_refuses_a_delivery(receiver, live_article, settings):
    settings.EVIDENCE_WEBHOOK_SECRET_OVERLAP_HOURS = 24
    hook = receiver()
    subscription = subscribe(url=hook.url)
    old = subscription.secret

    subscription.rotate_secret()
    live_article(citations=0)
    deliver_due()

    [(headers, body)] = hook.requests
    header = headers[signing.HEADER]
    assert signing.verify(subscription.secret, body, header)  # a receiver already switched
    assert signing.verify(old, body, header)  # and one not switched yet
    legacy = dict(part.split("=", 1) for part in header.split(","))  # the old snippet kept the last v1
    assert legacy["v1"] == signing.signature(old, body, timestamp=int(legacy["t"])).rpartition("v1=")[2]


def test_after_the_overlap_only_the_new_secret_signs(live_article):
    subscription = subscribe()
    old = subscription.secret
    subscription.rotate_secret(now=timezone.now() - timedelta(days=2))

    assert subscription.signing_secrets() == [subscription.secret]
    assert old not in subscription.signing_secrets()
