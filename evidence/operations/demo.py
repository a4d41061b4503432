"""Load the demo library from fixtures/demo/content.yaml through the real workflow.

Each item is written by the demo writer, approved by the demo reviewer and
published by the demo editor, so the demo shows exactly what the workflow
produces. An article the review gates refuse (the brain-injury and lupus
overviews cite no study, so the source rule holds them back) stays a draft
with the refusal to read in its admin page. Items that already exist are left alone, which makes loading
idempotent and never overwrites what someone changed in the demo.
"""

import re
from datetime import date
from pathlib import Path

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.roles import EDITOR, MEDICAL_REVIEWER, WRITER
from evidence.exceptions import WorkflowError
from evidence.media.models import Figure
from evidence.media.services import figure_upload
from evidence.models import Article, ArticleReference, Citation, Condition, Disclaimer, ReviewerSpecialty, Study
from evidence.models.actions import Action
from evidence.operations.demo_figures import bar_chart
from evidence.services import workflow
from evidence.services.revisions import working_copy_saved

DEMO_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "content.yaml"
# A demo body names its figures by key ([[figure:demo-…]]); the loader writes the created figure's id instead.
_DEMO_FIGURE = re.compile(r"\[\[figure:(demo-[a-z0-9-]+)\]\]")

_STUDY_FIELDS = (
    "title",
    "authors_complete",
    "journal",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "url",
    "design",
    "population",
    "sample_size",
    "funding",
    "conflicts",
    "notes",
)


def _authors(names):
    return [dict(zip(("family", "given"), (p.strip() for p in [*n.split(",", 1), ""][:2]), strict=True)) for n in names]


def _date(value):
    return date.fromisoformat(str(value)) if value else None


class DemoLoader:
    def __init__(self, people):
        self.writer, self.reviewer, self.editor = people[WRITER], people[MEDICAL_REVIEWER], people[EDITOR]
        self.created = {"conditions": 0, "studies": 0, "figures": 0, "articles": 0, "disclaimers": 0}
        self.figure_ids = {}  # demo key → Figure id
        self.held_back = []  # (article, why) the review gates refused

    def _publish(self, item, writer=None):
        writer = writer or self.writer
        working_copy_saved(item=item, by=writer, note="Demo content")
        workflow.perform(Action.SUBMIT, item=item, by=writer)
        workflow.perform(Action.APPROVE, item=item, by=self.reviewer, comment="Checked against the cited sources.")
        workflow.perform(Action.PUBLISH, item=item, by=self.editor)

    def _new(self, model, **lookup):
        return not model.objects.filter(**lookup).exists()

    def conditions(self, rows):
        for row in rows:
            if self._new(Condition, slug=row["key"]):
                item = Condition(
                    name=row["name"],
                    slug=row["key"],
                    summary=row.get("summary", ""),
                    synonyms=row.get("synonyms", []),
                    created_by=self.writer,
                )
                item.full_clean()
                item.save()
                self._publish(item)
                self.created["conditions"] += 1

    def studies(self, rows):
        for row in rows:
            if self._new(Study, citation_key=row["key"]):
                item = Study(
                    citation_key=row["key"],
                    authors=_authors(row.get("authors", [])),
                    created_by=self.writer,
                    **{
                        f: row.get(f) if row.get(f) is not None else Study._meta.get_field(f).get_default()
                        for f in _STUDY_FIELDS
                    },
                )
                item.full_clean()
                item.save()
                item.conditions.set(Condition.objects.filter(slug__in=row.get("conditions", [])))
                self._publish(item)
                self.created["studies"] += 1

    def figures(self, rows):
        """Draw each chart and upload it like any figure (checked, renditions made); one already there is kept."""
        for row in rows:
            existing = Figure.objects.filter(title=row["title"]).order_by("pk").first()
            if existing is None:
                chart = row["chart"]
                png = bar_chart(title=chart["title"], bars=[tuple(bar) for bar in chart["bars"]], axis=chart["axis"])
                existing = figure_upload(
                    upload=SimpleUploadedFile(f"{row['key']}.png", png),
                    by=self.writer,
                    title=row["title"],
                    alt_text=row["alt_text"],
                    caption=row.get("caption", ""),
                    credit=row.get("credit", ""),
                    licence=row.get("licence", ""),
                    source_study=Study.objects.filter(citation_key=row.get("source_study", "")).first(),
                )
                self.created["figures"] += 1
            self.figure_ids[row["key"]] = existing.pk

    def _body(self, text):
        return _DEMO_FIGURE.sub(lambda found: f"[[figure:{self.figure_ids[found.group(1)]}]]", text)

    def articles(self, rows):
        for row in rows:
            if not self._new(Article, slug=row["slug"]):
                continue
            item = Article(
                title=row["title"],
                slug=row["slug"],
                summary=row["summary"],
                body=self._body(row["body"]),
                seo_description=row.get("seo_description", ""),
                author=self.writer,
                medical_reviewer=self.reviewer,
                created_by=self.writer,
            )
            item.full_clean()
            item.save()
            item.conditions.set(Condition.objects.filter(slug__in=row.get("conditions", [])))
            studies = {s.citation_key: s for s in Study.objects.filter(citation_key__in=row.get("studies", []))}
            Citation.objects.bulk_create(
                Citation(article=item, study=studies[key], position=n)
                for n, key in enumerate(row.get("studies", []), 1)
            )
            ArticleReference.objects.bulk_create(
                ArticleReference(
                    article=item,
                    position=n,
                    title=ref["title"],
                    publisher=ref.get("publisher", ""),
                    url=ref["url"],
                    published_on=_date(ref.get("published_on")),
                    accessed_on=_date(ref.get("accessed_on")),
                )
                for n, ref in enumerate(row.get("references", []), 1)
            )
            self.created["articles"] += 1
            try:
                self._publish(item)
            except WorkflowError as refused:
                self.held_back.append((item, refused.message))

    def disclaimers(self, rows):
        for row in rows:
            if self._new(Disclaimer, title=row["title"]):
                item = Disclaimer(
                    title=row["title"], text=row["text"], applies_to=row["applies_to"], created_by=self.editor
                )
                item.full_clean()
                item.save()
                item.conditions.set(Condition.objects.filter(slug__in=row.get("conditions", [])))
                item.articles.set(Article.objects.filter(slug__in=row.get("articles", [])))
                self._publish(item, writer=self.editor)  # disclaimers are the editors' to write
                self.created["disclaimers"] += 1

    def specialties(self, condition_keys):
        for condition in Condition.objects.filter(slug__in=condition_keys):
            ReviewerSpecialty.objects.get_or_create(reviewer=self.reviewer, condition=condition)


def load_demo_content(people, path=DEMO_FILE):
    """Create what is missing from the demo library; return counts of what was created, with `held_back`: the
    articles the review gates kept as drafts, and why."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    loader = DemoLoader(people)
    with transaction.atomic():
        loader.conditions(data["conditions"])
        loader.studies(data["studies"])
        loader.figures(data.get("figures", []))
        loader.articles(data["articles"])
        loader.disclaimers(data["disclaimers"])
        loader.specialties(data.get("reviewer_specialties", []))
    return loader.created | {"held_back": loader.held_back}
