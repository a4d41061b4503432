"""Turn a writer's Markdown into safe HTML with numbered citations.

Citation markers ([@key], [@pmid:…], [@doi:…]; see evidence.citations.markers)
become superscript numbers in order of first use, linked to the reference list;
[^n] becomes a link to other reference n.
The output is sanitised with nh3 whatever the writer typed.
"""

import re

import markdown
import nh3

from evidence.citations.markers import MARKER as _MARKER

_FOOTNOTE = re.compile(r"\[\^(\d+)\]")
_ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote", "a", "sup", "br", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "code", "pre",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "id", "class", "title"}, "sup": {"class", "id"}, "th": {"scope"}}


def cited_keys(body: str) -> list[str]:
    """What the writer typed in each citation marker ("burt-2019", "pmid:30644567"), in order of first use."""
    seen = []
    for key in _MARKER.findall(body or ""):
        if key not in seen:
            seen.append(key)
    return seen


def render_body(body: str, numbering: dict[str, int]) -> str:
    """Render Markdown to sanitised HTML; `numbering` maps marker texts (see `cited_keys`) to reference numbers."""

    def cite(match):
        number = numbering.get(match.group(1))
        if number is None:
            return ""  # an unknown or unpublished study is never shown to the public
        return f'<sup class="cite"><a href="#ref-{number}">[{number}]</a></sup>'

    def footnote(match):
        n = match.group(1)
        return f'<sup class="cite"><a href="#note-{n}">[note {n}]</a></sup>'

    text = _FOOTNOTE.sub(footnote, _MARKER.sub(cite, body or ""))
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
