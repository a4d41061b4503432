"""A seeded random walk of workflow actions through the admin, with every public surface checked after each.

Each action is what a person does on an item's admin page: save the change form with new words (each text
field opening with a fresh marker, the address moved half the time, an article's conditions and a disclaimer's
reach chosen afresh), add a new item, or press a workflow button, posting what the page showed (revision and
digest) and a comment carrying a marker too. Mostly a button the page offers that person; sometimes any
button, as a forged or stale form would send it (the admin must refuse it and nothing must leak).
"""

import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client

from accounts.models import Scope
from accounts.services import issue_api_key
from bench.leaks.library import KINDS, Markers, admin_url, form_data, make_people, marked_text
from bench.leaks.surfaces import Surfaces
from evidence.api.models import SUBSCRIBABLE_EVENTS, WebhookSubscription
from evidence.models import Article, AuditEntry, Condition, Disclaimer, Study
from evidence.models.actions import BUTTON_ORDER, Action
from evidence.services import workflow

MODELS = {"article": Article, "study": Study, "condition": Condition, "disclaimer": Disclaimer}
FIRST_LIBRARY = ("condition", "condition", "study", "study", "article", "article", "article", "disclaimer")
MOST_ITEMS = 16
# How often each offered button is pressed, relative to the others: enough forward moves that items go live,
# and are edited, withdrawn and brought back, many times in a walk.
WEIGHTS = {Action.SUBMIT: 3, Action.APPROVE: 3, Action.PUBLISH: 8, Action.REOPEN: 0.5, Action.ARCHIVE: 0.3}


@dataclass
class Result:
    seed: int
    actions: int = 0
    moves_made: int = 0
    refused: int = 0
    by_action: Counter = field(default_factory=Counter)
    context: dict = field(default_factory=dict)  # step with a finding → the actions that led to it
    refusals: Counter = field(default_factory=Counter)  # what the admin told people whose move it refused
    findings: list = field(default_factory=list)
    reads: Counter = field(default_factory=Counter)
    markers_written: int = 0
    markers_published: int = 0
    most_leads_listed: int = 0  # the leads surface was read with something in it
    seconds: float = 0.0

    def summary(self) -> dict:
        leaks = Counter(f.kind for f in self.findings)
        return {
            "seed": self.seed,
            "actions": self.actions,
            "moves_made": self.moves_made,
            "refused": self.refused,
            "by_action": dict(sorted(self.by_action.items())),
            "refusals": dict(self.refusals.most_common(8)),
            "markers_written": self.markers_written,
            "markers_ever_published": self.markers_published,
            "answers_read": dict(sorted(self.reads.items())),
            "most_leads_listed": self.most_leads_listed,
            "leaks": {kind: leaks.get(kind, 0) for kind in ("unpublished", "withdrawn", "stale_304")},
            "first_findings": [vars(f) for f in self.findings[:20]],
            "steps_before_findings": dict(list(self.context.items())[:5]),
            "seconds": round(self.seconds, 1),
        }


def shown_text(item) -> dict:
    """The hidden fields an admin change page sends back with a decision: the revisions it showed, with digests."""
    fields = {}
    for prefix, revision in (("", item.latest_revision), ("live_", item.live_revision)):
        if revision is not None:
            fields |= {f"{prefix}revision": str(revision.number), f"{prefix}digest": revision.text_digest()}
    return fields


