"""URLs of the marketing API, mounted at /api/v1/."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from evidence.api.views.changes import ChangesView
from evidence.api.views.content import ArticleViewSet, ConditionViewSet, DisclaimerViewSet, StudyViewSet
from evidence.api.views.leads import LeadList
from evidence.api.views.root import not_found, root

app_name = "api"

router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("studies", StudyViewSet, basename="study")
router.register("conditions", ConditionViewSet, basename="condition")
router.register("disclaimers", DisclaimerViewSet, basename="disclaimer")

urlpatterns = [
    path("", root, name="root"),
    *router.urls,
    path("changes/", ChangesView.as_view(), name="changes"),
    path("leads/", LeadList.as_view(), name="leads"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html", title="Evidence Desk API"
        ),
        name="docs",
    ),
    # Anything else under /api/v1/ is a JSON 404, not the public site's HTML page. Only paths ending in "/"
    # match, so "/api/v1/articles" still gets Django's redirect to "/api/v1/articles/" (APPEND_SLASH).
    # "(?s:" lets "." match a line break too: "/api/v1/%0d%0a/" is a JSON 404 like any other.
    re_path(r"^(?P<path>(?s:.*)/)$", not_found, name="not_found"),
]
