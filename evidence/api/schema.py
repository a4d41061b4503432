"""The OpenAPI schema: every operation also documents the error answers it can give, in errors.ErrorSerializer's shape.

Generated clients then know the shape of a 400, 401, 403, 404 or 429 as well
as of a 200, and schemathesis checks the errors against it too.
"""

from drf_spectacular.openapi import AutoSchema

# Importing the module registers the Bearer scheme with drf-spectacular.
from evidence.api import authentication  # noqa: F401
from evidence.api.permissions import HasLeadsScope
from evidence.api.views.errors import ErrorSerializer


class ApiAutoSchema(AutoSchema):
    def get_response_serializers(self):
        answer = super().get_response_serializers()
        if isinstance(answer, dict):
            return answer
        errors = {400: ErrorSerializer, 401: ErrorSerializer, 429: ErrorSerializer}
        if "{" in self.path:
            errors[404] = ErrorSerializer
        if HasLeadsScope in getattr(self.view, "permission_classes", ()):
            errors[403] = ErrorSerializer
        return {200: answer, **errors}
