"""The evidence library: articles, the studies they cite, conditions and disclaimers."""

from evidence.models.articles import (
    Article,
    ArticleReference,
    ArticleRevision,
    Citation,
    RevisionCitation,
    RevisionReference,
)
from evidence.models.audit import AuditEntry
from evidence.models.base import LOCKED_STATUSES, Revision, Status, WorkingCopy
from evidence.models.claims import ClaimFinding, ClaimRule, RuleKind
from evidence.models.conditions import Condition, ConditionRevision
from evidence.models.dependencies import PublicDependency, Shown
from evidence.models.disclaimers import AppliesTo, Disclaimer, DisclaimerRevision
from evidence.models.sources import SourceExemption
from evidence.models.specialties import ReviewerSpecialty
from evidence.models.studies import Population, Study, StudyDesign, StudyRevision

__all__ = [
    "LOCKED_STATUSES",
    "AppliesTo",
    "Article",
    "ArticleReference",
    "ArticleRevision",
    "AuditEntry",
    "Citation",
    "ClaimFinding",
    "ClaimRule",
    "Condition",
    "ConditionRevision",
    "Disclaimer",
    "DisclaimerRevision",
    "Population",
    "PublicDependency",
    "ReviewerSpecialty",
    "Revision",
    "RevisionCitation",
    "RevisionReference",
    "RuleKind",
    "Shown",
    "SourceExemption",
    "Status",
    "Study",
    "StudyDesign",
    "StudyRevision",
    "WorkingCopy",
]  # fmt: skip
