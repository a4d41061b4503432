"""One JSON shape for every error the API gives (400, 401, 403, 404, 405, 406, 429, 500).

    {"status": 400, "code": "invalid_parameter", "detail": "…",
     "errors": [{"parameter": "design", "code": "invalid_choice", "message": "…"}]}

`errors` lists the query parameters that were refused (empty otherwise), so a
client can show the marketer exactly what to fix.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation, TooManyFieldsSent
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from config.middleware import DATABASE_ERRORS

logger = logging.getLogger("django.request")

_DETAIL = {
    "not_authenticated": "Send an API key as “Authorization: Bearer <key>”.",
    "not_found": "Nothing published at this address.",
    "throttled": "Too many requests for this API key; wait before trying again.",
    "invalid": "Check the query parameters listed in “errors”.",
}


class ParameterErrorSerializer(serializers.Serializer):
    parameter = serializers.CharField(help_text="The query parameter that was refused.")
    code = serializers.CharField(help_text="A stable machine-readable reason, e.g. invalid_choice.")
    message = serializers.CharField(help_text="What is wrong, in words to show a person.")


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code, repeated for convenience.")
    code = serializers.CharField(help_text="A stable machine-readable reason, e.g. not_found, throttled.")
    detail = serializers.CharField(help_text="What went wrong, in words to show a person.")
    errors = ParameterErrorSerializer(many=True, help_text="Refused query parameters (empty for other errors).")


def _parameter_errors(detail):
    if isinstance(detail, dict):
        return [
            {"parameter": str(name), "code": getattr(message, "code", "invalid"), "message": str(message)}
            for name, messages in detail.items()
            for message in (messages if isinstance(messages, list) else [messages])
        ]
    return []


def error_body(status_code: int, code: str, detail: str, errors=()) -> dict:
    return {"status": status_code, "code": code, "detail": detail, "errors": list(errors)}


def api_exception_handler(exc, context):
    """Reshape DRF's error responses; turn anything unexpected into a logged JSON 500, never a traceback."""
    if isinstance(exc, DATABASE_ERRORS):
        return None  # a database outage, not a bug: config.middleware answers 503 for the whole site
    if isinstance(exc, TooManyFieldsSent):  # Django refuses to parse more than DATA_UPLOAD_MAX_NUMBER_FIELDS
        exc = exceptions.ParseError(
            f"Too many query parameters: send at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}.", code="too_many"
        )
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError("This request could not be read.", code="unreadable")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        request = context.get("request")
        logger.error("Unhandled error in the API at %s", getattr(request, "path", "?"), exc_info=exc)
        set_rollback()
        body = error_body(500, "server_error", "Something went wrong on our side; it has been logged.")
        return Response(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc.detail, dict):
        code, detail = "invalid", _DETAIL["invalid"]
    elif isinstance(exc.detail, list):
        code, detail = exc.default_code, " ".join(str(d) for d in exc.detail)
    else:
        code = getattr(exc.detail, "code", None) or exc.default_code
        # DRF's stock sentences ("Not found.") become ours; messages raised on purpose stay as written.
        detail = _DETAIL.get(code, str(exc.detail)) if exc.detail == exc.default_detail else str(exc.detail)
    if isinstance(exc, exceptions.Throttled):
        detail = f"Too many requests for this API key; try again in {exc.wait} seconds."
    response.data = error_body(response.status_code, code, detail, _parameter_errors(exc.detail))
    return response
