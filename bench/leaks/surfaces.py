"""Everything outside the admin that can name content, read as its audience reads it, searched for markers.

Audiences: an anonymous visitor (pages, feed, sitemaps, search, exports, forms, robots; JSON-LD and meta tags are
in the pages), a marketing API key (lists, items, search, the changes feed) and a key with the leads scope, a
webhook receiver (every delivery recorded), and a visitor's inbox (every e-mail to someone who is not staff).
Staff e-mail names drafts on purpose and is only checked for going to staff.

A marker found is a leak unless it is in a live revision now. One that was never in a live revision is
`unpublished`; one that was, but is not now, is `withdrawn` (a stale copy of text the public saw). A 304 to a
validator the surface gave earlier, when the full answer has changed since, is `stale_304`.
"""

import json
from collections import Counter
from dataclasses import dataclass

from django.core import mail
from django.test import Client

from bench.leaks.library import MARKER
from evidence.api.models import WebhookDelivery
from evidence.models import (
    Article,
    ArticleRevision,
    Condition,
    ConditionRevision,
    DisclaimerRevision,
    Study,
    StudyRevision,
)

REVISIONS = (ArticleRevision, StudyRevision, ConditionRevision, DisclaimerRevision)
SITE = [
    "/", "/articles/", "/conditions/", "/disclaimers/", "/privacy/", "/robots.txt", "/newsletter/",
    "/information-packet/", "/feeds/articles/", "/sitemap.xml", "/sitemap-pages.xml", "/sitemap-articles.xml",
    "/sitemap-conditions.xml", "/sitemap-studies.xml", "/search/?q=stem",
]  # fmt: skip
API = [
    "/api/v1/", "/api/v1/articles/?page_size=100", "/api/v1/studies/?page_size=100",
    "/api/v1/conditions/?page_size=100", "/api/v1/disclaimers/?page_size=100", "/api/v1/changes/?page_size=100",
    "/api/v1/articles/?page_size=100&ordering=title",
]  # fmt: skip
EXPORTS = ("ris", "bib", "json")
ADDRESSES = {  # kind → (working copy, address field, public page, API list)
    "article": (Article, "slug", "/articles/{}/", "articles"),
    "study": (Study, "citation_key", "/studies/{}/", "studies"),
    "condition": (Condition, "slug", "/conditions/{}/", "conditions"),
}


def live_markers() -> set:
    """Every marker in a live revision now: the text the public may see."""
    found = set()
    for model in REVISIONS:
        for row in model.objects.filter(is_live=True).values():
            found.update(MARKER.findall(str(row).lower()))
    return found


@dataclass(frozen=True)
class Finding:
    step: int
    kind: str  # unpublished, withdrawn, stale_304
    surface: str
    address: str
    marker: str = ""  # for a stale 304: what changed behind it


def every_address(kind, pk) -> set:
    """Every address an item ever had: its working copy's and every revision's."""
    model, field, _, _ = ADDRESSES[kind]
    addresses = set(model.revision_model().objects.filter(item_id=pk).values_list(field, flat=True))
    return addresses | set(model.objects.filter(pk=pk).values_list(field, flat=True))


