"""Fixtures shared by the whole suite: the role groups, one person per role, and a workflow walker.

The role groups are created by a data migration, and pytest runs with
--no-migrations, so the groups are made here with the same function the
migration calls (accounts.roles.sync_roles).
"""

import os
import shutil
import subprocess
import time
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from accounts.roles import EDITOR, MARKETING, MEDICAL_REVIEWER, ROLES, WRITER, sync_roles
from evidence.caching import items
from evidence.models import Disclaimer, Status
from evidence.services import workflow
from evidence.services.revisions import working_copy_saved
from tests.browser.actions import follow
from tests.browser.conftest import chromium_path
from tests.factories import PASSWORD, ArticleFactory, CitationFactory, StudyFactory, UserFactory


def pytest_configure(config):
    # WhiteNoise looks for STATIC_ROOT, which only exists after collectstatic; tests serve no static files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Create the role groups once per test database; every ordinary test rolls back to this state.

    Tests build tables from the models (--no-migrations), so on PostgreSQL the search-document triggers
    that migration 0007 creates are installed here too: without them full-text search finds nothing.
    """
    with django_db_blocker.unblock():
        sync_roles(apps)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                import_module("evidence.migrations.0007_search_documents").install_triggers(cursor)


@pytest.fixture(autouse=True)
def _role_groups(request):
    """Bring the role groups back after a transactional test has flushed every table.

    pytest-django runs transactional tests last, but one flushes the groups away
    for the next; ordinary tests pay one query here.
    """
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db:
        return
    request.getfixturevalue("db")  # the helper honours transaction=True and live_server
    if Group.objects.filter(name__in=ROLES).count() != len(ROLES):
        sync_roles(apps)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the run (tests/browser, tests/hostile): Playwright's sync API cannot run two."""
    path = chromium_path()
    if not path:
        pytest.skip("No Chromium found: install it (Debian: `apt-get install chromium`) or set CHROMIUM_PATH.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django must allow its ORM calls from this thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def sign_in(browser, live_server):
    """Return as_person(user): a new Chromium window of `user`'s, signed in to the admin on their desk."""
    contexts = []

    def as_person(user):
        context = browser.new_context(viewport={"width": 1280, "height": 860})
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        follow(page, page.locator("#login-form [type=submit]"))
        contexts.append(context)
        return page

    yield as_person
    for context in contexts:
        context.close()


@pytest.fixture
def writer(db):
    return UserFactory(email="writer@example.com", display_name="Dana Writer", credentials="MPH", roles=[WRITER])


@pytest.fixture
def reviewer(db):
    return UserFactory(email="reviewer@example.com", display_name="Priya Reviewer", roles=[MEDICAL_REVIEWER])


@pytest.fixture
def other_reviewer(db):
    return UserFactory(email="second.reviewer@example.com", display_name="Omar Reviewer", roles=[MEDICAL_REVIEWER])


@pytest.fixture
def editor(db):
    return UserFactory(email="editor@example.com", display_name="Sam Editor", roles=[EDITOR])


@pytest.fixture
def marketer(db):
    return UserFactory(email="marketing@example.com", display_name="Lee Marketing", roles=[MARKETING])


# The moves that take a freshly saved working copy to each status.
PATHS = {
    Status.DRAFT: [],
    Status.IN_REVIEW: ["submit"],
    Status.CHANGES_REQUESTED: ["submit", "request_changes"],
    Status.APPROVED: ["submit", "approve"],
    Status.PUBLISHED: ["submit", "approve", "publish"],
    Status.UNPUBLISHED: ["submit", "approve", "publish", "unpublish"],
    Status.ARCHIVED: ["submit", "approve", "publish", "unpublish", "archive"],
}


@pytest.fixture
def walk(writer, reviewer, editor):
    """Return walk(item, status): save the item once, then move it through the real workflow to `status`.

    Articles, studies and conditions are written and submitted by the writer,
    disclaimers by the editor; the reviewer approves and the editor publishes.
    """

    def walk_to(item, status=Status.PUBLISHED):
        author = editor if isinstance(item, Disclaimer) else writer
        working_copy_saved(item=item, by=author)
        for action in PATHS[Status(status)]:
            by = {"submit": author, "request_changes": reviewer, "approve": reviewer}.get(action, editor)
            workflow.perform(action, item=item, by=by, comment="Please check the numbers.")
        item.refresh_from_db()
        assert item.status == status
        return item

    return walk_to


@pytest.fixture
def edit(writer):
    """Return edit(item, by=writer, **changes): change the working copy and save it as the admin does."""

    def edit_and_save(item, by=None, **changes):
        item.refresh_from_db()
        for name, value in changes.items():
            setattr(item, name, value)
        item.save()
        return working_copy_saved(item=item, by=by or writer)

    return edit_and_save


@pytest.fixture
def private_redis_url(tmp_path):
    """A redis-server of the test's own on a Unix socket, gone afterwards (skipped where none is installed)."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    socket = tmp_path / "redis.sock"
    server = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):  # wait for the socket rather than a fixed time
            if socket.exists():
                break
            time.sleep(0.05)
        yield f"unix://{socket}"
    finally:
        server.terminate()
        server.wait(timeout=5)


def explain_without_seqscan(sql):
    """EXPLAIN with sequential scans priced out: on a tiny test table the planner would rather read it all."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def tasks_in_database():
    """Queue background tasks in the database, as production does, instead of running them at once.

    The suite's settings run tasks immediately (config/test_settings.py); a test that wants to see what waits
    for the worker, or to run a real worker, uses this. Django's task backends are not rebuilt when settings
    change, so the backend is swapped through the handler's public item assignment and removed afterwards.
    """
    backend = DatabaseBackend(alias=DEFAULT_TASK_BACKEND_ALIAS, params={"BACKEND": "django_tasks_db.DatabaseBackend"})
    task_backends[DEFAULT_TASK_BACKEND_ALIAS] = backend
    yield backend
    del task_backends[DEFAULT_TASK_BACKEND_ALIAS]


@pytest.fixture(autouse=True)
def _no_remembered_item_versions():
    """Item versions are remembered per process and content version; a test starts with none."""
    items.forget()
    yield
    items.forget()


@pytest.fixture
def cited_library(walk, writer, django_capture_on_commit_callbacks):
    """Return (publish, study, articles): ten live articles citing one live study; publishing through the workflow runs its after-commit work."""

    def publish(item):
        with django_capture_on_commit_callbacks(execute=True):
            return walk(item, Status.PUBLISHED)

    study = publish(StudyFactory(citation_key="shared-study"))
    articles = []
    for n in range(10):
        article = ArticleFactory(author=writer, slug=f"article-{n}")
        if n < 3:
            CitationFactory(article=article, study=study, position=1)
        articles.append(publish(article))
    return publish, study, articles


def shown_text(item) -> dict:
    """What an admin change page sends back with a decision, as a browser posts it: the revision it showed
    and the digest of that text, for the latest and the live revision (evidence.admin.workflow)."""
    fields = {}
    for prefix, revision in (("", item.latest_revision), ("live_", item.live_revision)):
        if revision is not None:
            fields |= {f"{prefix}revision": str(revision.number), f"{prefix}digest": revision.text_digest()}
    return fields
