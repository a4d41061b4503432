"""Plain text from the sanitised article HTML, for newsletters and social posts that take no markup."""

import functools
import re
from html.parser import HTMLParser

_BLOCKS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote", "table", "pre", "hr"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("br", "tr"):
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))


# A pure function of the rendered HTML, which is itself content-addressed (evidence.presenters.bodies): so a
# process may keep the texts of the articles it serves often, and no edit can ever meet a stale one.
@functools.lru_cache(maxsize=1024)
def html_to_text(html: str) -> str:
    """Paragraphs separated by blank lines, list items as "- …", citation numbers kept as "[1]"."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    text = "".join(collector.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
