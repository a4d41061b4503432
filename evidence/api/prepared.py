"""Each live article's API item, prepared with its page (evidence.prepared) and read back by the API.

Kept as JSON text in a column of its own (`PreparedArticle.api_item`), not as jsonb, which would reorder the keys:
marketing's clients read the fields in the order the schema gives them.
"""

import orjson
from drf_orjson_renderer.renderers import ORJSONRenderer

from evidence.api.serializers.articles import ArticleSerializer
from evidence.prepared import pages

PART = "api_item"  # the PreparedArticle column that keeps it
RENDERED_BY = (("evidence/api/serializers", "*.py"), ("evidence/api", "prepared.py"))


def article_items(articles, disclaimers) -> list[str]:
    """The API items of these live article revisions (from `selectors.live_articles`), as JSON text."""
    context = {"articles": articles, "disclaimers": disclaimers}
    items = ArticleSerializer(articles, many=True, context=context).data
    return [orjson.dumps(item, default=ORJSONRenderer.default).decode() for item in items]


def prepared_items(revision_ids) -> dict:
    """{revision id: item} for those of `revision_ids` whose prepared item is current."""
    return {pk: orjson.loads(text) for pk, text in pages.current_parts(PART, revision_ids).items()}


def with_fields(item: dict, fields) -> dict:
    """The item with only the fields ?fields= names (in the item's order); all of them when none are named."""
    return {name: value for name, value in item.items() if name in fields} if fields else item
