"""The API's front door (no key needed): where everything is, and a JSON 404 for unknown addresses."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse

from evidence.api.serializers.common import absolute

_LISTS = ("article", "study", "condition", "disclaimer")


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([])
def root(request):
    links = {f"{name}s" if name != "study" else "studies": absolute(reverse(f"api:{name}-list")) for name in _LISTS}
    return Response(
        {
            **links,
            "changes": absolute(reverse("api:changes")),
            "leads": absolute(reverse("api:leads")),
            "schema": absolute(reverse("api:schema")),
            "docs": absolute(reverse("api:docs")),
            "authentication": "Send an API key as “Authorization: Bearer <key>”; editors issue keys in the admin.",
        }
    )


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@permission_classes([AllowAny])
@throttle_classes([])
def not_found(request, path=""):
    raise NotFound("There is nothing at this address. See /api/v1/ for the list of endpoints.")
