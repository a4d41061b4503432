"""Published articles, studies, conditions and disclaimers: the selectors' querysets, nothing more."""

from django.db.models import F
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound

from evidence import selectors
from evidence.api import prepared
from evidence.api.filters import ArticleFilter, ConditionFilter, DisclaimerFilter, StudyFilter
from evidence.api.serializers.articles import ArticleSerializer
from evidence.api.serializers.library import ConditionSerializer, DisclaimerSerializer
from evidence.api.serializers.studies import StudySerializer
from evidence.api.views.base import LibraryViewSet
from evidence.selectors import listings

FIELDS = OpenApiParameter(
    "fields",
    OpenApiTypes.STR,
    description="Comma-separated names of the fields to return, e.g. id,title,url,required_disclaimers. Default: all.",
)


def _lookup(noun, key="slug"):
    return OpenApiParameter(
        "lookup", OpenApiTypes.STR, OpenApiParameter.PATH, description=f"The {noun}'s id or current {key}."
    )


def _documented(noun, plural, key="slug"):
    return extend_schema_view(
        list=extend_schema(summary=f"List published {plural}", parameters=[FIELDS]),
        retrieve=extend_schema(summary=f"One published {noun}", parameters=[FIELDS, _lookup(noun, key)]),
    )


def with_dates(queryset):
    """`published`: when the item first went public; `updated`: when anything the public sees of it last changed
    (its current revision went live, a medical re-review, or a study, condition, disclaimer or person it shows)."""
    return queryset.annotate(published=F("item__first_published_at"), updated=F("public_updated_at"))


@_documented("article", "articles")
class ArticleViewSet(LibraryViewSet):
    """Articles with their conditions, cited studies, evidence, review dates and required disclaimers."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    ordering_fields = ("updated", "published", "title")
    ordering = "-updated"
    noun = "article"

    def get_queryset(self):
        # Only what filtering, ordering and paging read: the items themselves come prepared (evidence.api.prepared).
        return with_dates(selectors.live_articles().select_related(None).prefetch_related(None)).only(
            "pk", "item_id", "slug", "title", "public_updated_at"
        )

    def serialize(self, objects, many):
        """Prepared items where current; the others serialised now, from fully fetched revisions."""
        revisions = list(objects) if many else [objects]
        items = prepared.prepared_items(revision.pk for revision in revisions)
        if missing := [revision.pk for revision in revisions if revision.pk not in items]:
            full = list(with_dates(selectors.with_reference_notices(selectors.live_articles())).filter(pk__in=missing))
            items |= {
                revision.pk: item for revision, item in zip(full, super().serialize(full, many=True), strict=True)
            }
        fields = self.selected_fields
        answer = [prepared.with_fields(items[revision.pk], fields) for revision in revisions if revision.pk in items]
        if many:
            return answer
        if not answer:  # withdrawn between finding it and reading it
            raise NotFound(f"No published article has the id or slug “{objects.slug}”.")
        return answer[0]

    def extra_context(self, objects):
        # The serializer builds every article's page content at once from "articles" (one cache round trip).
        return {"disclaimers": selectors.disclaimers_for_articles(objects), "articles": objects}

    def moved_to(self, lookup):
        return selectors.article_redirect_slug(lookup)


@_documented("study", "studies", key="citation key")
class StudyViewSet(LibraryViewSet):
    """Studies the library cites: identifiers, formatted citations, evidence labels."""

    serializer_class = StudySerializer
    filterset_class = StudyFilter
    ordering_fields = ("updated", "published", "title")
    ordering = "-updated"
    slug_field = "citation_key"
    lookup_description = "id or citation key"
    noun = "study"

    def get_queryset(self):
        studies = selectors.with_notices(selectors.live_studies())
        return with_dates(studies).annotate(evidence_level=listings.evidence_level())

    def moved_to(self, lookup):
        return selectors.study_redirect_key(lookup)


@_documented("condition", "conditions")
class ConditionViewSet(LibraryViewSet):
    serializer_class = ConditionSerializer
    filterset_class = ConditionFilter
    ordering_fields = ("name", "updated", "published")
    ordering = "name"
    noun = "condition"

    def get_queryset(self):
        return with_dates(selectors.live_conditions())

    def moved_to(self, lookup):
        return selectors.condition_redirect_slug(lookup)


@extend_schema_view(
    list=extend_schema(summary="List published disclaimers", parameters=[FIELDS]),
    retrieve=extend_schema(
        summary="One published disclaimer",
        parameters=[
            FIELDS,
            OpenApiParameter("lookup", OpenApiTypes.INT, OpenApiParameter.PATH, description="The disclaimer's id."),
        ],
    ),
)
class DisclaimerViewSet(LibraryViewSet):
    """Active disclaimers and where they apply (articles carry theirs in required_disclaimers)."""

    serializer_class = DisclaimerSerializer
    filterset_class = DisclaimerFilter
    ordering_fields = ("title", "updated", "published")
    ordering = "title"
    noun = "disclaimer"

    slug_field = None  # disclaimers have no address of their own: by id only
    lookup_description = "id"

    def get_queryset(self):
        return with_dates(selectors.live_disclaimers())
