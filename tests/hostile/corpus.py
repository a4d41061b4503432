"""The XSS corpus (xss_payloads.txt) and a library whose every writer-set text field carries it.

Payloads are packed into each field up to its length limit, and each field of
item i takes chunk i of that field's packing, so with enough items every
payload lands in every field (the smallest fields, such as a study's volume,
hold the short payloads that fit). Every value is checked with `full_clean()`,
as the admin form checks it, so the library holds only what a writer could
save; everything is published through the real workflow (save, submit,
request changes, approve, publish) with hostile review comments on the way.
"""

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.auth.models import Group

from accounts.roles import MEDICAL_REVIEWER, WRITER
from evidence.models import AppliesTo, ArticleReference, Citation, Population, StudyDesign
from evidence.services import workflow
from evidence.services.revisions import working_copy_saved
from tests.factories import ArticleFactory, ConditionFactory, DisclaimerFactory, StudyFactory, UserFactory

PAYLOAD_FILE = Path(__file__).with_name("xss_payloads.txt")
# Items of each kind: enough for the 160-character search-engine description to carry every payload.
ITEMS = 17
UNPUBLISHED_MARK = "unpublished-edit-zebra"


def load_payloads() -> list[str]:
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("#")]


PAYLOADS = load_payloads()


def url_payloads() -> list[str]:
    """Payloads that still make a valid http(s) address, to try breaking out of href attributes."""
    return [f"https://example.org/?q={p}" for p in PAYLOADS if not any(c.isspace() for c in p)]


SCRIPT_URLS = [
    "javascript:__xss(900)",
    "JavaScript:__xss(901)//https://example.org/",
    "data:text/html,<script>__xss(902)</script>",
    "vbscript:msgbox(903)",
]


def packed(max_length: int, payloads=PAYLOADS) -> list[str]:
    """The payloads that fit, packed greedily into strings of at most `max_length` characters."""
    chunks, current = [], ""
    for payload in (p for p in payloads if len(p) <= max_length):
        if current and len(current) + 1 + len(payload) > max_length:
            chunks.append(current)
            current = ""
        current = f"{current} {payload}" if current else payload
    return [*chunks, current] if current else chunks


def chunk(max_length: int, index: int, payloads=PAYLOADS) -> str:
    chunks = packed(max_length, payloads)
    return chunks[index % len(chunks)]


def rotated(index: int, step: int = 3) -> list[str]:
    """Every payload, starting at a different one for each item (so none is always swallowed by its neighbour)."""
    start = (index * step) % len(PAYLOADS)
    return PAYLOADS[start:] + PAYLOADS[:start]


def checked(item):
    """Save `item` only if the admin's validation would accept it (full_clean), as a writer's save is checked."""
    item.full_clean(exclude=["password"] if hasattr(item, "password") else None)
    item.save()
    return item


@dataclass
class HostileLibrary:
    articles: list = field(default_factory=list)
    studies: list = field(default_factory=list)
    conditions: list = field(default_factory=list)
    disclaimers: list = field(default_factory=list)
    people: list = field(default_factory=list)

    def public_pages(self) -> list[str]:
        """Every public address that shows writers' text, plus pages that echo a visitor's input."""
        pages = ["/", "/articles/", "/articles/?page=2", "/conditions/", "/disclaimers/", "/search/?q=script"]
        pages += ["/search/?q=xss", "/search/?q=svg+onload", "/search/?q=javascript"]
        pages += [a.get_absolute_url() for a in self.articles]
        pages += [c.get_absolute_url() for c in self.conditions]
        pages += [s.get_absolute_url() for s in self.studies]
        pages += [f"/articles/?{urlencode({'condition': p})}" for p in PAYLOADS[:5]]  # the error repeats the value
        return pages

    def reflected_searches(self) -> list[str]:
        return [f"/search/?{urlencode({'q': p})}" for p in PAYLOADS]


def _people(count: int, role: str, offset: int):
    """Staff in `role` whose public byline fields (display name, credentials, bio) carry payloads."""
    group = Group.objects.get(name=role)
    people = []
    for i in range(count):
        person = UserFactory.build(
            email=f"{role.lower().replace(' ', '-')}-{i}@example.org",
            display_name=chunk(120, offset + i),
            credentials=chunk(80, offset + i),
            bio=chunk(600, offset + i),
        )
        checked(person).groups.add(group)
        people.append(person)
    return people


def _publish(item, *, author, reviewer, editor, index):
    """Through the real workflow, with a round of requested changes, and hostile comments and notes."""
    working_copy_saved(item=item, by=author, note=chunk(300, index))
    workflow.perform("submit", item=item, by=author)
    workflow.perform("request_changes", item=item, by=reviewer, comment=chunk(400, index + 1))
    working_copy_saved(item=item, by=author, note=chunk(300, index + 2))
    workflow.perform("submit", item=item, by=author)
    workflow.perform("approve", item=item, by=reviewer, comment=chunk(400, index + 3))
    workflow.perform("publish", item=item, by=editor, comment=chunk(400, index + 4))
    item.refresh_from_db()
    return item


