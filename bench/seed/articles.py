"""Seed articles, and the disclaimers that point at them, as the workflow leaves them.

A live article has revision 1 approved by a medical reviewer who is not its
author, live, with the review dates the publish step sets; one in ten also has
a newer draft (revision 2) that the public must not see; one in twenty never
went live (draft, in review, changes requested, or approved but not published).
"""

from datetime import timedelta

from django.db import connection, transaction

from bench.seed import content
from bench.seed.shapes import (
    ARTICLE_REVIEW,
    AUDIT,
    EDITED,
    NOTE,
    REVIEW_INTERVAL,
    REVISION,
    UNPUBLISHED,
    WORKING_COPY,
    Batch,
    S,
    article_state,
    content_columns,
)
from evidence.models import AppliesTo, Article, ArticleRevision, AuditEntry, Disclaimer, DisclaimerRevision

ARTICLE_COLUMNS = WORKING_COPY + ARTICLE_REVIEW + content_columns(Article)
ARTICLE_REVISION_COLUMNS = REVISION + content_columns(Article)
LAST_ACTION = dict(UNPUBLISHED)
STATUS_BEFORE = {S.DRAFT: "", S.IN_REVIEW: S.DRAFT, S.CHANGES_REQUESTED: S.IN_REVIEW, S.APPROVED: S.IN_REVIEW}
DISCLAIMED_ARTICLES = 20


WAS_LIVE = (S.PUBLISHED, EDITED, S.UNPUBLISHED)


