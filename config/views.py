"""Error views for the whole site."""

import sys

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied as default_permission_denied
from django.views.defaults import server_error as default_server_error

from accounts import permissions
from config.middleware import DATABASE_ERRORS, database_unavailable_response


def server_error(request, template_name="500.html"):
    """The 500 page, except that a database outage outside a view (e.g. saving a session) still gets the 503."""
    if isinstance(sys.exception(), DATABASE_ERRORS):
        return database_unavailable_response(request)
    return default_server_error(request, template_name)


def permission_denied(request, exception=None):
    """A refusal inside the admin is an admin page that says why and who can help; elsewhere the site's 403."""
    user = getattr(request, "user", None)
    if not (request.path.startswith(reverse("admin:index")) and user is not None and user.is_staff):
        return default_permission_denied(request, exception)
    reason = str(exception) if exception is not None and str(exception) else ""
    helpers = [person.byline for person in permissions.editors().exclude(pk=user.pk).order_by("display_name")[:5]]
    context = admin.site.each_context(request) | {
        "title": "You cannot do this",
        "reason": reason,
        "roles": [group.name for group in user.groups.all()],
        "helpers": helpers,
    }
    return TemplateResponse(request, "admin/403.html", context, status=403).render()
