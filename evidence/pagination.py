"""Pages of long public lists that cost the same on page 1,000 as on page 1.

A plain `OFFSET n LIMIT 10` over the article list makes PostgreSQL build and
throw away n full rows with their joins (over a second for the last page of
100,000 articles). Paging the ids first lets the database skip ahead through
the narrow `article_rev_live_recent` index alone (an index-only scan); then
only the page's own rows are loaded, with their prefetches. One query more
than plain paging, and the same number of queries on every page.
"""

from django.core.paginator import Paginator


class IdsFirstPaginator(Paginator):
    """Paginator over an ordered queryset that selects the page's ids before loading its rows."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        # The queryset's own ordering puts the rows back in page order; no OFFSET is needed any more.
        rows = list(self.object_list.filter(pk__in=ids)) if ids else []
        return self._get_page(rows, number, self)
