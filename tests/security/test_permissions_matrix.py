"""Who may do what: every role by every action, through the real admin, workflow and API. Deny by default.

ALLOWED is the whole policy in one table. A role missing from an action's set
must be refused, so a permission granted by mistake fails here as surely as
one taken away. A refusal is a redirect to sign in, 401, 403, 404 or 405;
never a 500.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import Scope
from accounts.services import issue_api_key
from evidence.models import Status
from tests.conftest import shown_text
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = [
    "anonymous",
    "staff without a role",
    "writer",
    "reviewer",
    "editor",
    "marketing",
    "API key",
    "API key with leads",
]
ALLOWED = {
    "view a draft": {"writer", "reviewer", "editor"},  # marketing sees published content only
    "add": {"writer", "editor"},
    "change": {"writer", "editor"},
    "delete": {"editor"},
    "submit": {"writer", "editor"},
    "approve": {"reviewer"},
    "publish": {"editor"},
    "read the audit log": {"reviewer", "editor"},
    "read leads": {"marketing", "API key with leads"},
    "manage keys and webhooks": {"editor"},
}
REFUSED = {302, 401, 403, 404, 405}


@dataclass
class World:
    draft: object
    in_review: object
    approved: object


@pytest.fixture(autouse=True)
def _fresh_api_counters():
    cache.clear()  # API rate counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def world(walk, writer):
    return World(
        draft=walk(ArticleFactory(author=writer, slug="a-draft"), Status.DRAFT),
        in_review=walk(ArticleFactory(author=writer, slug="in-review"), Status.IN_REVIEW),
        approved=walk(ArticleFactory(author=writer, slug="approved"), Status.APPROVED),
    )


@pytest.fixture
def actor(request, writer, reviewer, editor, marketer):
    """Return actor(role): a test client acting as that role."""

    def client_for(role):
        people = {"writer": writer, "reviewer": reviewer, "editor": editor, "marketing": marketer}
        if role == "staff without a role":
            people[role] = UserFactory(email="new.starter@example.com")
        if role in people:
            client = Client()
            client.force_login(people[role])
            return client
        if role.startswith("API key"):
            scopes = [Scope.LEADS] if role.endswith("leads") else []
            raw_key = issue_api_key(name=role, scopes=scopes)[1]
            return Client(headers={"Authorization": f"Bearer {raw_key}", "Accept": "application/json"})
        return Client()

    return client_for


def allowed(response) -> bool:
    assert response.status_code == 200 or response.status_code in REFUSED, (
        response.status_code,
        response.content[:300],
    )
    return response.status_code == 200


def never_through_the_api(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code in REFUSED, (method, path, response.status_code)


def admin_url(item, view=""):
    return f"/admin/evidence/article/{item.pk}/{view}"


def move(client, item, action) -> bool:
    before = item.status
    response = client.post(admin_url(item, "workflow/"), shown_text(item) | {"action": action})
    assert response.status_code in REFUSED, response.status_code  # the admin answers every move with a redirect
    item.refresh_from_db()
    return item.status != before


def view_draft(client, world):
    assert client.get(f"/articles/{world.draft.slug}/").status_code == 404  # never public, whoever asks
    never_through_the_api(client, "get", f"/api/v1/articles/{world.draft.slug}/")
    return allowed(client.get(admin_url(world.draft, "change/")))


def add(client, world):
    never_through_the_api(client, "post", "/api/v1/articles/")
    return allowed(client.get("/admin/evidence/article/add/"))


def change(client, world):
    never_through_the_api(client, "put", f"/api/v1/articles/{world.draft.slug}/")
    response = client.get(admin_url(world.draft, "change/"))
    return allowed(response) and 'name="_save"' in response.content.decode()  # view-only pages have no Save


def delete(client, world):
    never_through_the_api(client, "delete", f"/api/v1/articles/{world.draft.slug}/")
    return allowed(client.get(admin_url(world.draft, "delete/")))


def read_audit_log(client, world):
    return allowed(client.get("/admin/evidence/auditentry/"))


def read_leads(client, world):
    in_admin = allowed(client.get("/admin/enquiries/enquiry/"))
    through_api = allowed(client.get("/api/v1/leads/"))
    return in_admin or through_api


def manage_keys_and_webhooks(client, world):
    keys = allowed(client.get("/admin/accounts/apikey/add/"))
    webhooks = allowed(client.get("/admin/evidence_api/webhooksubscription/add/"))
    assert keys == webhooks, "keys and webhooks are managed by the same people"
    return keys


ATTEMPTS = {
    "view a draft": view_draft,
    "add": add,
    "change": change,
    "delete": delete,
    "submit": lambda client, world: move(client, world.draft, "submit"),
    "approve": lambda client, world: move(client, world.in_review, "approve"),
    "publish": lambda client, world: move(client, world.approved, "publish"),
    "read the audit log": read_audit_log,
    "read leads": read_leads,
    "manage keys and webhooks": manage_keys_and_webhooks,
}


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_role_may_do_exactly_what_the_policy_allows(actor, world, role, action):
    client = actor(role)

    did = ATTEMPTS[action](client, world)

    expected = role in ALLOWED[action]
    assert did == expected, f"{role} {'could not' if expected else 'could'} {action}"


def test_the_policy_names_only_known_roles_and_every_action_is_tried():
    assert set().union(*ALLOWED.values()) <= set(ROLES)
    assert set(ATTEMPTS) == set(ALLOWED)
