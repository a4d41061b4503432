"""Transport and browser protections on the public site and the admin: CSP with nonces, no framing, HTTPS."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/admin/login/", "/admin/password_reset/", "/api/v1/docs/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_a_strict_content_security_policy(client, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    # Django adds the nonce only to pages that use one; without it, no inline code runs at all.
    assert re.fullmatch(r"'self'( 'nonce-[\w+/=-]+')?", directives["script-src"])
    assert re.fullmatch(r"'self'( 'nonce-[\w+/=-]+')?", directives["style-src"])
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("path", PAGES)
def test_every_script_and_style_tag_carries_the_pages_nonce(client, path):
    response = client.get(path)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    page = response.content.decode()

    tags = re.findall(r"<(?:script|style)\b[^>]*>", page)
    assert all(nonce and f'nonce="{nonce.group(1)}"' in tag for tag in tags), tags
    assert not re.search(r"\son[a-z]+\s*=", page), "inline event handlers would be blocked by the policy"


@pytest.mark.parametrize("path", PAGES)
def test_pages_refuse_framing_sniffing_and_referrer_leaks(client, path):
    response = client.get(path)

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https_but_the_proxy_header_is_trusted(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000

    plain = client.get("/admin/login/")
    behind_proxy = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/admin/login/"
    assert behind_proxy.status_code == 200
    assert behind_proxy["Strict-Transport-Security"].startswith("max-age=31536000")


def test_session_and_csrf_cookies_are_http_only_and_secure_in_production(client, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.get("/admin/login/")

    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] and csrf["secure"]