def _condition(i):
    return checked(
        ConditionFactory.build(
            name=chunk(120, i),
            slug=f"hostile-condition-{i}",
            summary=chunk(400, i),
            synonyms=PAYLOADS[i * 2 : i * 2 + 2],
        )
    )


_DESIGNS = [
    (StudyDesign.RANDOMISED_TRIAL, Population.HUMAN),
    (StudyDesign.ANIMAL, Population.ANIMAL),
    (StudyDesign.IN_VITRO, Population.IN_VITRO),
    (StudyDesign.SYSTEMATIC_REVIEW, Population.HUMAN),
]


def _study(i, condition):
    design, population = _DESIGNS[i % len(_DESIGNS)]
    urls = url_payloads()
    short = [p for p in PAYLOADS if len(p) <= 30]
    study = StudyFactory.build(
        citation_key=f"hostile-study-{i}",
        title=chunk(500, i),
        authors=[{"family": p, "given": q} for p, q in itertools.pairwise(rotated(i)[:4])],
        journal=chunk(255, i),
        volume=short[i % len(short)],
        issue=short[(i + 1) % len(short)],
        pages=chunk(40, i),
        # Half the studies show their DOI link, the other half their publisher's address.
        doi=f"10.5555/{urls[i % len(urls)].removeprefix('https://example.org/?q=')}" if i % 2 else "",
        # The other half are found by a (synthetic, as in bench/seed) PubMed ID: every article passes the source rule.
        pmid="" if i % 2 else str(90_000_000 + i),
        url=urls[i % len(urls)],
        design=design,
        population=population,
        funding=chunk(400, i),
        conflicts=chunk(400, i + 1),
        notes=chunk(400, i + 2),
    )
    checked(study).conditions.add(condition)
    return study


def _article(i, author, studies, conditions):
    article = checked(
        ArticleFactory.build(
            title=chunk(200, i),
            slug=f"hostile-article-{i}",
            summary=chunk(400, i),
            seo_description=chunk(160, i),
            body="\n\n".join([f"Cited [@{studies[0].citation_key}] and noted [^1].", *rotated(i)]),
            author=author,
        )
    )
    article.conditions.add(*conditions)
    for position, study in enumerate(studies, 1):
        Citation.objects.create(article=article, study=study, position=position)
    urls = url_payloads()
    for position in (1, 2):
        checked(
            ArticleReference(
                article=article,
                position=position,
                title=chunk(300, i + position),
                publisher=chunk(200, i + position),
                url=urls[(i * 2 + position) % len(urls)],
            )
        )
    return article


def _disclaimer(i, conditions, articles):
    applies_to = [AppliesTo.EVERYWHERE, AppliesTo.CONDITIONS, AppliesTo.ARTICLES][i % 3]
    disclaimer = checked(DisclaimerFactory.build(title=chunk(200, i), text=chunk(400, i), applies_to=applies_to))
    if applies_to == AppliesTo.CONDITIONS:
        disclaimer.conditions.add(conditions[i % len(conditions)])
    elif applies_to == AppliesTo.ARTICLES:
        disclaimer.articles.add(articles[i % len(articles)])
    return disclaimer


def build_hostile_library(*, editor, items: int = ITEMS) -> HostileLibrary:
    """A published library with the corpus in every text field, and one unpublished hostile edit."""
    writers = _people(items, WRITER, offset=0)
    reviewers = _people(items, MEDICAL_REVIEWER, offset=items)
    library = HostileLibrary(people=writers + reviewers)
    for i in range(items):
        people = {"author": writers[i], "reviewer": reviewers[i], "editor": editor, "index": i}
        library.conditions.append(_publish(_condition(i), **people))
        library.studies.append(_publish(_study(i, library.conditions[-1]), **people))
    for i in range(items):
        people = {"author": writers[i], "reviewer": reviewers[i], "editor": editor, "index": i}
        cited = [library.studies[i], library.studies[(i + 1) % items]]
        article = _article(i, writers[i], cited, [library.conditions[i]])
        library.articles.append(_publish(article, **people))
    for i in range(items):
        disclaimer = _disclaimer(i, library.conditions, library.articles)
        library.disclaimers.append(_publish(disclaimer, author=editor, reviewer=reviewers[i], editor=editor, index=i))
    # A draft of a live article: the admin compares it, the public must never see it.
    edited = library.articles[0]
    edited.summary = f"{UNPUBLISHED_MARK} {PAYLOADS[0]}"
    checked(edited)
    working_copy_saved(item=edited, by=writers[0], note=chunk(300, 5))
    return library
