"""The evidence library: articles, the studies they cite, conditions and disclaimers."""

from .articles import Article, ArticleReference, ArticleRevision, Citation, RevisionCitation, RevisionReference
from .audit import AuditEntry
from .base import LOCKED_STATUSES, Revision, Status, WorkingCopy
from .claims import ClaimFinding, ClaimRule, RuleKind
from .conditions import Condition, ConditionRevision
from .disclaimers import AppliesTo, Disclaimer, DisclaimerRevision
from .studies import Population, Study, StudyDesign, StudyRevision

__all__ = [
    "LOCKED_STATUSES", "AppliesTo", "Article", "ArticleReference", "ArticleRevision", "AuditEntry",
    "Citation", "ClaimFinding", "ClaimRule", "Condition", "ConditionRevision", "Disclaimer", "DisclaimerRevision",
    "Population",
    "Revision", "RevisionCitation", "RevisionReference", "RuleKind", "Status", "Study", "StudyDesign",
    "StudyRevision", "WorkingCopy",
]  # fmt: skip
