"""When the database is unreachable, answer 503 with a clear message instead of a 500 and a traceback.

Requests keep failing cleanly for as long as the outage lasts; Django opens a
new connection on the next request (CONN_HEALTH_CHECKS), so the site recovers
by itself when the database is back, without a restart.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.template.response import SimpleTemplateResponse

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
MESSAGE = "The evidence library is briefly unavailable. Please try again in a minute."


def wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or request.path == "/healthz" or accept.startswith("application/json")


def database_unavailable_response(request):
    """A 503 that needs neither the database nor anything that reads it (no user, no session)."""
    if wants_json(request):
        # The API's error shape (evidence/api/errors.py), so clients handle it like any other error.
        body = {"status": 503, "code": "service_unavailable", "detail": MESSAGE, "errors": []}
        response = JsonResponse(body, status=503)
    else:
        # The page is self-contained on purpose: the site's base template may read the database.
        response = SimpleTemplateResponse("503.html", {"message": MESSAGE}, status=503)
        response.render()
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"  # a proxy must not keep serving the outage afterwards
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
        return database_unavailable_response(request)
