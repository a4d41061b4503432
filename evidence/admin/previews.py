"""Show any revision as the public would see it, before it is approved (staff only).

The public presenter reads what the selectors prefetch on a live revision:
`live_citations` (each carrying its study's live revision as `live_study`) and conditions
carrying theirs as `live_condition`. A preview dresses an unpublished revision in the same
attributes, so the page a reviewer previews is drawn by exactly the code and
template that will draw it in public. Linked studies and conditions that are
not live yet are shown from their latest revision and listed as `unpublished`:
the article cannot be published until they are.

The admin's preview of a saved revision also carries the article's open review
threads (`review_threads`), their words looked for in that revision's text; the
admin's preview template shows them beside the page. The public views never
build a preview, so threads cannot reach the public page this way.
"""

from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from evidence import selectors
from evidence.comments import selectors as comment_selectors
from evidence.comments.panel import texts_of, thread_views
from evidence.prepared import fragments
from evidence.prepared.fragments import article_parts
from evidence.presenters.disclaimers import page_disclaimers
from evidence.presenters.pages import article_page


@dataclass
class ArticlePreview:
    revision: object
    page: object
    disclaimers: list
    unpublished: list = field(default_factory=list)
    review_threads: list = field(default_factory=list)  # evidence.comments.panel.Thread, open ones only

    def context(self):
        disclaimers = page_disclaimers(self.disclaimers)
        return {
            "page": self.page,
            "article": self.revision,
            "disclaimers": disclaimers,
            "preview": self,
            "review_threads": self.review_threads,
            "parts": fragments.for_preview(article_parts(self.revision, self.page, disclaimers, preview=self)),
        }


def _shown_revision(item):
    """What the public would see of a linked item: its live revision, else its latest."""
    return item.live_revision or item.latest_revision


def article_preview(revision) -> ArticlePreview:
    citations = list(revision.citations.select_related("study").order_by("position", "pk"))
    prefetch_related_objects([revision], "conditions", "references")
    preview = dressed_preview(revision, citations, list(revision.conditions.all()))
    preview.review_threads = thread_views(comment_selectors.open_threads_on(revision), texts_of(revision))
    return preview


def dressed_preview(revision, citations, conditions) -> ArticlePreview:
    """The preview of `revision` (saved, or the writer's unsaved text dressed alike by the workbench), given
    its citations (each with `.study`) and its conditions, in the shape the public presenter reads."""
    unpublished = []
    for citation in citations:
        citation.live_study = _shown_revision(citation.study)
        if citation.live_study is None or not citation.live_study.is_live:
            unpublished.append(citation.study)
    for condition in conditions:
        condition.live_condition = _shown_revision(condition)
        if condition.live_condition is None or not condition.live_condition.is_live:
            unpublished.append(condition)
    revision.live_citations = citations
    return ArticlePreview(
        revision=revision,
        page=article_page(revision),
        disclaimers=list(selectors.disclaimers_for(revision)),
        unpublished=unpublished,
    )