class ArticleSeeder:
    def __init__(self, library):
        self.library = library  # the Seeder: random source, people, pools of conditions and studies
        self.rows = library.rows
        self.revision_ids = iter(())  # reserved per batch

    def write(self, offset, count):
        states = [article_state(offset + k) for k in range(count)]
        ids = self.rows.reserve_ids(Article, count)
        self.revision_ids = iter(self.rows.reserve_ids(ArticleRevision, count + states.count(EDITED)))
        batch = Batch()
        for k, state in enumerate(states):
            self.article(batch, number=offset + k, pk=ids[k], state=state)
        self.rows.write(Article, ARTICLE_COLUMNS, batch.items)
        self.rows.write(ArticleRevision, ARTICLE_REVISION_COLUMNS, batch.revisions)
        self.rows.write(AuditEntry, AUDIT, batch.audits)
        self.library.links.flush()
        self.library.created["articles"] += count

    def article(self, batch, *, number, pk, state):
        lib = self.library
        conditions, cited = lib.pick_conditions(min(3, len(lib.conditions))), lib.pick_citations()
        values = content.article_values(lib.rng, number + 1, [c[1] for c in conditions], [k for _, k in cited])
        people = (lib.rng.choice(lib.people.writers), lib.rng.choice(lib.people.reviewers))
        saved, approved, published = times = lib.timeline.of(number, lib.plan.articles)
        mine, text, updated = self.revisions(batch, pk=pk, state=state, values=values, people=people, times=times)
        author, reviewer = people
        was_live = state in WAS_LIVE
        review = self.review_dates(reviewer, approved) if was_live else (reviewer, None, None, None)
        status, went_live = S.DRAFT if state == EDITED else state, published if was_live else None
        batch.items.append((pk, status, len(mine), saved, updated, author, went_live, *review, *text))
        batch.audits.append(self.last_action(state, pk=pk, label=text[0], people=people, times=(*times, updated)))
        lib.links.add_conditions(Article, pk, mine, [c[0] for c in conditions])
        lib.links.add_citations(pk, mine, [study_id for study_id, _ in cited])
        lib.links.add_reference(pk, mine, content.reference(conditions[0][1], saved.date()))
        if state in (S.PUBLISHED, EDITED) and len(lib.live_article_ids) < DISCLAIMED_ARTICLES:
            lib.live_article_ids.append(pk)

    def revisions(self, batch, *, pk, state, values, people, times):
        """Revision 1 (live, approved, withdrawn or not yet approved) and, for an edited article, draft revision 2."""
        lib, (author, reviewer), (saved, approved, published) = self.library, people, times
        was_live = state in WAS_LIVE
        text = (values["title"], values["slug"], values["summary"], values["body"], values["seo_description"], author)
        approval = (reviewer, approved) if was_live or state == S.APPROVED else (None, None)
        first = next(self.revision_ids)
        batch.revisions.append(
            (first, pk, 1, saved, author, NOTE, state in (S.PUBLISHED, EDITED), *approval,
             published if was_live else None, *text)
        )  # fmt: skip
        updated = published if was_live else saved
        if state in (EDITED, S.UNPUBLISHED):
            updated = min(published + timedelta(days=lib.rng.randint(1, 90)), lib.now)
        if state != EDITED:
            return [first], text, updated
        text, second = (*content.draft_update(values), author), next(self.revision_ids)
        batch.revisions.append((second, pk, 2, updated, author, NOTE, False, None, None, None, *text))
        batch.audits.append(
            lib.audit_row(when=updated, actor=author, action="saved", model=Article, pk=pk, label=text[0],
                          moved=(S.PUBLISHED, S.DRAFT), number=2)
        )  # fmt: skip
        return [first, second], text, updated

    def last_action(self, state, *, pk, label, people, times):
        """The audit entry of the step that left the article in `state`."""
        lib, (author, reviewer), (saved, approved, published, updated) = self.library, people, times
        entry = {"model": Article, "pk": pk, "label": label}
        if state in (S.PUBLISHED, EDITED):
            return lib.audit_row(when=published, actor=lib.people.editor, action="publish",
                                 moved=(S.APPROVED, S.PUBLISHED), **entry)  # fmt: skip
        if state == S.UNPUBLISHED:
            return lib.audit_row(when=updated, actor=lib.people.editor, action="unpublish",
                                 moved=(S.PUBLISHED, S.UNPUBLISHED), **entry)  # fmt: skip
        action = LAST_ACTION[state]
        actor, when = (reviewer, approved) if action in ("request_changes", "approve") else (author, saved)
        return lib.audit_row(when=when, actor=actor, action=action, moved=(STATUS_BEFORE[state], state), **entry)

    def review_dates(self, reviewer, approved):
        """Most live articles were re-reviewed within the year; one in twenty is overdue, as in real libraries."""
        rng, now = self.library.rng, self.library.now
        reviewed = approved if rng.random() < 0.05 else max(approved, now - timedelta(days=rng.randint(0, 330)))
        return (reviewer, reviewed, reviewer, (reviewed + REVIEW_INTERVAL).date())

    def write_disclaimers(self):
        """One disclaimer for some seeded conditions, one for some seeded articles; never one for every page."""
        lib = self.library
        chosen = (
            ("Early research only (synthetic)", AppliesTo.CONDITIONS, "conditions", [c[0] for c in lib.conditions[:5]]),
            ("About this synthetic library", AppliesTo.ARTICLES, "articles", lib.live_article_ids),
        )
        with transaction.atomic(using=connection.alias):
            ids = self.rows.reserve_ids(Disclaimer, len(chosen))
            rev_ids = self.rows.reserve_ids(DisclaimerRevision, len(chosen))
            items, revisions = [], []
            for pk, rev_pk, (title, applies_to, linked, others) in zip(ids, rev_ids, chosen, strict=True):
                when, editor = lib.now, lib.people.editor
                text = (title, "Synthetic text shown with benchmark content.", applies_to, True)
                items.append((pk, S.PUBLISHED, 1, when, when, editor, when, *text))
                revisions.append((rev_pk, pk, 1, when, editor, NOTE, True, lib.people.reviewers[0], when, when, *text))
                lib.links.add_m2m(Disclaimer, linked, pk, others)
                lib.links.add_m2m(DisclaimerRevision, linked, rev_pk, others)
            self.rows.write(Disclaimer, WORKING_COPY + content_columns(Disclaimer), items)
            self.rows.write(DisclaimerRevision, REVISION + content_columns(Disclaimer), revisions)
            lib.links.flush()
        lib.created["disclaimers"] += len(chosen)
