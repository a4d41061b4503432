"""How django-axes sees a sign-in: who is trying, from where, and what a locked-out person is shown.

Referenced from settings (AXES_*_CALLABLE), so axes calls these with a request.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render

from accounts.models import UserManager


class SignInGuardBackend(AxesStandaloneBackend):
    """Axes' lockout check for sign-ins that come with a request.

    A check without a request (a shell, a script, a management command) has no
    address to lock out; axes would raise there, so it is let through to the
    password check like any other backend that does not apply.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str:
    """The address of the person signing in.

    Behind DJANGO_TRUSTED_PROXY_COUNT proxies, each proxy appends the address it
    saw to X-Forwarded-For, so the client is that many entries from the right;
    anything further left was written by the client and cannot be trusted.
    Without trusted proxies the header is ignored entirely.
    """
    proxies = settings.EVIDENCE_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def signin_username(request, credentials) -> str:
    """The e-mail address as stored (lower-cased), so attempts in any case count as one person."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return UserManager.normalize_email(username).lower()[:255]


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the sign-in form while an address is locked out (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": "Too many sign-in attempts",
        "cooloff_minutes": minutes,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
