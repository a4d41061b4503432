"""What the public renderer would drop from a writer's Markdown, said while they type.

The renderer (`evidence.presenters.bodies`) turns Markdown into HTML and then keeps only the tags,
attributes and link schemes it allows. Whatever falls outside is removed silently at publication,
so the workbench reads the same Markdown output *before* sanitising, with the renderer's own allow
lists, and names each thing that would go: images (external or not: the public text has none),
level-1 headings (the title is the page's only one), raw HTML tags and attributes, and links whose
scheme is not allowed. The line is looked up in the source so the editor can point at it.
"""

import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown

from evidence.citations.markers import MARKER
from evidence.presenters import bodies

# Tags nh3 removes with their content (ammonia's default clean_content_tags); others keep their text.
_CONTENT_REMOVED = {"script", "style"}
_URL_SCHEMES = {"http", "https", "mailto"}
_HEADING = re.compile(r"^h([1-6])$")


@dataclass(frozen=True)
class Dropped:
    kind: str  # "image", "heading", "html", "attribute", "link", "comment"
    line: int | None  # 1-based line in the Markdown, when it could be found
    text: str  # what the writer typed, shortened
    message: str  # what happens and what to do instead


def _short(text, limit=80):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Reader(HTMLParser):
    """Collects each tag, attribute and URL of the unsanitised HTML that the renderer's rules drop."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []  # (kind, needle to find its line, text, message)
        self._heading = None  # [level, text] while inside a dropped heading

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            src = attributes.get("src") or ""
            where = "an external image" if urlsplit(src).netloc else "an image"
            self.found.append(
                (
                    "image",
                    src or "<img",
                    src or "<img>",
                    f"This is {where}: the published text shows no images, so "
                    "it would be dropped. Figures arrive with the media library.",
                )
            )
            return
        heading = _HEADING.match(tag)
        if heading and tag not in bodies._ALLOWED_TAGS:
            self._heading = [int(heading.group(1)), ""]
            return
        if tag not in bodies._ALLOWED_TAGS:
            what = "is removed with everything inside it" if tag in _CONTENT_REMOVED else "is removed (its text stays)"
            self.found.append(("html", f"<{tag}", f"<{tag}>", f"Raw HTML <{tag}> {what}. Write Markdown instead."))
            return
        allowed = bodies._ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if tag in ("th", "td") and name == "style" and (value or "").startswith("text-align"):
                continue  # Markdown's own column alignment (|:--|): only the alignment goes, no words
            if name not in allowed or (tag == "sup" and name == "class"):
                self.found.append(
                    (
                        "attribute",
                        f"{name}=",
                        f'{name}="{_short(value or "", 30)}"',
                        f"The attribute {name} on <{tag}> is removed; the public page styles text itself.",
                    )
                )
            elif tag == "a" and name == "href" and value and urlsplit(value).scheme not in _URL_SCHEMES | {""}:
                self.found.append(
                    (
                        "link",
                        value,
                        _short(value, 40),
                        "This link's address is removed: only http, https and mailto links are kept.",
                    )
                )

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data

    def handle_endtag(self, tag):
        if self._heading is not None and _HEADING.match(tag):
            level, text = self._heading
            self._heading = None
            advice = "Use ## for a section heading." if level == 1 else "Use ### or #### instead."
            if level == 1:
                why = "The article's title is the page's only level-1 heading"
            else:
                why = f"Level-{level} headings are not kept"
            self.found.append(
                (
                    "heading",
                    text.strip(),
                    f"{'#' * level} {_short(text)}",
                    f"{why}: it would show as plain text. {advice}",
                )
            )

    def handle_comment(self, data):
        self.found.append(("comment", "<!--", f"<!--{_short(data, 30)}-->", "HTML comments are removed."))


def _line_of(lines, needle, after):
    """The first line at or after `after` (0-based) containing `needle`, case-insensitively, else None."""
    needle = needle.lower()
    for number in range(after, len(lines)):
        if needle and needle in lines[number].lower():
            return number
    return None


def dropped(body: str) -> list[Dropped]:
    """Everything in `body` that the public renderer would remove, in the order it appears."""
    # Citation markers are replaced before Markdown runs, as the renderer does; their own HTML is ours.
    text = MARKER.sub("", body or "")
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    reader = _Reader()
    reader.feed(html)
    reader.close()
    lines = (body or "").splitlines()
    result, searched_from = [], {}
    for kind, needle, shown, message in reader.found:
        start = searched_from.get(needle, 0)
        line = _line_of(lines, needle, start)
        if line is None and kind == "heading":  # a setext heading: its text, then a line of "="
            line = _line_of(lines, needle.split()[0] if needle.split() else "", start)
        if line is not None:
            searched_from[needle] = line + 1
        result.append(Dropped(kind=kind, line=None if line is None else line + 1, text=shown, message=message))
    return result


def as_json(items: list[Dropped]) -> list[dict]:
    return [asdict(item) for item in items]
