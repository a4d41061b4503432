"""Two-factor sign-in for staff: a TOTP authenticator app plus single-use recovery codes.

The rule: a person who has confirmed an authenticator must give its code (or a
recovery code) at every sign-in, and a session that has not is not trusted
with the admin. With EVIDENCE_REQUIRE_2FA every staff member must enrol.
Devices come from django-otp, which throttles wrong codes and keeps secrets.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def must_enrol(user) -> bool:
    """True when the deployment requires two-factor sign-in and this person has not set it up."""
    return settings.EVIDENCE_REQUIRE_2FA and not has_authenticator(user)


def code_required(user) -> bool:
    """True when signing in as `user` needs a code after the password."""
    return has_authenticator(user)


def session_is_trusted(request) -> bool:
    """May this signed-in session use the admin, as far as the second factor goes?"""
    user = request.user
    if user.is_verified():  # the session already passed the second factor (no extra query)
        return True
    return not (settings.EVIDENCE_REQUIRE_2FA or has_authenticator(user))


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def verify_sign_in_code(user, code: str):
    """Return the device that accepts `code`, or None; raise ValidationError while wrong codes pause it.

    A six-digit code goes to the authenticator, anything else to the recovery
    codes, so a recovery code never counts as a wrong authenticator code (which
    would slow the next real attempt down through django-otp's throttling).
    """
    code = normalise_code(code)
    if code.isdigit() and len(code) == 6:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed and details.get("locked_until"):
            # django-otp pauses a device after wrong codes; saying so beats calling the right code wrong.
            wait = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
            seconds = f"{wait} second{'s' if wait != 1 else ''}"
            raise ValidationError(
                f"Too many wrong codes just now. Wait {seconds} and type the newest code.", code="code_paused"
            )
        if verified := verify_token(user, device.persistent_id, code):
            return verified
    return None


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up: the same secret on every reload until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, inline so the page needs no extra request."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for people who cannot scan the QR code."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_authenticator(*, user, code: str) -> list[str]:
    """Turn two-factor sign-in on once the person proves the app works; return new recovery codes."""
    device = pending_authenticator(user)
    if not device.verify_token(normalise_code(code)):
        raise ValidationError(
            "That code does not match. Check the clock on your phone and type the newest code.",
            code="invalid_code",
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user=user)


@transaction.atomic
def new_recovery_codes(*, user) -> list[str]:
    """Replace the person's recovery codes; each works once, and old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def turn_off(*, user) -> None:
    """Remove every device: the person signs in with the password alone again (e.g. a lost phone)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
