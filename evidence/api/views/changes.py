"""GET /api/v1/changes/?since=…: what changed for the public, for keeping a copy in sync."""

from django.conf import settings
from django.utils.functional import lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from evidence.api.pagination import KeysetPagination
from evidence.api.schema import ERRORS
from evidence.api.selectors.changes import BadPosition, Position, changes_since
from evidence.api.serializers.changes import ChangesPageSerializer
from evidence.api.serializers.common import absolute
from evidence.api.views.base import add_rate_limit_headers, refuse_unknown_parameters
from evidence.models.changes import TYPES


def _page_size_description() -> str:
    return f"Changes per answer, 1 to {settings.EVIDENCE_API_MAX_PAGE_SIZE}."


class ChangesView(APIView):
    @extend_schema(
        summary="What was published, updated or withdrawn since a time or cursor",
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                description="An ISO 8601 time for the first request (leave out to start from the beginning), "
                "then the cursor of the previous answer.",
            ),
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                description="Only these kinds, comma-separated: article, study, condition, disclaimer.",
            ),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                # Lazy: the schema is built per request, so it states the maximum the settings hold then.
                description=lazy(_page_size_description, str)(),
            ),
        ],
        responses={200: ChangesPageSerializer, **ERRORS},
    )
    def get(self, request):
        refuse_unknown_parameters(request, {"since", "type", "page_size"})
        try:
            position = Position.parse(request.query_params.get("since"))
        except BadPosition as error:
            raise ValidationError({"since": [str(error)]}, code="invalid") from error
        types = self._types(request.query_params.get("type"))
        limit = KeysetPagination().get_page_size(request)
        page = changes_since(position, types=types, limit=limit)
        cursor = page.position.encode()
        data = {
            "results": page.changes,
            "cursor": cursor,
            "next": replace_query_param(absolute(request.get_full_path()), "since", cursor),
            "has_more": page.has_more,
        }
        return Response(ChangesPageSerializer(data, context={"request": request}).data)

    @staticmethod
    def _types(value):
        if not value:
            return None
        wanted = [name.strip() for name in value.split(",") if name.strip()]
        if unknown := [name for name in wanted if name not in TYPES]:
            raise ValidationError({"type": [f"Unknown type(s): {', '.join(unknown)}. Use {', '.join(TYPES)}."]})
        return wanted

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_rate_limit_headers(request, response)
        response["Cache-Control"] = "private, no-cache"
        return response
