"""/sitemap.xml: an index of sections (pages, articles, conditions, studies), live content only.

Each section is paginated by Django (50,000 URLs a page) and its latest
change comes from one aggregate query, so the index stays cheap as the
library grows.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from evidence import selectors


class PagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["evidence:home", "evidence:article_list", "evidence:condition_list", "evidence:disclaimer_list"]

    def location(self, item):
        return reverse(item)


class LiveRevisionSitemap(Sitemap):
    """A section of live revisions; `lastmod` is when the revision went live."""

    date_field = "published_at"

    def queryset(self):
        raise NotImplementedError

    def items(self):
        return self.queryset().prefetch_related(None).order_by("pk")

    def lastmod(self, revision):
        return getattr(revision, self.date_field)

    def get_latest_lastmod(self):
        return self.queryset().aggregate(latest=Max(self.date_field))["latest"]


class ArticleSitemap(LiveRevisionSitemap):
    changefreq = "monthly"
    priority = 0.8

    def queryset(self):
        return selectors.live_articles()

    def lastmod(self, revision):
        # A medical re-review changes the page (its review dates) without a new revision.
        reviewed = revision.item.last_reviewed_at
        return max(filter(None, [revision.published_at, reviewed]))

    def get_latest_lastmod(self):
        latest = self.queryset().aggregate(published=Max("published_at"), reviewed=Max("item__last_reviewed_at"))
        return max(filter(None, latest.values()), default=None)


class ConditionSitemap(LiveRevisionSitemap):
    changefreq = "monthly"
    priority = 0.7

    def queryset(self):
        return selectors.live_conditions()


class StudySitemap(LiveRevisionSitemap):
    changefreq = "yearly"
    priority = 0.4

    def queryset(self):
        return selectors.live_studies()


SITEMAPS = {
    "pages": PagesSitemap,
    "articles": ArticleSitemap,
    "conditions": ConditionSitemap,
    "studies": StudySitemap,
}
