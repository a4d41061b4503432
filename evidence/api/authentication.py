"""`Authorization: Bearer <key>`: the only way into the API.

A request without a key, with a malformed header, or with an unknown or
revoked key is answered 401 with the same JSON error shape as every other
error. The key (not a person) is the caller, so `request.user` stays None and
`request.auth` is the ApiKey.

Each process remembers a key it found for KEY_MEMORY_SECONDS, so a client
sending many requests costs one key look-up every few seconds instead of one
per request (a cached answer otherwise needs no SQL at all). The price is
that revoking a key, or changing its scopes or rate, takes effect in other
requests within KEY_MEMORY_SECONDS rather than at once. Only keys that were
found are remembered: an unknown, forged or revoked key is looked up every
time, so guessing cannot fill the memory, and a key that failed never passes.
"""

import hashlib
import threading
import time

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.models import ApiKey

_SCHEME = "Bearer"
KEY_MEMORY_SECONDS = 5.0
_MAX_REMEMBERED = 1000  # far more keys than are ever in use at once; past it the memory starts afresh


class _RememberedKeys:
    """Keys found recently, by the SHA-256 of the raw key (the raw key itself is not kept)."""

    def __init__(self, clock=time.monotonic):
        self._keys = {}  # digest -> (remembered until, ApiKey)
        self._lock = threading.Lock()
        self.clock = clock  # tests hold it still

    def find(self, raw_key: str):
        digest = hashlib.sha256(raw_key.encode()).digest()
        now = self.clock()
        remembered = self._keys.get(digest)
        if remembered is not None and now < remembered[0]:
            return remembered[1]
        key = ApiKey.objects.find(raw_key)
        with self._lock:
            if key is None:
                self._keys.pop(digest, None)
                return None
            if len(self._keys) >= _MAX_REMEMBERED:
                self._keys.clear()
            self._keys[digest] = (now + KEY_MEMORY_SECONDS, key)
        return key

    def forget_all(self):
        with self._lock:
            self._keys.clear()


remembered_keys = _RememberedKeys()


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
        key = remembered_keys.find(raw_key.strip())
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
