"""How a writer places a figure in an article's body: `[[figure:12]]` on a line of its own.

The marker is part of the body, so placing, moving or removing a figure is a change to the revision that a
medical reviewer reads. A marker inside a sentence, or naming no figure, shows nothing.
"""

import re

FIGURE_MARKER = re.compile(r"\[\[figure:(\d{1,12})\]\]")
# A marker alone in its paragraph, as the Markdown renderer leaves it.
PLACED_MARKER = re.compile(r"<p>\s*\[\[figure:(\d{1,12})\]\]\s*</p>")


def figure_ids_in(body: str) -> list[int]:
    """The figures the body names, each once, in order of first use."""
    return list(dict.fromkeys(int(found) for found in FIGURE_MARKER.findall(body or "")))


def has_figures(body: str) -> bool:
    return "[[figure:" in (body or "")
