"""The claim check: risky health claims and unsourced figures in an article submitted for review.

Editors keep the rules (ClaimRule). On submission every active rule runs over
the revision's title, summary, search-engine description and body; each hit is
recorded against that revision (evidence.services.claims). A medical reviewer
acknowledges each finding with a reason before the revision can be approved
(the workflow's acknowledge_finding move; evidence.services.review_gate).
The figures' captions and alt text (evidence.media) are checked as one more part, "figures".
"""

import re
from dataclasses import dataclass

from evidence.citations.markers import MARKER
from evidence.media.claims import figure_text
from evidence.models import ClaimRule, RuleKind

CHECKED_FIELDS = ("title", "summary", "seo_description", "body", "figures")
_FOOTNOTE = re.compile(r"\[\^\d+\]")
# Sentence ends, and line breaks: Markdown headings and list items are sentences of their own.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")
_PEOPLE = r"people|patients|participants|subjects|volunteers|children|adults|women|men|cases|mice|rats|animals"
FIGURE = re.compile(
    r"(?<![\w.])\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b|per cent\b)"
    rf"|\bn\s?=\s?\d[\d,]*"
    rf"|(?<![\w.])\d[\d,]*(?:\.\d+)?(?:\s(?:million|thousand|hundred))?\s(?:{_PEOPLE})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hit:
    rule: ClaimRule
    field: str
    position: int
    matched_text: str
    excerpt: str

    @property
    def key(self):
        return (self.rule.pk, self.field, self.position)


def _sentences(text: str):
    """(start, end) of each sentence."""
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.start() > start:
            yield start, boundary.start()
        start = boundary.end()
    if start < len(text):
        yield start, len(text)


def _masked(text: str) -> str:
    """The text with citation markers blanked out, so "[@cure-trial]" is not read as a claim."""
    return MARKER.sub(lambda m: " " * len(m.group(0)), text)


def _figure_hits(rule, field, text):
    for start, end in _sentences(text):
        sentence = text[start:end]
        if MARKER.search(sentence) or _FOOTNOTE.search(sentence):
            continue
        for match in FIGURE.finditer(_masked(sentence)):
            yield Hit(rule, field, start + match.start(), match.group(0), sentence[:1000])


def _pattern_hits(rule, field, text):
    masked, pattern = _masked(text), rule.compiled()
    spans = list(_sentences(text))
    for match in pattern.finditer(masked):
        start, end = next(((s, e) for s, e in spans if s <= match.start() < e), (match.start(), match.end()))
        yield Hit(rule, field, match.start(), match.group(0)[:200], text[start:end][:1000])


def scan(item, rules) -> list[Hit]:
    """Every hit of `rules` in the checked fields of `item` (an article or a revision)."""
    hits = []
    texts = {field: getattr(item, field, "") or "" for field in CHECKED_FIELDS if field != "figures"}
    texts["figures"] = figure_text(item)
    for rule in rules:
        find = _figure_hits if rule.kind == RuleKind.UNCITED_FIGURE else _pattern_hits
        # Only the body can carry citation markers; a figure in the title or summary is sourced in the body.
        fields = ("body",) if rule.kind == RuleKind.UNCITED_FIGURE else CHECKED_FIELDS
        for field in fields:
            hits.extend(find(rule, field, texts[field]))
    return sorted(hits, key=lambda h: (CHECKED_FIELDS.index(h.field), h.position, h.rule.name))


def preview(item) -> list[Hit]:
    """What the check would find now, for the writer while editing (nothing is recorded)."""
    return scan(item, ClaimRule.objects.active())
