"""What a public article page shows, computed from a live revision fetched by the selectors."""

from dataclasses import dataclass, field

from evidence import citation_format, evidence_levels
from evidence.rendering import cited_keys, render_body


@dataclass
class Reference:
    number: int
    study: object  # the study's live revision
    text: str
    links: list
    evidence: str
    level: int


@dataclass
class ArticlePage:
    article: object
    body_html: str
    references: list[Reference] = field(default_factory=list)
    conditions: list = field(default_factory=list)

    @property
    def strongest(self):
        return max(self.references, key=lambda r: r.level, default=None)

    @property
    def weakest(self):
        return min(self.references, key=lambda r: r.level, default=None)

    @property
    def lab_or_animal_only(self):
        return evidence_levels.lab_or_animal_only([r.study for r in self.references])


def live_studies_of(article):
    """The cited studies' live revisions, in reference-list order (prefetched by the selectors)."""
    return [c.study.live[0] for c in article.live_citations if c.study.live]


def live_conditions_of(revision):
    return [c.live[0] for c in revision.conditions.all() if c.live]


def article_page(article) -> ArticlePage:
    studies = live_studies_of(article)
    by_key = {s.citation_key: s for s in studies}
    # Number in order of first use in the text, then any cited-but-unmarked study.
    ordered = [by_key[k] for k in cited_keys(article.body) if k in by_key]
    ordered += [s for s in studies if s not in ordered]
    references = [
        Reference(
            number=n,
            study=s,
            text=citation_format.ama(s),
            links=citation_format.links(s),
            evidence=evidence_levels.plain_label(s),
            level=evidence_levels.level(s),
        )
        for n, s in enumerate(ordered, 1)
    ]
    numbering = {r.study.citation_key: r.number for r in references}
    return ArticlePage(
        article=article,
        body_html=render_body(article.body, numbering),
        references=references,
        conditions=live_conditions_of(article),
    )
