"""What a reader's search words mean to the library: the conditions they name, and the words they meant to type.

Readers type "HF" for heart failure, "hart failure" with a letter missing, and "stem cells for my heart".
Search (evidence.selectors.search) asks this module two things, on SQLite and PostgreSQL alike:

- `named_conditions(query)`: the live conditions the query names, by their public name or one of the
  synonyms they carry (a whole-word match, so "MS" names multiple sclerosis and "ms" inside a word does
  not); failing that, by a word only one condition's name has ("heart" names heart failure when no other
  live condition has "heart" in its name). Their summaries are ranked first.
- `corrected(query)`: the query with each word that is in no live title or condition name replaced by the
  closest one that is (difflib's ratio, at least CUTOFF: one letter wrong or missing in a word of four or
  more letters), or "" when nothing needed correcting. Search asks only when the query as typed found no
  summary, and uses the answer only when it finds more.

Why difflib and not PostgreSQL's trigram similarity: the words worth correcting to are few (live titles and
condition names, not a million study titles), the same code then serves SQLite (demo, tests) and PostgreSQL,
and trigram similarity is poor at exactly the short words readers mistype ("hart" and "heart" share 3 of 8
trigrams, 0.375, while difflib rates them 0.89).

The vocabulary comes from the live selectors only, so a draft's title or a condition not yet published can
never be suggested; it is worked out once per public content version (evidence.caching.version).
"""

import difflib
import re
from dataclasses import dataclass

from evidence import selectors
from evidence.caching import version as public_version

CUTOFF = 0.8
SHORTEST_CORRECTED = 4  # shorter words are abbreviations ("MS", "HF", "T1D") or too short to guess
WORD = re.compile(r"[^\W_]+")
# Words that carry no meaning in a search; PostgreSQL's English configuration drops the same kind.
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "i", "in", "is",
    "it", "its", "me", "my", "of", "on", "or", "our", "the", "their", "to", "what", "when", "which", "who", "why",
    "will", "with", "you", "your",
})  # fmt: skip


# Words of condition names too common to name one condition by themselves ("type" in "Type 1 diabetes").
NOT_NAMING = STOP_WORDS | {"type", "disease", "diseases", "injury", "syndrome", "disorder", "chronic", "acute"}


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


@dataclass(frozen=True)
class LiveCondition:
    item_id: int
    names: tuple[tuple[str, ...], ...]  # its name and synonyms, each as lower-case words


def live_conditions() -> list[LiveCondition]:
    """Every live condition's public names (one query per public content version)."""

    def build():
        rows = selectors.live_conditions().values_list("item_id", "name", "synonyms")
        return [
            LiveCondition(item_id, tuple(tuple(words(n)) for n in [name, *(synonyms or [])] if words(n)))
            for item_id, name, synonyms in rows
        ]

    return public_version.once_per_version("search-conditions", build)


def _vocabulary() -> frozenset[str]:
    def build():
        titles = selectors.live_articles().prefetch_related(None).values_list("title", flat=True)
        found = {word for title in titles for word in words(title)}
        found.update(word for condition in live_conditions() for name in condition.names for word in name)
        return frozenset(found)

    return public_version.once_per_version("search-vocabulary", build)


def _contains(query_words: list[str], name: tuple[str, ...]) -> bool:
    n = len(name)
    return any(tuple(query_words[i : i + n]) == name for i in range(len(query_words) - n + 1))


@dataclass(frozen=True)
class Named:
    item_ids: tuple[int, ...]  # the conditions named, in the order of the library's names
    rest: str  # the query without the words that named them and stop words ("" when nothing else was asked)


def named_conditions(query: str) -> Named:
    """The live conditions `query` names, by a whole name or synonym, else by a word only one of them has."""
    query_words, conditions = words(query), live_conditions()
    used = set()
    for condition in conditions:
        for name in condition.names:
            if _contains(query_words, name):
                used.add((condition.item_id, name))
    if not used:
        owners = {}
        for condition in conditions:
            for word in {w for name in condition.names[:1] for w in name}:
                owners.setdefault(word, set()).add(condition.item_id)
        used = {
            (next(iter(ids)), (word,))
            for word, ids in owners.items()
            if len(ids) == 1 and word not in NOT_NAMING and len(word) >= SHORTEST_CORRECTED and word in query_words
        }
    naming_words = {word for _, name in used for word in name}
    ids = {item_id for item_id, _ in used}
    return Named(
        item_ids=tuple(c.item_id for c in conditions if c.item_id in ids),
        rest=" ".join(word for word in query_words if word not in naming_words and word not in STOP_WORDS),
    )


def corrected(query: str) -> str:
    """`query` with its unknown words replaced by the nearest live words, or "" when none needed replacing."""
    vocabulary = _vocabulary()
    typed = query.split()
    result = [_nearest(word, vocabulary) for word in typed]
    return " ".join(result) if result != typed else ""


def _nearest(word, vocabulary):
    lower = word.lower()
    if len(lower) < SHORTEST_CORRECTED or not lower.isalpha() or lower in vocabulary:
        return word
    near = [known for known in vocabulary if abs(len(known) - len(lower)) <= 2]
    return next(iter(difflib.get_close_matches(lower, near, n=1, cutoff=CUTOFF)), word)
