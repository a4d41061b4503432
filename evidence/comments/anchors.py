"""Find again the text a comment points at, after the writer has edited around it.

An anchor is a quote with a little of the text before and after it, and the paragraph it was in (the W3C Web
Annotation "TextQuoteSelector", exact + prefix + suffix, with a position as fallback). Finding it in today's
text tries, in order: the quote with its context (it holds); the quote alone, the occurrence whose surroundings
look most like the old ones (the text moved or its neighbours changed); the closest stretch by difflib's ratio
(the words changed a little). When nothing is close enough, the quoted text was removed, and we say so rather
than point at something else. Offsets count characters of the text with "\r\n" read as "\n", as the editor
(CodeMirror) counts them.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# How alike a changed stretch must be to the quote (difflib's ratio, 0 to 1) to still count as the same text.
MIN_SIMILARITY = 0.75
_PUNCTUATION = frozenset(".,;:!?()[]\"'*_\u201c\u201d\u2018\u2019")  # curly quotes too
_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", re.DOTALL)


class Found:
    """How an anchor was found; the admin words these for people."""

    HOLDS = "holds"  # the quote, with the text around it, as written
    MOVED = "moved"  # the quote, word for word, among different surroundings
    CHANGED = "changed"  # a stretch that reads nearly the same
    PARAGRAPH = "paragraph"  # a comment on a paragraph, which still exists
    FIELD = "field"  # a comment on the whole field
    REMOVED = "removed"  # none of the above: the text it pointed at was removed


@dataclass(frozen=True)
class Anchor:
    exact: str
    prefix: str = ""
    suffix: str = ""
    paragraph: int | None = None


@dataclass(frozen=True)
class Location:
    found: str
    start: int = 0
    end: int = 0

    @property
    def is_lost(self) -> bool:
        return self.found == Found.REMOVED


def normalise(text: str) -> str:
    return (text or "").replace("\r\n", "\n")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, without surrounding whitespace."""
    return [m.span() for m in _PARAGRAPH.finditer(normalise(text))]


def paragraph_at(text: str, offset: int) -> int:
    spans = paragraphs(text)
    return next((n for n, (_, end) in enumerate(spans) if offset < end), max(len(spans) - 1, 0))


def anchor_for(text: str, quote: str, *, context: int, position: int | None = None) -> Anchor | None:
    """The anchor for `quote` in `text` (near `position` when it occurs more than once); None if it is not there.

    A quote copied from a rendered page may differ from the source a little (spacing, Markdown marks), so a close
    stretch counts too; the anchor keeps the source's own words.
    """
    text = normalise(text)
    quote = normalise(quote).strip()
    if not quote:
        return None
    hits = _occurrences(text, quote)
    if hits:
        start = min(hits, key=lambda at: abs(at - position)) if position is not None else hits[0]
        end = start + len(quote)
    else:
        closest = _closest(text, quote)
        if closest is None:
            return None
        start, end = closest
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        paragraph=paragraph_at(text, start),
    )


def locate(anchor: Anchor, text: str) -> Location:
    """Where `anchor` points in `text` now, and how sure we are."""
    text = normalise(text)
    if not anchor.exact:
        if anchor.paragraph is None:
            return Location(Found.FIELD, 0, len(text))
        spans = paragraphs(text)
        if anchor.paragraph < len(spans):
            return Location(Found.PARAGRAPH, *spans[anchor.paragraph])
        return Location(Found.REMOVED)
    hits = _occurrences(text, anchor.exact)
    if hits:
        best = max(hits, key=lambda at: _context_score(text, at, anchor))
        holds = _context_score(text, best, anchor)[0] == len(anchor.prefix) + len(anchor.suffix)
        return Location(Found.HOLDS if holds else Found.MOVED, best, best + len(anchor.exact))
    closest = _closest(text, anchor.exact)
    if closest is None:
        return Location(Found.REMOVED)
    return Location(Found.CHANGED, *closest)


def _occurrences(text: str, quote: str) -> list[int]:
    hits, at = [], text.find(quote)
    while at >= 0:
        hits.append(at)
        at = text.find(quote, at + 1)
    return hits


def _context_score(text: str, at: int, anchor: Anchor) -> tuple[int, int]:
    """How much of the old surroundings still stand next to the occurrence at `at`; then nearness to the old
    paragraph, for an occurrence whose surroundings all changed."""
    before = _common_suffix(anchor.prefix, text[max(0, at - len(anchor.prefix)) : at])
    end = at + len(anchor.exact)
    after = _common_prefix(anchor.suffix, text[end : end + len(anchor.suffix)])
    distance = abs(paragraph_at(text, at) - anchor.paragraph) if anchor.paragraph is not None else 0
    return before + after, -distance


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _closest(text: str, quote: str) -> tuple[int, int] | None:
    """The stretch of `text` (whole words) most like `quote`, if alike enough.

    Each of the longest runs the two share gives a guess of where the quote now starts; the guess's start and
    end are then moved to nearby word boundaries, one after the other, to the best difflib ratio. A handful of
    ratios per guess, so a long body with many comments stays quick.
    """
    matcher = SequenceMatcher(None, text, quote, autojunk=False)
    runs = sorted((m for m in matcher.get_matching_blocks() if m.size), key=lambda m: -m.size)[:3]
    slack = max(12, len(quote) // 3)
    best, best_ratio = None, MIN_SIMILARITY
    for run in runs:
        guess_start = max(0, run.a - run.b)
        guess_end = min(len(text), guess_start + len(quote))
        starts = _boundaries(text, guess_start - slack, guess_start + slack, starts=True)
        start = max(starts, key=lambda s: _ratio(text[s:guess_end], quote), default=guess_start)
        ends = [e for e in _boundaries(text, guess_end - slack, guess_end + slack, starts=False) if e > start]
        end = max(ends, key=lambda e: _ratio(text[start:e], quote), default=guess_end)
        start, end = _trim_punctuation(text, start, end, quote)
        ratio = _ratio(text[start:end], quote)
        if ratio >= best_ratio and end > start:
            best, best_ratio = (start, end), ratio
    return best


def _trim_punctuation(text: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """Leave out punctuation at either edge that the quote does not have there ("everyone," for "everyone")."""
    while start < end and text[start] in _PUNCTUATION and not quote.startswith(text[start]):
        start += 1
    while end > start and text[end - 1] in _PUNCTUATION and not quote.endswith(text[end - 1]):
        end -= 1
    return start, end


def _boundaries(text: str, low: int, high: int, *, starts: bool) -> list[int]:
    """Offsets between `low` and `high` where a word starts (or ends)."""
    low, high = max(0, low), min(len(text), high)
    if starts:
        return [
            i
            for i in range(low, high + 1)
            if i < len(text) and not text[i].isspace() and (i == 0 or text[i - 1].isspace())
        ]
    return [
        i for i in range(low, high + 1) if i > 0 and not text[i - 1].isspace() and (i == len(text) or text[i].isspace())
    ]


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a else 0.0
