"""Page objects built from selected rows: what a template or the API shows, with no queries of their own."""

from evidence.presenters.disclaimers import PageDisclaimers, page_disclaimers
from evidence.presenters.pages import (
    DESIGN_EXPLANATIONS,
    ArticlePage,
    EvidenceGroup,
    EvidenceSummary,
    NumberedReference,
    article_page,
    article_pages,
    evidence_summary,
    live_articles_of,
    live_conditions_of,
    live_studies_of,
    reference_for,
    study_evidence,
)

__all__ = [
    "DESIGN_EXPLANATIONS", "ArticlePage", "EvidenceGroup", "EvidenceSummary", "NumberedReference", "PageDisclaimers",
    "article_page", "article_pages", "evidence_summary", "live_articles_of", "live_conditions_of", "live_studies_of",
    "page_disclaimers", "reference_for", "study_evidence",
]  # fmt: skip
