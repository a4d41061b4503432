"""What public pages show, computed from live revisions the selectors fetched (no queries of their own).

`article_page(revision)` is the contract the public article page and the
admin preview share: everything the page shows comes from it; `article_pages`
builds the same for a page of API results, reading all their bodies from the
cache at once. It reads what the selectors prefetch on a live revision
(`live_citations`, each carrying its study's live revision as `live_study`,
and conditions carrying theirs as `live_condition`: the one shape of
`evidence.selectors.live.with_live_revision`); a preview dresses an
unpublished revision in the same attributes.
"""

from dataclasses import dataclass, field
from functools import cached_property

from evidence.citations import format as citation_format
from evidence.citations.markers import number_references
from evidence.media.presenters import figures_of, lead_figure, place_figures
from evidence.media.selectors import attach_figures
from evidence.models import Population, StudyDesign
from evidence.models import levels as evidence_levels
from evidence.presenters.bodies import citations_in, render_bodies
from evidence.retractions.models import in_force

# One sentence per design, for readers who have never heard of an "observational study".
DESIGN_EXPLANATIONS = {
    StudyDesign.IN_VITRO: "Done on cells in a laboratory dish. It can show how a treatment might work, "
    "not whether it helps people.",
    StudyDesign.ANIMAL: "Done in animals. Results in animals often do not carry over to people.",
    StudyDesign.CASE_SERIES: "Describes what happened to one or a few patients, with no comparison group.",
    StudyDesign.OBSERVATIONAL: "Watches what happens to groups of people without assigning treatments, "
    "so other differences between the groups may explain the results.",
    StudyDesign.NON_RANDOMISED_TRIAL: "Gives people a treatment on purpose, but without a fair, "
    "random comparison group.",
    StudyDesign.RANDOMISED_TRIAL: "Assigns people to treatments at random, the fairest way to test "
    "whether a treatment works.",
    StudyDesign.SYSTEMATIC_REVIEW: "Gathers and weighs all the studies on a question in a planned, step-by-step way.",
    StudyDesign.NARRATIVE_REVIEW: "An expert's overview of earlier studies, without the strict method "
    "of a systematic review.",
}


@dataclass
class NumberedReference:
    """A cited study as a page's reference list shows it: its number (0 when unnumbered), text, links and level."""

    number: int
    study: object  # the study's live revision
    evidence: str
    level: int
    # Where the body cites it: (link id, use label) pairs in reading order, for the reference list's back-links.
    cited_at: list = field(default_factory=list)

    # Formatted only when shown: list cards show a study's evidence label, not its citation, and formatting
    # takes a millisecond or more per study the first time (citeproc).
    @cached_property
    def text(self):
        return citation_format.ama(self.study)

    @cached_property
    def links(self):
        return citation_format.links(self.study)

    @property
    def explanation(self):
        return DESIGN_EXPLANATIONS.get(self.study.design, "")

    @cached_property
    def notices(self):
        """Retractions, expressions of concern and corrections in force on the paper, most serious first (the
        selectors prefetch them with the study: evidence.selectors.live.with_notices)."""
        return in_force(self.study.item.notices.all())

    @property
    def lab_or_animal(self):
        return evidence_levels.lab_or_animal_only([self.study])

    @property
    def size_label(self):
        """What the study's sample size counts, in readers' words."""
        if self.study.design in (StudyDesign.SYSTEMATIC_REVIEW, StudyDesign.NARRATIVE_REVIEW):
            return "Studies covered"
        return "Number of animals" if self.study.population == Population.ANIMAL else "Number of participants"


@dataclass
class EvidenceSummary:
    """How strong the evidence behind an article is, from its cited studies."""

    references: list

    @property
    def strongest(self):
        return max(self.references, key=lambda r: r.level, default=None)

    @property
    def weakest(self):
        return min(self.references, key=lambda r: r.level, default=None)

    @property
    def lab_or_animal_only(self):
        return evidence_levels.lab_or_animal_only([r.study for r in self.references])

    @property
    def not_yet_shown_in_people(self):
        return evidence_levels.NOT_YET_SHOWN_IN_PEOPLE

    @property
    def groups(self):
        """References that read alike, strongest first, so the box does not repeat "Laboratory study" three times."""
        grouped = {}
        for reference in sorted(self.references, key=lambda r: -r.level):
            grouped.setdefault((reference.level, reference.evidence), []).append(reference)
        return [EvidenceGroup(references=refs) for refs in grouped.values()]


