"""Seed a synthetic library in exactly the shape the workflow leaves, fast enough for a million studies.

Each item gets a working copy and revisions as if a writer saved it, a
reviewer who is not the author approved it and an editor published it: live
revision, approval, review dates, links to conditions, ordered citations and
references copied into the revision, and an audit entry. Some items are left
where real libraries have them (in review, changes requested, approved but not
published, a live article with a newer draft) so the no-leak rule is exercised
at scale. Rows are written in batches, one transaction per batch.
"""

import random
from array import array
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from bench.seed import content
from bench.seed.articles import ArticleSeeder
from bench.seed.links import Links
from bench.seed.plan import BenchPlan
from bench.seed.shapes import AUDIT, NOTE, REVISION, WORKING_COPY, Batch, S, Timeline, content_columns, study_is_live
from bench.seed.writers import writer_for
from evidence.models import Article, AuditEntry, Condition, ConditionRevision, Disclaimer, Study, StudyRevision
from evidence.services import dependencies


class Seeder:
    """Write one plan's content; the public selectors then see it like any published content."""

    def __init__(self, plan: BenchPlan, people, progress):
        self.plan, self.people, self.progress = plan, people, progress
        self.rng = random.Random(plan.seed)
        self.rows = writer_for(connection)
        self.now = timezone.now()
        self.timeline = Timeline(self.rng, self.now)
        self.links = Links(self.rows)
        self.content_types = {m: ContentType.objects.get_for_model(m).pk for m in (Article, Study, Condition)}
        self.conditions: list[tuple[int, str]] = []
        self.citable_ids = array("q")
        self.citable_keys: list[str] = []
        self.live_article_ids: list[int] = []
        self.created = Counter()

    def in_batches(self, stage, total, build):
        done = 0
        self.progress(stage, done, total)
        while done < total:
            count = min(self.plan.batch_size, total - done)
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # Seeding can be replayed; waiting for each batch to reach the disk buys nothing.
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL synchronous_commit TO OFF")
                build(done, count)
            done += count
            self.progress(stage, done, total)

    def audit_row(self, *, when, actor, action, model, pk, label, moved, number=1):
        """An audit entry as the workflow writes it; `moved` is (from status, to status)."""
        return (when, actor, action, self.content_types[model], pk, label[:300], *moved, number, NOTE)

    def saved_once(self, batch, *, model, pk, revision_pk, values, label, times, live):
        """A working copy saved once, then either approved and published, or still in review."""
        saved, approved, published = times
        writer, reviewer = self.rng.choice(self.people.writers), self.rng.choice(self.people.reviewers)
        if live:
            batch.items.append((pk, S.PUBLISHED, 1, saved, published, writer, published, *values))
            batch.revisions.append(
                (revision_pk, pk, 1, saved, writer, NOTE, True, reviewer, approved, published, *values)
            )
            moved, actor, action, when = (S.APPROVED, S.PUBLISHED), self.people.editor, "publish", published
        else:
            batch.items.append((pk, S.IN_REVIEW, 1, saved, saved, writer, None, *values))
            batch.revisions.append((revision_pk, pk, 1, saved, writer, NOTE, False, None, None, None, *values))
            moved, actor, action, when = (S.DRAFT, S.IN_REVIEW), writer, "submit", saved
        batch.audits.append(
            self.audit_row(when=when, actor=actor, action=action, model=model, pk=pk, label=label, moved=moved)
        )

    def write_batch(self, model, batch):
        self.rows.write(model, WORKING_COPY + content_columns(model), batch.items)
        self.rows.write(model.revision_model(), REVISION + content_columns(model), batch.revisions)
        self.rows.write(AuditEntry, AUDIT, batch.audits)
        self.links.flush()

    def conditions_batch(self, offset, count):
        ids, revision_ids = self.rows.reserve_ids(Condition, count), self.rows.reserve_ids(ConditionRevision, count)
        batch = Batch()
        for k in range(count):
            name = content.condition_name(offset + k)
            values = (name, f"bench-{slugify(name)}", content.condition_summary(name), [])
            times = self.timeline.of(offset + k, self.plan.conditions)
            self.saved_once(
                batch, model=Condition, pk=ids[k], revision_pk=revision_ids[k], values=values, label=name,
                times=times, live=True,
            )  # fmt: skip
            self.conditions.append((ids[k], name))
        self.write_batch(Condition, batch)
        self.created["conditions"] += count

    def pick_conditions(self, most):
        return [self.conditions[i] for i in self.rng.sample(range(len(self.conditions)), self.rng.randint(1, most))]

    def studies_batch(self, offset, count):
        ids, revision_ids = self.rows.reserve_ids(Study, count), self.rows.reserve_ids(StudyRevision, count)
        batch = Batch()
        for k in range(count):
            n, live = offset + k, study_is_live(offset + k)
            conditions = self.pick_conditions(min(2, len(self.conditions)))
            values = content.study_values(self.rng, n + 1, conditions[0][1])
            label = f"{values['authors'][0]['family']} {values['year']} · {values['title'][:80]}"
            row, times = tuple(values[name] for name in Study.CONTENT_FIELDS), self.timeline.of(n, self.plan.studies)
            self.saved_once(
                batch, model=Study, pk=ids[k], revision_pk=revision_ids[k], values=row, label=label, times=times,
                live=live,
            )  # fmt: skip
            self.links.add_conditions(Study, ids[k], [revision_ids[k]], [c[0] for c in conditions])
            if live:
                self.citable_ids.append(ids[k])
                self.citable_keys.append(values["citation_key"])
        self.write_batch(Study, batch)
        self.created["studies"] += count

    def pick_citations(self):
        """3 to 8 different live studies; a third of citations go to the most-cited 1 % (as in real libraries)."""
        pool = len(self.citable_ids)
        popular, wanted = max(1, pool // 100), min(self.rng.randint(3, 8), pool)
        chosen: dict[int, None] = {}
        while len(chosen) < wanted:
            chosen[self.rng.randrange(popular) if self.rng.random() < 0.3 else self.rng.randrange(pool)] = None
        return [(self.citable_ids[i], self.citable_keys[i]) for i in chosen]

    def run(self):
        self.in_batches("conditions", self.plan.conditions, self.conditions_batch)
        self.in_batches("studies", self.plan.studies, self.studies_batch)
        articles = ArticleSeeder(self)  # cites the studies and links the conditions seeded above
        self.in_batches("articles", self.plan.articles, articles.write)
        articles.write_disclaimers()
        self.date_public_copies()
        # What each live article shows, as publishing records it: the fan-outs and per-item versions read it.
        dependencies.rebuild(progress=lambda done, total: self.progress("dependency record", done, total))
        return self.created

    def date_public_copies(self):
        """A seeded live revision's public copy last changed when it went live, as the workflow records it."""
        for model in (Condition, Study, Article, Disclaimer):
            model.revision_model().objects.filter(published_at__isnull=False, public_updated_at__isnull=True).update(
                public_updated_at=F("published_at")
            )
