"""People, marker words and the admin's forms: what the walk writes with, and how it writes (as a browser)."""

import itertools
import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.roles import EDITOR, MEDICAL_REVIEWER, WRITER, sync_roles

# A marker is a word nobody else writes: "qz00042q". It survives slugs, search, HTML, JSON and feeds unchanged.
MARKER = re.compile(r"qz\d{5}q", re.IGNORECASE)

# The demo roles, as the issue names them: two writers, a reviewer who also writes, a second reviewer, an editor.
PEOPLE = {
    "writer": ("walk.writer@example.com", "Dana Walker", [WRITER]),
    "second_writer": ("walk.writer2@example.com", "Kim Walker", [WRITER]),
    "reviewer_who_writes": ("walk.reviewer@example.com", "Priya Walker", [WRITER, MEDICAL_REVIEWER]),
    "second_reviewer": ("walk.reviewer2@example.com", "Omar Walker", [MEDICAL_REVIEWER]),
    "editor": ("walk.editor@example.com", "Sam Walker", [EDITOR]),
}
KINDS = ("article", "study", "condition", "disclaimer")


class Markers:
    """Hands out fresh marker words and remembers every one."""

    def __init__(self):
        self._numbers = itertools.count(1)
        self.issued = set()

    def new(self) -> str:
        marker = f"qz{next(self._numbers):05d}q"
        self.issued.add(marker)
        return marker


def make_people() -> dict:
    """The walk's five staff members with their role groups, each with a signed-in admin client."""
    sync_roles(apps)
    User = get_user_model()
    people = {}
    for name, (email, display_name, roles) in PEOPLE.items():
        user, _ = User.objects.update_or_create(
            email=email, defaults={"display_name": display_name, "is_staff": True, "is_active": True}
        )
        user.groups.set(Group.objects.filter(name__in=roles))
        client = Client()
        client.force_login(user)
        people[name] = (user, client)
    return people


def admin_url(kind: str, page: str, pk=None) -> str:
    return reverse(f"admin:evidence_{kind}_{page}", args=[] if pk is None else [pk])


def form_data(response) -> dict:
    """What a browser posts back from a rendered add or change page: the form and every inline, as rendered."""
    data = {}

    def put(bound):
        value = bound.value()
        if value is None or value is False:
            return
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = str(value)

    for bound in response.context["adminform"].form:
        put(bound)
    for inline in response.context["inline_admin_formsets"]:
        for bound in inline.formset.management_form:
            put(bound)
        for form in inline.formset.forms:
            for bound in form:
                put(bound)
    return data


def marked_text(kind: str, markers: Markers, *, new_address: bool) -> dict:
    """Fresh words for every text field of `kind` that the public could see, each opening with its own marker
    (so a shortened summary or description still carries it whole); `new_address` moves the slug as well."""
    m = markers.new
    fields = {
        "article": lambda: {
            "title": f"{m()} stem cells and the immune system",
            "summary": f"{m()} what the trials found.",
            "body": f"{m()} The trial followed people for a year.\n\n{m()} Fewer relapses were seen.",
            "seo_description": f"{m()} plain-language summary",
        },
        "study": lambda: {
            "title": f"{m()} mesenchymal stromal cells in a randomised trial",
            "authors": f"{m()}, A",
            "journal": f"{m()} Journal",
            "funding": f"{m()} Foundation",
            "conflicts": f"{m()} none declared",
            "notes": f"{m()} staff notes",
        },
        "condition": lambda: {
            "name": f"{m()} syndrome",
            "summary": f"{m()} a long-term condition.",
            "synonyms": f"{m()} disease",
        },
        "disclaimer": lambda: {"title": f"{m()} caution", "text": f"{m()} Talk to your doctor first."},
    }[kind]()
    if new_address:
        address = {"article": "slug", "study": "citation_key", "condition": "slug"}.get(kind)
        if address:
            fields[address] = f"{m()}-{kind}"
    return fields
