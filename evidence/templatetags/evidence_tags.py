"""Template helpers for the public site: presentation only, the data comes from presenters and selectors."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from evidence.models import levels as evidence_levels
from evidence.presenters.pages import evidence_summary, live_articles_of, live_conditions_of

register = template.Library()

# Inside <script>, "</script>" or "<!--" in a writer's text must not end the element early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def live_conditions(revision):
    """Conditions of a live revision that are themselves live (prefetched by the selectors)."""
    return live_conditions_of(revision)


@register.filter
def live_articles(disclaimer):
    """Articles a live disclaimer is chosen for that are themselves live (prefetched by the selectors)."""
    return live_articles_of(disclaimer)


@register.filter
def evidence_of(revision):
    """The evidence summary of a live article revision, for cards in lists (prefetched, no queries)."""
    return evidence_summary(revision)


@register.filter
def level_steps(level):
    """One flag per step of the evidence ladder, True up to `level`: drawn as a small meter."""
    top = max(evidence_levels.LEVEL_NAMES)
    return [step <= (level or 0) for step in range(1, top + 1)]


@register.simple_tag
def not_yet_shown_in_people():
    return evidence_levels.NOT_YET_SHOWN_IN_PEOPLE


@register.simple_tag
def top_level():
    return max(evidence_levels.LEVEL_NAMES)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """The full address of `path` on the host this page was asked for (canonical links, Open Graph)."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag
def json_ld(data):
    """<script type="application/ld+json">, safely escaped.

    No CSP nonce: a data block is never run, so script-src does not govern it (HTML's "prepare the script
    element" stops at a non-JavaScript type before any CSP check). Without one, a page with JSON-LD stores
    and serves from the page cache as it is, and its CSP header allows no inline script at all.
    """
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
