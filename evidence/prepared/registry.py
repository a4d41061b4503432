"""Parts that other apps keep with a prepared article, and the code that renders them.

The marketing API keeps each article's item here (evidence.api.prepared: `PreparedArticle.api_item`), so an
answer reads it instead of serialising the article again. An app adds its part in its AppConfig.ready(),
named for the PreparedArticle column that keeps it; the files named in `rendered_by` join the layout digest,
so a deploy that changes how the part is made prepares it again.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    make: Callable  # (live article revisions, their disclaimers by revision id) -> one value per article
    rendered_by: tuple[tuple[str, str], ...]  # (folder, glob) pairs under BASE_DIR


PARTS: dict[str, Part] = {}


def add_part(name: str, make: Callable, *, rendered_by=()):
    PARTS[name] = Part(make, tuple(rendered_by))


def made_parts(articles, disclaimers) -> list[dict]:
    """Every added part of each article, in the articles' order."""
    made = {name: part.make(articles, disclaimers) for name, part in PARTS.items()}
    return [{name: values[index] for name, values in made.items()} for index in range(len(articles))]


def sources():
    return [pair for part in PARTS.values() for pair in part.rendered_by]
