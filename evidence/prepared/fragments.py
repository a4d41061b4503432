"""The parts of an article's public page, rendered from its presenter: the one renderer that the public page,
the prepared pages, the admin's preview and the workbench's live preview share.

`evidence/article_detail.html` only places these parts in the site's layout; the parts themselves come from
the partials of `evidence/article_parts.html`. Rendered for storage (`request=None`), every absolute address
begins with ORIGIN, which `for_request` turns into the address the page was asked for: the one thing in
an article's parts that differs between requests.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from evidence.prepared import registry
from evidence.presenters import structured_data
from evidence.templatetags.evidence_tags import json_ld

# Not a character a host or a writer's text would hold next to "://": replaced before any page is served.
ORIGIN = "evidence-desk-origin:/"
HTML_PARTS = ("meta", "structured_data", "content")  # the others are text, escaped where they are placed


class _AnyHost:
    """A stand-in request for rendering parts before anyone asks for them: addresses start with ORIGIN."""

    def build_absolute_uri(self, location="/"):
        return ORIGIN + location


def article_parts(article, page, disclaimers, *, request=None, preview=None) -> dict:
    """The page of live (or previewed) `article`: its title and descriptions as text, head and content as HTML."""
    request = request or _AnyHost()
    introduction = article.seo_description or article.summary
    context = {
        "article": article,
        "page": page,
        "disclaimers": disclaimers,
        "preview": preview,
        "request": request,
    }
    return {
        "title": article.title,
        "description": Truncator(introduction).chars(160),
        "og_description": Truncator(introduction).chars(200),
        "meta": render_to_string("evidence/article_parts.html#meta", context),
        "structured_data": "" if preview else json_ld(structured_data.article_page(page, request.build_absolute_uri)),
        "content": render_to_string("evidence/article_parts.html#content", context),
    }


def condition_parts(condition, context) -> dict:
    """A live condition's page: title and descriptions as text, structured data and content as HTML.

    `context` holds what condition_parts.html#content draws: overview, cards, studies, disclaimers."""
    introduction = condition.summary or condition.name
    data = structured_data.condition_page(condition, _AnyHost().build_absolute_uri, context["overview"].articles)
    return {
        "title": f"{condition.name}: what the research says",
        "description": Truncator(introduction).chars(160),
        "og_description": Truncator(introduction).chars(200),
        "structured_data": json_ld(data),
        "content": render_to_string("evidence/condition_parts.html#content", {"condition": condition, **context}),
    }


def article_card(article) -> str:
    """The card lists show of a live article (home, the article list, condition, study and search pages)."""
    return render_to_string("evidence/includes/parts.html#article-card", {"article": article})


def for_request(parts: dict, request) -> dict:
    """Stored parts, ready for the template: HTML marked safe, addresses on the host this request named."""
    origin = request.build_absolute_uri("/")[:-1]
    ready = dict(parts)
    for name in HTML_PARTS:
        if name in parts:  # a condition's page has no `meta`
            ready[name] = mark_safe(parts[name].replace(ORIGIN, origin))
    return ready


def for_preview(parts: dict) -> dict:
    """Parts rendered on the spot for a preview (which shows no absolute address), ready for the template."""
    return {name: mark_safe(value) if name in HTML_PARTS else value for name, value in parts.items()}


# What renders an article's parts. A deploy that changes any of them gives a new layout, and every page
# prepared by the old one is prepared again (evidence.prepared.pages), never served as it was.
_RENDERED_BY = (  # only these: a change to, say, the list's own template leaves every prepared page current
    ("templates/evidence", "article_parts.html"),
    ("templates/evidence", "condition_parts.html"),
    ("templates/evidence/includes", "*.html"),
    ("templates/retractions", "notice_labels.html"),
    ("evidence/presenters", "*.py"),
    ("evidence/citations", "*.py"),
    ("evidence/media", "presenters.py"),
    ("evidence/prepared", "fragments.py"),
)


@functools.cache
def layout() -> str:
    digest = hashlib.sha256()
    for folder, pattern in (*_RENDERED_BY, *registry.sources()):
        for path in sorted((Path(settings.BASE_DIR) / folder).glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
