from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from evidence import selectors, views
from evidence.caching.items import item_version
from evidence.caching.pages import public_page
from evidence.feeds import LatestArticlesFeed
from evidence.operations import views as operations_views
from evidence.sitemaps import SITEMAPS
from evidence.views import references as citation_views

app_name = "evidence"


def _section_version(section, **_):
    return item_version("sitemap-section", section, lambda: selectors.section_stamp(section))


# The sitemap views are Django's; they get the same version-keyed cache and ETag as every public page, and a
# section of one kind keeps both until a live item of that kind changes.
sitemap_index = public_page()(sitemap_views.index)
sitemap_section = public_page(params=("p",), version=_section_version)(sitemap_views.sitemap)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", operations_views.metrics, name="metrics"),  # off unless EVIDENCE_METRICS (docs/operations.md)
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path(
        "articles/<slug:slug>/references.<str:extension>",
        citation_views.article_references,
        name="article_references",
    ),
    path("conditions/", views.condition_list, name="condition_list"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition_detail"),
    path("studies/<slug:key>/", views.study_detail, name="study_detail"),
    path("disclaimers/", views.disclaimer_list, name="disclaimer_list"),
    path("search/", views.search, name="search"),
    path("privacy/", views.privacy, name="privacy"),
    path("feeds/articles/", public_page()(LatestArticlesFeed()), name="article_feed"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "evidence:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_section, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
