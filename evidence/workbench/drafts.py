"""The writer's unsaved article, read from the change form as posted, in the shape the public presenter reads.

Nothing here writes: the draft is a plain object dressed like an article revision (title, body, author,
conditions, references, figures, and the item it belongs to), its citations, conditions and figures are
read-only rows from the library, and what cannot be read (an id that is not a number, a study that does not
exist) is skipped and named in `notes`, so the preview shows the rest instead of failing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model

from evidence.media.selectors import unsaved_snapshots
from evidence.models import Article, ArticleReference, Condition, Study
from evidence.workbench.citing import marked_studies

MAX_BODY_CHARACTERS = 400_000  # about 60,000 words: far above any summary, small enough to render at once


class BadDraft(ValueError):
    """The posted form cannot be previewed at all (e.g. a body too long to render while typing)."""


class _Rows:
    """Enough of a related manager for the presenter: `.all()`."""

    def __init__(self, rows):
        self._rows = list(rows)

    def all(self):
        return list(self._rows)


@dataclass
class DraftArticle:
    """An article revision that is not written yet: what the change form holds right now."""

    item: Article
    author: object
    title: str = ""
    slug: str = ""
    summary: str = ""
    body: str = ""
    seo_description: str = ""
    number: str = "not saved yet"  # the preview banner says "revision …"
    published_at: object = None
    conditions: _Rows = field(default_factory=lambda: _Rows([]))
    references: _Rows = field(default_factory=lambda: _Rows([]))
    figure_snapshots: _Rows = field(default_factory=lambda: _Rows([]))  # the figures as saving would keep them

    @property
    def item_id(self):
        return self.item.pk


@dataclass
class CitedStudy:
    position: int
    study: Study


@dataclass
class Draft:
    article: DraftArticle
    citations: list
    conditions: list
    notes: list


def _ids(values, what, notes):
    ids = []
    for posted in values:
        value = (posted or "").strip()
        if not value:
            continue
        if value.isdecimal():
            ids.append(int(value))
        else:
            notes.append(f"A {what} could not be read (“{value[:40]}”) and is left out of the preview.")
    return ids


def _position(value, default):
    value = (value or "").strip()
    return int(value) if value.isdecimal() and int(value) < 10_000 else default


def _inline_rows(data, prefix):
    """The inline formset's rows as posted, without those marked for deletion."""
    total = data.get(f"{prefix}-TOTAL_FORMS", "")
    count = min(int(total), 1000) if total.isdecimal() else 0
    for index in range(count):
        row = {key[len(f"{prefix}-{index}-") :]: data.get(key) for key in data if key.startswith(f"{prefix}-{index}-")}
        if row and not row.get("DELETE"):
            yield index, row


def _citations(data, notes):
    wanted = []
    for index, row in _inline_rows(data, "citations"):
        study_ids = _ids([row.get("study")], "cited study", notes)
        if study_ids:
            wanted.append((_position(row.get("position"), index + 1), index, study_ids[0]))
    studies = Study.objects.in_bulk([study_id for _, _, study_id in wanted])
    missing = [study_id for _, _, study_id in wanted if study_id not in studies]
    if missing:
        notes.append(f"{len(missing)} cited stud{'y' if len(missing) == 1 else 'ies'} no longer in the library.")
    return [CitedStudy(position, studies[s]) for position, _, s in sorted(wanted) if s in studies]


def _with_marked(body, citations):
    """The listed studies plus those the markers name (cite once: saving adds them, so the preview shows them)."""
    listed = {citation.study.pk for citation in citations}
    marked = [study for study in marked_studies(body) if study.pk not in listed]
    last = max((citation.position for citation in citations), default=0)
    return citations + [CitedStudy(last + n, study) for n, study in enumerate(marked, 1)]


def _references(data):
    references = []
    for index, row in _inline_rows(data, "references"):
        if not (row.get("title") or row.get("url")):
            continue
        references.append(
            ArticleReference(
                position=_position(row.get("position"), index + 1),
                title=(row.get("title") or "")[:300],
                publisher=(row.get("publisher") or "")[:200],
                url=(row.get("url") or "")[:500],
                published_on=_date(row.get("published_on")),
                accessed_on=_date(row.get("accessed_on")),
            )
        )
    return sorted(references, key=lambda reference: reference.position)


def _date(value):
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _author(data, item, person):
    ids = [int(v) for v in [data.get("author", "")] if v.isdecimal()]
    author = get_user_model().objects.filter(pk__in=ids, is_staff=True).first() if ids else None
    return author or getattr(item, "author", None) or person


def draft_from_form(data, *, item: Article | None, person) -> Draft:
    """The article as the change form `data` (a QueryDict) holds it, for `person` previewing it."""
    body = data.get("body", "")
    if len(body) > MAX_BODY_CHARACTERS:
        raise BadDraft(
            f"The text is too long to preview while typing ({len(body):,} characters; "
            f"{MAX_BODY_CHARACTERS:,} at most). Nothing is lost: it is still in the editor."
        )
    notes = []
    item = item or Article()
    condition_ids = _ids(data.getlist("conditions"), "condition", notes)
    conditions = list(Condition.objects.filter(pk__in=condition_ids).order_by("name"))
    article = DraftArticle(
        item=item,
        author=_author(data, item, person),
        title=data.get("title", "")[:200],
        slug=data.get("slug", "")[:200],
        summary=data.get("summary", "")[:400],
        body=body,
        seo_description=data.get("seo_description", "")[:160],
        conditions=_Rows(conditions),
        references=_Rows(_references(data)),
        figure_snapshots=_Rows(unsaved_snapshots(body)),
    )
    citations = _with_marked(body, _citations(data, notes))
    return Draft(article=article, citations=citations, conditions=conditions, notes=notes)