class Walk:
    def __init__(self, seed: int, receiver):
        self.random = random.Random(seed)
        self.result = Result(seed=seed)
        self.markers = Markers()
        self.people = make_people()
        self.items = []  # (kind, pk), in the order they were added
        self.visits = 0
        self.log = []  # what was done, step by step: a finding names the steps before it
        staff = [user.email for user, _ in self.people.values()]
        subscription = WebhookSubscription.objects.create(
            name="Leak walk", url=receiver.url, events=[e.value for e in SUBSCRIBABLE_EVENTS]
        )
        self.subscription = subscription
        unlimited = 10**9  # the walk reads every surface after every action, far beyond a person's pace
        self.surfaces = Surfaces(
            api_key=issue_api_key(name="Leak walk", requests_per_minute=unlimited)[1],
            leads_key=issue_api_key(name="Leak walk leads", scopes=[Scope.LEADS], requests_per_minute=unlimited)[1],
            staff_emails=staff,
            receiver=receiver,
        )

    # -- running -------------------------------------------------------------------------------------------------
    def run(self, actions: int):
        started = time.monotonic()
        for kind in FIRST_LIBRARY:
            self._add(kind)
        self.surfaces.check(0, items=self.items)
        for step in range(1, actions + 1):
            touched, searches = self.act()
            self.result.actions += 1
            if self.surfaces.check(step, items=self.items, touched=touched, searches=searches):
                self.result.context[step] = self.log[-12:]
        self.result.findings = self.surfaces.findings
        self.result.reads = self.surfaces.reads
        self.result.markers_written = len(self.markers.issued)
        self.result.markers_published = len(self.surfaces.ever_live)
        self.result.most_leads_listed = self.surfaces.most_leads
        self.result.seconds = time.monotonic() - started
        return self.result

    def act(self):
        """One random action; returns (the items it touched, marker words worth searching for)."""
        issued_before = set(self.markers.issued)
        roll = self.random.random()
        if roll < 0.06 and len(self.items) < MOST_ITEMS:
            touched = [self._add(self.random.choice(KINDS))]
        elif roll < 0.12:
            touched = self._visitor_asks_for_a_packet()
        else:
            kind, pk = self.random.choice(self.items)
            touched = [(kind, pk)]
            if roll < 0.30:
                self._edit(kind, pk)
            else:
                self._press(kind, pk)
        fresh = sorted(self.markers.issued - issued_before)
        searches = self.random.sample(fresh, min(2, len(fresh)))
        return touched, searches

    # -- what people do on the admin pages --------------------------------------------------------------------------
    def _writer_of(self, kind):
        names = ["editor"] if kind == "disclaimer" else ["writer", "second_writer", "reviewer_who_writes", "editor"]
        return self.people[self.random.choice(names)]

    def _add(self, kind):
        user, client = self._writer_of(kind)
        data = form_data(client.get(admin_url(kind, "add")))
        data |= self._content(kind, new_address=True, author=user)
        response = client.post(admin_url(kind, "add"), data | {"_save": "Save"})
        if response.status_code != 302:
            raise AssertionError(f"adding a {kind} was refused: {_errors(response)}")
        pk = MODELS[kind].objects.order_by("-pk").values_list("pk", flat=True).first()
        self.items.append((kind, pk))
        self._count("add", moved=True, what=f"add {kind} {pk}")
        return kind, pk

    def _edit(self, kind, pk):
        _, client = self._writer_of(kind)
        page = client.get(admin_url(kind, "change", pk))
        data = form_data(page) | self._content(kind, new_address=self.random.random() < 0.5, author=None)
        response = client.post(admin_url(kind, "change", pk), data | {"_save": "Save"})
        self._count("edit", moved=response.status_code == 302, what=f"edit {kind} {pk}")

    def _content(self, kind, *, new_address, author):
        data = marked_text(kind, self.markers, new_address=new_address)
        if kind == "article":
            data["conditions"] = self._some("condition", 2)
            if author is not None:  # a new article: its author, and a study it cites
                data["author"] = str(author.pk)
                if cited := self._some("study", 1):
                    data |= {"citations-TOTAL_FORMS": "1", "citations-0-position": "1", "citations-0-study": cited[0]}
        elif kind == "study":
            data |= {"design": "randomised_trial", "population": "human", "year": "2021"}
            data["conditions"] = self._some("condition", 1)
        elif kind == "disclaimer":
            reach = self.random.choice(["everywhere", "conditions", "articles"])
            data["applies_to"], data["is_active"] = reach, "on"
            chosen = [pk for k, pk in self.items if k == reach.rstrip("s")]
            if reach != "everywhere" and chosen:
                data[reach] = [str(self.random.choice(chosen))]
        return data

    def _visitor_asks_for_a_packet(self):
        """A visitor sends the packet form naming a condition it offers, then follows the link in the e-mail it
        gets (double opt-in), as a browser would: the form, the confirmation mail and the lead are surfaces."""
        self.visits += 1
        visitor = Client(REMOTE_ADDR=f"198.51.100.{self.visits % 250 + 1}")
        page = visitor.get("/information-packet/")
        offered = re.findall(r'<option value="(\d+)"', page.content.decode())  # the page may be a kept copy
        condition = self.random.choice(offered) if offered else ""
        mails = len(mail.outbox)
        response = visitor.post(
            "/information-packet/",
            {"name": "Ana", "email": f"visitor{self.visits}@example.org", "condition": condition, "consent": "on"},
            headers={"Origin": "http://testserver"},
        )
        self._count("visitor enquiry", moved=response.status_code == 302)
        for message in mail.outbox[mails:]:
            for link in re.findall(r"https?://\S+/confirm/\S+", message.body):
                address = urlsplit(link).path
                if visitor.get(address).status_code == 200:
                    visitor.post(address)  # where the link shows a button rather than confirming on sight
        return [("condition", int(condition))] if condition else []

    def _some(self, kind, most):
        """Up to `most` items of `kind` to link to (as form values): mostly live ones, so that what links to them
        can be published, sometimes any, drafts included (the public must then not see the link)."""
        chosen = [pk for k, pk in self.items if k == kind]
        if self.random.random() < 0.75:
            live = set(MODELS[kind].revision_model().objects.filter(is_live=True).values_list("item_id", flat=True))
            chosen = [pk for pk in chosen if pk in live]
        return [str(pk) for pk in self.random.sample(chosen, min(len(chosen), most))]

    def _press(self, kind, pk):
        item = MODELS[kind].objects.get(pk=pk)
        offered = [
            (name, action)
            for name, (user, _) in self.people.items()
            for action in workflow.available(item, user)
            if action in BUTTON_ORDER
        ]
        if offered and self.random.random() < 0.85:
            weights = [WEIGHTS.get(action, 1) for _, action in offered]
            name, action = self.random.choices(offered, weights)[0]
        else:  # any button by anyone, as a stale or forged form sends it
            name, action = self.random.choice(list(self.people)), self.random.choice(BUTTON_ORDER)
        _, client = self.people[name]
        before = AuditEntry.objects.for_item(item).count()
        fields = shown_text(item) | {"action": action.value, "comment": f"{self.markers.new()} please check."}
        response = client.post(admin_url(kind, "workflow", pk), fields)
        if response.status_code != 302:
            raise AssertionError(f"{name} pressing {action} on {kind} {pk} answered {response.status_code}")
        moved = AuditEntry.objects.for_item(item).count() > before
        self._count(Action(action).value, moved=moved, what=f"{name} {action.value} {kind} {pk}")
        if not moved:
            told = list(get_messages(response.wsgi_request))  # earlier pages' messages come first
            self.result.refusals[str(told[-1])[:70] if told else "(nothing said)"] += 1

    def _count(self, action, *, moved, what=""):
        self.result.by_action[f"{action} {'made' if moved else 'refused'}"] += 1
        self.log.append(f"{self.result.actions + 1}: {what or action} {'made' if moved else 'refused'}")
        if moved:
            self.result.moves_made += 1
        else:
            self.result.refused += 1


def _errors(response):
    context = getattr(response, "context", None)
    if not context or "adminform" not in context:
        return response.status_code
    form = context["adminform"].form
    inlines = [f.errors for inline in context["inline_admin_formsets"] for f in inline.formset.forms]
    return f"{form.errors.as_text()} {inlines}"
