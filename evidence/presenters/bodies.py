"""Turn a writer's Markdown into safe HTML with numbered citations.

Citation markers ([@key], [@pmid:…], [@doi:…]; see evidence.citations.markers)
become superscript numbers in order of first use, linked to the reference list;
[^n] becomes a link to other reference n. Each citation link has an id naming its target and which
use of it it is (`cite-ref-1-a`, `cite-ref-1-b`, `cite-note-2-a`), so the reference list can link back to every
place it was cited (`citations_in`); the ids follow from the text alone, so a cached body keeps them.
The output is sanitised with nh3 whatever the writer typed.

Links keep only `href` and `title` (nh3 adds `rel`): an `id` or `class` typed by a writer could
restyle a link as a citation, or take over `#ref-1` so the first citation jumps to the writer's
anchor. The attributes the citation markup needs, `class="cite"` on its `<sup>` and the link's `id`, are
kept only when we wrote them: each render marks its own citations with a secret nobody can type in advance.

Rendering is cached by content: the key is a digest of the body and the
numbering, so a revision (which never changes once written) renders once per
numbering, and an edit can never be served stale HTML: new text, new key.
"""

import hashlib
import json
import re
import secrets
from collections import Counter

import markdown
import nh3
from django.core.cache import cache

from evidence.caching import keys
from evidence.citations.markers import MARKER as _MARKER

_FOOTNOTE = re.compile(r"\[\^(\d+)\]")
_ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote", "a", "sup", "br", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "code", "pre",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title", "id"}, "sup": {"class"}, "th": {"scope"}}
CITATION_CLASS = "cite"  # styled in static/css/site.css; the reference list's ids are in the page template


# Bump when the Markdown extensions or sanitiser rules change, so no HTML from the old rules is served.
RENDERING_VERSION = 3
RENDERED_BODY_TIMEOUT = 7 * 24 * 60 * 60  # content-addressed, so only memory limits how long to keep it


def rendered_body_key(body: str, numbering: dict[str, int]) -> str:
    digest = hashlib.blake2b((body or "").encode(), digest_size=20)
    digest.update(json.dumps(numbering, sort_keys=True).encode())
    return keys.rendered_body(RENDERING_VERSION, digest.hexdigest())


def render_bodies(bodies: list[tuple[str, dict[str, int]]]) -> list[str]:
    """Sanitised HTML of each (body, numbering) pair, in order: one cache read for all, one write for the misses.

    An API page of 20 articles would otherwise wait for 20 cache round trips.
    """
    keys = [rendered_body_key(body, numbering) for body, numbering in bodies]
    found = cache.get_many(keys)
    rendered = {}
    for key, (body, numbering) in zip(keys, bodies, strict=True):
        if key not in found and key not in rendered:
            rendered[key] = render_body_uncached(body, numbering)
    if rendered:
        cache.set_many(rendered, RENDERED_BODY_TIMEOUT)
    return [found[key] if key in found else rendered[key] for key in keys]


def render_body_uncached(body: str, numbering: dict[str, int]) -> str:
    """Render Markdown to sanitised HTML.

    `numbering` maps what each marker says ("burt-2019", "pmid:30644567") to its reference number.
    """
    ours = f"{CITATION_CLASS}-{secrets.token_hex(16)}"  # what this render calls its own citations
    uses = Counter()  # how often each target was cited so far, for the links' ids

    def link(target, text):
        uses[target] += 1
        link_id = f"{ours}:cite-{target}-{use_label(uses[target])}"
        return f'<sup class="{ours}"><a href="#{target}" id="{link_id}">{text}</a></sup>'

    def cite(match):
        number = numbering.get(match.group(1))
        if number is None:
            return ""  # an unknown or unpublished study is never shown to the public
        return link(f"ref-{number}", f"[{number}]")

    def footnote(match):
        n = match.group(1)
        return link(f"note-{n}", f"[note {n}]")

    def only_our_citations(tag, attribute, value):
        if tag == "sup" and attribute == "class":
            return CITATION_CLASS if value == ours else None
        if attribute == "id":
            return value.removeprefix(f"{ours}:") if tag == "a" and value.startswith(f"{ours}:") else None
        return value

    text = _FOOTNOTE.sub(footnote, _MARKER.sub(cite, body or ""))
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=only_our_citations,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def use_label(use: int) -> str:
    """The letter naming the `use`th citation of one reference (1 → "a"), as reference lists do; numbers past z."""
    return chr(ord("a") + use - 1) if use <= 26 else str(use)


_CITATION_ID = re.compile(r'<a href="#([\w-]+)" id="cite-\1-(\w+)"')


def citations_in(body_html: str) -> dict[str, list[tuple[str, str]]]:
    """Where a rendered body cites each target ("ref-1", "note-2"): (link id, use label) pairs in reading order.

    Only our citation links have ids (the sanitiser drops any other), so the ids found are exactly theirs.
    """
    found = {}
    for target, label in _CITATION_ID.findall(body_html):
        found.setdefault(target, []).append((f"cite-{target}-{label}", label))
    return found
