"""Every read that crosses models, and the public's only way into the library.

`live` holds the no-leak rule (only approved, published revisions); `listings`
and `search` build the public lists on top of it; `stamps` say when a public page last changed; `disclaimers` says which
page asks for which disclaimers (the rule itself is
`DisclaimerRevisionQuerySet.applying_to`); `desk` holds the staff worklists.
"""

from evidence.selectors.disclaimers import (
    disclaimers_for,
    disclaimers_for_articles,
    disclaimers_for_condition,
    live_articles_showing,
    live_disclaimers,
    shown_disclaimer,
    sitewide_disclaimers,
)
from evidence.selectors.live import (
    NOT_SHOWN,
    article_redirect_slug,
    condition_redirect_slug,
    live_article,
    live_articles,
    live_conditions,
    live_studies,
    related_live_articles,
    study_redirect_key,
    with_live_revision,
    with_notices,
    with_reference_notices,
    withdrawn_article,
)
from evidence.selectors.stamps import (
    article_page_stamp,
    condition_page_stamp,
    item_stamp,
    section_stamp,
    study_page_stamp,
)

__all__ = [
    "NOT_SHOWN",
    "article_page_stamp",
    "article_redirect_slug",
    "condition_page_stamp",
    "condition_redirect_slug",
    "disclaimers_for",
    "disclaimers_for_articles",
    "disclaimers_for_condition",
    "item_stamp",
    "live_article",
    "live_articles",
    "live_articles_showing",
    "live_conditions",
    "live_disclaimers",
    "live_studies",
    "related_live_articles",
    "section_stamp",
    "shown_disclaimer",
    "sitewide_disclaimers",
    "study_page_stamp",
    "study_redirect_key",
    "with_live_revision",
    "with_notices",
    "with_reference_notices",
    "withdrawn_article",
]  # fmt: skip
