"""Print, as JSON, the paths a benchmark run requests: read from the seeded database through the selectors.

Run as `python -m bench.discover` with DJANGO_SETTINGS_MODULE=bench.settings.
Articles and conditions are spread evenly over the whole library, so a
rotating run touches old and new content alike, not only what is cached hot.
"""

import json
import math
import os
import sys
import urllib.parse

import django

ROTATE = 200  # different article pages in a rotating run
SEARCH_TERMS = (
    "exosomes", "knee osteoarthritis", "lupus", "mesenchymal stem cells", "multiple sclerosis relapse",
    "insulin", "safety", "umbilical cord", "crohn's disease", "spinal cord injury",
)  # fmt: skip


def spread(values, count):
    """`count` values taken at even steps through `values`."""
    if len(values) <= count:
        return list(values)
    step = len(values) / count
    return [values[int(n * step)] for n in range(count)]


def discover():
    from evidence import selectors

    slugs = list(selectors.live_articles().values_list("slug", flat=True))
    conditions = list(selectors.live_conditions().values_list("slug", flat=True))
    try:
        from evidence.views.articles import ARTICLES_PER_PAGE
    except ImportError:  # the list page is not built yet
        ARTICLES_PER_PAGE = 10
    last_page = max(1, math.ceil(len(slugs) / ARTICLES_PER_PAGE))
    return {
        "live_articles": len(slugs),
        "articles": [f"/articles/{slug}/" for slug in spread(slugs, ROTATE)],
        "conditions": [f"/conditions/{slug}/" for slug in spread(conditions, 50)],
        "deep_page": f"/articles/?page={last_page}",
        "search": [f"/search/?{urllib.parse.urlencode({'q': term})}" for term in SEARCH_TERMS],
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    json.dump(discover(), sys.stdout)
