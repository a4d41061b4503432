"""An article page's queries do not grow with its figures: a page with three costs what a page with one does, and
that is a fixed two more than a page without (the live revision's snapshots with their figures, then the figures'
renditions), as `evidence.media.selectors.attach_figures` builds it. Why two and not none: docs/benchmarks.md."""

import pytest
from django.core.cache import cache

from tests.factories import FigureFactory

pytestmark = pytest.mark.django_db

SNAPSHOTS_AND_RENDITIONS = 2


def queries_of(client, article, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(50) as measured:
        response = client.get(f"/articles/{article.live_revision.slug}/")
    assert response.status_code == 200
    return len(measured.captured_queries)


def test_an_article_page_with_three_figures_costs_a_fixed_two_queries_more_than_one_without(
    client, live_article, writer, django_assert_max_num_queries
):
    figures = [FigureFactory(by=writer, alt_text=f"Chart {n}") for n in range(3)]
    plain = live_article(body="Intro.\n\nNo figure here.\n", slug="plain")
    one = live_article(body=f"Intro.\n\n{figures[0].marker}\n", slug="one")
    three = live_article(body="Intro.\n\n" + "\n\n".join(figure.marker for figure in figures), slug="three")

    without = queries_of(client, plain, django_assert_max_num_queries)
    with_one = queries_of(client, one, django_assert_max_num_queries)
    with_three = queries_of(client, three, django_assert_max_num_queries)

    assert with_three == with_one == without + SNAPSHOTS_AND_RENDITIONS
    cache.clear()
    html = client.get(f"/articles/{three.live_revision.slug}/").content.decode()
    assert all(f'alt="Chart {n}"' in html for n in range(3))
