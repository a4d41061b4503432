"""The public site: server-rendered pages that read live content only (through the selectors)."""

from evidence.views.articles import article_detail, article_list, home
from evidence.views.health import healthz
from evidence.views.library import condition_detail, condition_list, disclaimer_list, study_detail
from evidence.views.site import privacy, robots_txt, search

__all__ = [
    "article_detail", "article_list", "condition_detail", "condition_list", "disclaimer_list", "healthz",
    "home", "privacy", "robots_txt", "search", "study_detail",
]  # fmt: skip
