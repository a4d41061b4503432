"""`Authorization: Bearer <key>`: the only way into the API.

A request without a key, with a malformed header, or with an unknown or
revoked key is answered 401 with the same JSON error shape as every other
error. The key (not a person) is the caller, so `request.user` stays None and
`request.auth` is the ApiKey.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.api_keys import ApiKey

_SCHEME = "Bearer"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None  # the permission check answers "no key" with 401
        scheme, _, raw_key = header.partition(" ")
        if scheme.lower() != _SCHEME.lower() or not raw_key.strip():
            raise exceptions.AuthenticationFailed(
                "Send the key as “Authorization: Bearer <key>”.", code="malformed_authorization"
            )
        key = ApiKey.objects.find(raw_key.strip())
        if key is None:
            raise exceptions.AuthenticationFailed(
                "This API key is not valid or has been revoked.", code="invalid_api_key"
            )
        key.note_use()
        return (None, key)

    def authenticate_header(self, request):
        return f'{_SCHEME} realm="Evidence Desk API"'


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """Tell the OpenAPI schema (and so generated clients) how keys are sent."""

    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key from the admin or `manage.py create_api_key`, as `Authorization: Bearer <key>`.",
        }
