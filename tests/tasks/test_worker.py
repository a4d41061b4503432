"""Background tasks run by a real django-tasks-db worker: what must not be lost survives a crash after the
commit, and a failing mail server neither slows nor fails the reviewer's request."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from evidence.api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from evidence.models import Status
from evidence.services import workflow
from tests.conftest import shown_text
from tests.factories import ArticleFactory
from tests.fakes import SmtpServer, WebhookReceiver

ROOT = Path(__file__).resolve().parents[2]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="another process shares the test database only on PostgreSQL (make test-postgres)",
)


def run_worker():
    """Run every task that is ready, in this process, the way `manage.py db_worker --batch` does."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def mail_server(settings):
    """Return mail_server(failing=False): a local SMTP server the product's mail is sent to."""
    servers = []

    def start(failing=False):
        server = SmtpServer(failing=failing)
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
            }
        }
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_neither_slows_nor_fails_the_reviewers_request(
    tasks_in_database, mail_server, client, walk, writer, reviewer, settings
):
    settings.EVIDENCE_TASK_RETRY_SECONDS = 60
    down = mail_server(failing=True)
    article = walk(ArticleFactory(author=writer, title="Exosomes for lupus"), Status.IN_REVIEW)
    client.force_login(reviewer)
    DBTaskResult.objects.all().delete()  # the submission's own e-mail to reviewers is not this test's subject

    response = client.post(
        reverse("admin:evidence_article_workflow", args=[article.pk]),
        {"action": "approve", "comment": "Matches the trial report."} | shown_text(article),
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["“Exosomes for lupus”: approved."]
    article.refresh_from_db()
    assert article.status == Status.APPROVED
    assert down.connections == 0  # the request only queued the e-mail
    queued = DBTaskResult.objects.get(task_path="evidence.tasks.send_workflow_email")
    assert queued.status == "READY"

    run_worker()

    assert down.connections >= 1
    failed = DBTaskResult.objects.get(pk=queued.pk)
    assert failed.status == "FAILED" and "SMTP" in failed.exception_class_path  # visible to administrators
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get(task_path="evidence.tasks.send_workflow_email")
    assert (retry.status, retry.args_kwargs["kwargs"]) == ("READY", {"attempt": 2})
    assert 55 <= (retry.run_after - failed.finished_at).total_seconds() <= 65  # backs off a minute

    up = mail_server()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # a minute later
    run_worker()

    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"
    assert len(up.messages) == 1
    assert b"Subject: Approved: Exosomes for lupus" in up.messages[0]
    assert writer.email.encode() in up.messages[0]


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_the_webhook_a_publication_queued(tasks_in_database, walk, writer, editor):
    hook = WebhookReceiver()
    WebhookSubscription.objects.create(name="Newsletter", url=hook.url)
    article = walk(ArticleFactory(author=writer), Status.APPROVED)
    try:
        workflow.perform("publish", item=article, by=editor)
        assert hook.requests == []  # publishing never waits for the receiver
        run_worker()
    finally:
        hook.close()

    assert len(hook.requests) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def _subprocess_env():
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    return env | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",  # production settings: tasks wait in the database
        "DJANGO_SECRET_KEY": "worker-test-secret-key-0123456789-0123456789-abcdef",
        "EMAIL_URL": "consolemail://",
    }


def _python(*args, env):
    """Run this project's Python in another process, as a deployment would, and wait for it to end."""
    return subprocess.run(
        [sys.executable, *args], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


# The publishing process: it registers its own death as the first after-commit callback, so it dies after
# the publication has committed and before any after-commit work (queueing delivery, the cache bump) runs.
PUBLISH_THEN_DIE = textwrap.dedent(
    """
    import os, django
    django.setup()
    from django.db import transaction
    from evidence.models import Article
    from accounts.models import User
    from evidence.services import workflow

    with transaction.atomic():
        transaction.on_commit(lambda: os._exit(9))
        workflow.perform("publish", item=Article.objects.get(pk={article}), by=User.objects.get(pk={editor}))
    print("survived")
    """
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_publication_killed_between_commit_and_after_commit_work_still_sends_its_webhook(walk, writer, editor):
    hook = WebhookReceiver()
    try:
        WebhookSubscription.objects.create(name="Newsletter", url=hook.url)
        article = walk(ArticleFactory(author=writer), Status.APPROVED)
        env = _subprocess_env()

        died = _python("-c", PUBLISH_THEN_DIE.format(article=article.pk, editor=editor.pk), env=env)
        assert died.returncode == 9, died.stderr
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED  # the publication committed …
        assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING  # … and its outbox row with it
        assert not DBTaskResult.objects.exists()  # but the process died before queueing the delivery

        scheduled = _python("manage.py", "run_scheduler", "--once", env=env)
        assert scheduled.returncode == 0, scheduled.stderr
        worked = _python("manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env)
        assert worked.returncode == 0, worked.stderr
    finally:
        hook.close()

    assert len(hook.requests) == 1
    assert b'"event": "article.published"' in hook.requests[0][1]
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
