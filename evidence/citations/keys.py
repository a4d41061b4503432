"""Citation keys for imported studies: "family-year" as the demo library writes them ("burt-2019")."""

from django.utils.text import slugify

_MAX = 60  # Study.citation_key max_length


def base_key(reference) -> str:
    family = reference.authors[0]["family"] if reference.authors else ""
    words = family or " ".join(reference.title.split()[:4]) or "study"
    base = slugify(f"{words} {reference.year_number or ''}")[: _MAX - 3].strip("-")
    return base or "study"


def unique_key(base: str, taken: set[str]) -> str:
    """`base`, else base + "b", "c", … (as "smith-2020b" in a reference list), else a number; records it as taken."""
    candidates = [base, *(f"{base}{letter}" for letter in "bcdefghijklmnopqrstuvwxyz")]
    key = next((c for c in candidates if c not in taken), None)
    number = 2
    while key is None:
        key = f"{base}-{number}" if f"{base}-{number}" not in taken else None
        number += 1
    taken.add(key)
    return key
