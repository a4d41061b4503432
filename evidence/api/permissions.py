"""Who may read what: any valid key reads published content; leads need the `leads` scope."""

from rest_framework import permissions

from accounts.models import ApiKey, Scope


class HasApiKey(permissions.BasePermission):
    message = "Send an API key as “Authorization: Bearer <key>”."
    code = "api_key_required"

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiKey)


class HasLeadsScope(permissions.BasePermission):
    message = "This API key may not read contact-form submissions; ask an editor for a key with the “leads” scope."
    code = "scope_required"

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiKey) and request.auth.has_scope(Scope.LEADS)