@dataclass
class EvidenceGroup:
    references: list

    @property
    def first(self):
        return self.references[0]


@dataclass
class ArticlePage(EvidenceSummary):
    article: object = None
    body_html: str = ""
    conditions: list = field(default_factory=list)
    other_references: list = field(default_factory=list)
    figures: list = field(default_factory=list)  # evidence.media: the revision's reviewed figures

    @property
    def lead_figure(self):
        return lead_figure(self.figures)

    @property
    def item(self):
        return self.article.item

    @property
    def medical_reviewer(self):
        return self.item.last_reviewed_by

    @property
    def reviewed_at(self):
        return self.item.last_reviewed_at

    @property
    def next_review_due(self):
        return self.item.next_review_due

    @property
    def first_published_at(self):
        return self.item.first_published_at or self.article.published_at

    @property
    def updated_at(self):
        return self.article.published_at

    @property
    def last_updated_at(self):
        """When the text now shown went live, if a later revision replaced the first one the public saw (None
        otherwise). A re-review shows as "Medically reviewed … on", and a change to a cited study is not an update
        of the summary's own text, so neither counts."""
        first, now_shown = self.item.first_published_at, self.article.published_at
        return now_shown if first and now_shown and now_shown > first else None


def live_studies_of(article):
    """The cited studies' live revisions, in reference-list order (prefetched by the selectors)."""
    return [c.live_study for c in article.live_citations if c.live_study is not None]


def _live_revisions(rows, name):
    # The selectors' join (with_live_revision) leaves `name` unset, not None, on a row with no live revision.
    shown = (getattr(row, name, None) for row in rows)
    return [revision for revision in shown if revision is not None]


def live_conditions_of(revision):
    """The live revisions of the conditions an article, study or disclaimer revision is linked to."""
    return _live_revisions(revision.conditions.all(), "live_condition")


def live_articles_of(disclaimer):
    """The live revisions of the articles a disclaimer is chosen for."""
    return _live_revisions(disclaimer.articles.all(), "live_article")


def reference_for(number, study):
    return NumberedReference(
        number=number,
        study=study,
        evidence=evidence_levels.plain_label(study),
        level=evidence_levels.level(study),
    )


def evidence_summary(article) -> EvidenceSummary:
    """The evidence behind a live article, for list cards (unnumbered, in the writer's order)."""
    return EvidenceSummary(references=[reference_for(0, s) for s in live_studies_of(article)])


def _numbered_references(article):
    # Number in order of first use in the text (by key, PMID or DOI), then any cited-but-unmarked study.
    ordered, numbering = number_references(article.body, live_studies_of(article))
    return [reference_for(n, s) for n, s in enumerate(ordered, 1)], numbering


def article_page(article) -> ArticlePage:
    return article_pages([article])[0]


def article_pages(articles) -> list[ArticlePage]:
    """`article_page` of each article, in order, with one cache round trip for all their bodies (an API page)."""
    numbered = [_numbered_references(article) for article in articles]
    bodies = render_bodies(
        [(article.body, numbering) for article, (_, numbering) in zip(articles, numbered, strict=True)]
    )
    attach_figures(articles)  # one query for the lot, none when no body places a figure
    figures = [figures_of(article) for article in articles]
    return [
        ArticlePage(
            references=_cited_at(references, body_html, "ref-{0.number}"),
            article=article,
            body_html=place_figures(body_html, shown),
            conditions=live_conditions_of(article),
            other_references=_cited_at(list(article.references.all()), body_html, "note-{0.position}"),
            figures=shown,
        )
        for article, (references, _), body_html, shown in zip(articles, numbered, bodies, figures, strict=True)
    ]


def _cited_at(references, body_html, anchor):
    """`references`, each given `cited_at`: where the body links to its `anchor` (a format of the reference)."""
    uses = citations_in(body_html)
    for reference in references:
        reference.cited_at = uses.get(anchor.format(reference), [])
    return references


def study_evidence(study) -> NumberedReference:
    """A live study as the study page describes it: formatted reference, links, plain evidence label."""
    return reference_for(0, study)
