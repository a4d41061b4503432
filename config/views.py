"""Error views for the whole site."""

import sys

from django.views.defaults import server_error as default_server_error

from config.middleware import DATABASE_ERRORS, database_unavailable_response


def server_error(request, template_name="500.html"):
    """The 500 page, except that a database outage outside a view (e.g. saving a session) still gets the 503."""
    if isinstance(sys.exception(), DATABASE_ERRORS):
        return database_unavailable_response(request)
    return default_server_error(request, template_name)
