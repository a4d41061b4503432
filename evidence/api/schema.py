"""The OpenAPI schema: every operation also documents the error answers it can give, in errors.ErrorSerializer's shape.

Generated clients then know the shape of a 400, 401, 403, 404 or 429 as well
as of a 200, and schemathesis checks the errors against it too. Content
answers document their 304 (conditional requests), and list-valued filters
say they are sent comma-separated, as the server reads them.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

# Importing the module registers the Bearer scheme with drf-spectacular.
from evidence.api import authentication  # noqa: F401
from evidence.api.views.errors import ErrorSerializer


class ApiAutoSchema(AutoSchema):
    def get_response_serializers(self):
        answer = super().get_response_serializers()
        errors = dict(ERRORS)
        if "{" in self.path:
            errors[404] = ErrorSerializer
        if hasattr(self.view, "conditional"):  # content answers take If-None-Match / If-Modified-Since
            errors[304] = NOT_MODIFIED
        return errors | answer if isinstance(answer, dict) else {200: answer, **errors}


# What any operation can answer besides its 200. A view that states its responses itself adds these.
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 429: ErrorSerializer}

NOT_MODIFIED = OpenApiResponse(
    description="Not modified: the If-None-Match ETag (or If-Modified-Since date) still names the current answer."
)


def fields_may_be_left_out(result, generator, request, public):
    """drf-spectacular hook: with ?fields= a client asks for some fields only, so no property of an item is
    promised to be present (a generated client would otherwise refuse an answer without them). The API is
    read-only, so every component is an answer."""
    for component in result.get("components", {}).get("schemas", {}).values():
        if component.get("type") == "object":
            component.pop("required", None)
    return result


def comma_separated_lists(result, generator, request, public):
    """drf-spectacular hook: a list-valued query parameter is one comma-separated value (`design=a,b`), as
    django-filter's `…InFilter` reads it, so a generated client must not repeat the parameter."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter.get("schema", {}).get("type") == "array":
                    parameter["style"], parameter["explode"] = "form", False
    return result