class Surfaces:
    def __init__(self, *, api_key, leads_key, staff_emails, receiver=None):
        self.visitor = Client()
        self.api = Client(headers={"Authorization": f"Bearer {api_key}"})
        self.leads = Client(headers={"Authorization": f"Bearer {leads_key}"})
        self.staff_emails, self.receiver = set(staff_emails), receiver
        self.validators = {}  # address → (ETag, Last-Modified, content) of its last full answer
        self.reads = Counter()  # surface → answers read
        self.ever_live, self.live = set(), set()
        self._mails = self._received = self._delivery = 0
        self.step = self.most_leads = 0
        self.findings = []

    # -- the check after each step -------------------------------------------------------------------------------
    def check(self, step, *, items, touched=(), searches=()):
        """Read every surface; return the findings of this step. `items` are (kind, pk) of the whole library,
        `touched` the ones this step acted on (all their old addresses are tried too), `searches` words to
        search for (markers just written)."""
        self.step, before = step, len(self.findings)
        self.live = live_markers()
        self.ever_live |= self.live
        for address in self._site_addresses(items, touched, searches):
            self._read("site", self.visitor, address)
        for address in self._api_addresses(items, touched, searches):
            self._read("api", self.api, address)
        leads = self._read("leads", self.leads, "/api/v1/leads/?page_size=100")
        self.most_leads = max(self.most_leads, len(leads.json()["results"]))
        self._read_webhooks()
        self._read_mail()
        return self.findings[before:]

    def _site_addresses(self, items, touched, searches):
        yield from SITE
        yield from (f"/search/?q={word}" for word in searches)
        for kind, pk in items:
            if kind not in ADDRESSES:
                continue
            _, field, page, _ = ADDRESSES[kind]
            model = ADDRESSES[kind][0].revision_model()
            addresses = every_address(kind, pk) if (kind, pk) in touched else set()
            addresses |= set(model.objects.filter(item_id=pk, is_live=True).values_list(field, flat=True))
            for address in sorted(addresses):
                yield page.format(address)
                if kind == "article":
                    yield f"/articles/{address}/references.{EXPORTS[self.step % len(EXPORTS)]}"

    def _api_addresses(self, items, touched, searches):
        yield from API
        for word in searches:
            yield from (f"/api/v1/{name}/?search={word}" for name in ("articles", "studies", "conditions"))
        for kind, pk in items:
            plural = ADDRESSES[kind][3] if kind in ADDRESSES else "disclaimers"
            yield f"/api/v1/{plural}/{pk}/"
            if (kind, pk) in touched and kind in ADDRESSES:
                yield from (f"/api/v1/{plural}/{address}/" for address in sorted(every_address(kind, pk)))

    # -- reading ---------------------------------------------------------------------------------------------------
    def _read(self, surface, client, address):
        kept = self.validators.get(address)
        if kept is not None:
            self._try_validators(surface, client, address, kept)
        response = client.get(address)
        self.reads[surface] += 1
        content = response.content
        if response.status_code == 429 or response.status_code >= 500:
            raise AssertionError(f"{surface} {address} answered {response.status_code}: not read, so not checked")
        # The visitor's own words (a search, an address typed) may be echoed back; anything else may not.
        echoed = set(MARKER.findall(address.lower()))
        text = content.decode(errors="replace") + repr(sorted(response.items()))
        self._scan(surface, address, text, allowed=echoed)
        if response.status_code == 200 and response.has_header("ETag"):
            self.validators[address] = (response["ETag"], response.get("Last-Modified"), content)
        return response

    def _try_validators(self, surface, client, address, kept):
        """Ask again with what the last full answer gave; a 304 must mean the full answer is still that one."""
        etag, last_modified, content = kept
        for header, value in (("If-None-Match", etag), ("If-Modified-Since", last_modified)):
            if value is None:
                continue
            if client.get(address, headers={header: value}).status_code == 304:
                fresh = client.get(address)
                if fresh.status_code != 200 or fresh.content != content:
                    detail = _difference(content, fresh)
                    self.findings.append(Finding(self.step, "stale_304", f"{surface} ({header})", address, detail))

    def _scan(self, surface, address, text, allowed=frozenset()):
        for marker in set(MARKER.findall(text.lower())) - self.live - allowed:
            kind = "withdrawn" if marker in self.ever_live else "unpublished"
            self.findings.append(Finding(self.step, kind, surface, address, marker))

    def _read_webhooks(self):
        for pk, event, payload in WebhookDelivery.objects.filter(pk__gt=self._delivery).values_list(
            "pk", "event", "payload"
        ):
            self._delivery = pk
            self.reads["webhooks"] += 1
            self._scan("webhooks", event, payload)
        if self.receiver is not None:
            for _headers, body in self.receiver.requests[self._received :]:
                self.reads["webhooks"] += 1
                self._scan("webhooks", "received", body.decode(errors="replace"))
            self._received = len(self.receiver.requests)

    def _read_mail(self):
        for message in mail.outbox[self._mails :]:
            self.reads["e-mail"] += 1
            outsiders = set(message.recipients()) - self.staff_emails
            if outsiders:  # a visitor's inbox: held to the public's rule
                self._scan("e-mail", ", ".join(sorted(outsiders)), f"{message.subject}\n{message.body}")
        self._mails = len(mail.outbox)


def _difference(kept: bytes, fresh) -> str:
    """What a stale 304 hid: the status, or the JSON fields whose values changed."""
    if fresh.status_code != 200:
        return f"now {fresh.status_code}"
    try:
        before, after = json.loads(kept), fresh.json()
    except ValueError:
        return "the page changed"
    changed = sorted(name for name in {*before, *after} if before.get(name) != after.get(name))
    return "changed: " + ", ".join(f"{name}: {before.get(name)!r} → {after.get(name)!r}"[:1000] for name in changed)
