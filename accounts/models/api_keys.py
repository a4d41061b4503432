"""API keys for the marketing API: issued and revoked by editors (accounts.services), stored only as a hash.

A key looks like ``evd_<prefix>_<secret>``. The prefix (random, shown in the admin)
finds the row; the whole key is compared with the stored SHA-256 digest. Keys
carry 256 bits of randomness, so a fast hash is enough (no password stretching
needed, as for GitHub's or Stripe's tokens), and the raw key exists only in the
response that shows it once.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

KEY_PREFIX = "evd"
_PREFIX_LENGTH = 12
# How stale "last used" may be: refreshing it on every request would turn each read into a write.
_LAST_USED_RESOLUTION = timedelta(minutes=5)


class Scope(models.TextChoices):
    LEADS = "leads", "Read contact-form submissions (leads)"


def _digest(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def validate_scopes(value):
    known = set(Scope.values)
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise ValidationError("Scopes must be a list of names.", code="invalid_scopes")
    if unknown := sorted(set(value) - known):
        raise ValidationError(
            "Unknown scope(s): %(unknown)s. Known scopes: %(known)s.",
            code="unknown_scope",
            params={"unknown": ", ".join(unknown), "known": ", ".join(sorted(known))},
        )


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def find(self, raw_key: str):
        """The active key matching `raw_key`, or None (one query, constant-time comparison)."""
        parts = raw_key.split("_", 2)  # the secret part may itself contain "_"
        if len(parts) != 3 or parts[0] != KEY_PREFIX or len(parts[1]) != _PREFIX_LENGTH:
            return None
        key = self.active().filter(prefix=parts[1]).first()
        if key is None or not hmac.compare_digest(key.key_hash, _digest(raw_key)):
            return None
        return key


class ApiKey(models.Model):
    """A credential one marketing tool or partner uses to read the API."""

    name = models.CharField(
        "name",
        max_length=100,
        help_text="Who or what uses the key, e.g. “Newsletter tool” or “Partner clinic site”.",
    )
    prefix = models.CharField(
        "key prefix",
        max_length=_PREFIX_LENGTH,
        unique=True,
        editable=False,
        help_text="The first characters after “evd_”, to tell keys apart; not secret.",
    )
    key_hash = models.CharField(
        "key digest", max_length=64, editable=False, help_text="SHA-256 of the key; the key itself is never stored."
    )
    scopes = models.JSONField(
        "extra permissions",
        default=list,
        blank=True,
        validators=[validate_scopes],
        help_text="Every key reads published content. “leads” also lets it read contact-form submissions.",
    )
    requests_per_minute = models.PositiveIntegerField(
        "requests per minute",
        null=True,
        blank=True,
        help_text="Rate limit for this key. Leave empty for the site default (EVIDENCE_API_REQUESTS_PER_MINUTE).",
    )
    created_at = models.DateTimeField("created", auto_now_add=True, help_text="When the key was issued.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="created by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Empty when created with the create_api_key command.",
    )
    last_used_at = models.DateTimeField(
        "last used", null=True, blank=True, editable=False, help_text="Updated at most every few minutes."
    )
    revoked_at = models.DateTimeField(
        "revoked", null=True, blank=True, editable=False, help_text="A revoked key is refused from then on."
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="revoked by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Empty for a key revoked from the command line.",
    )

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        verbose_name_plural = "API keys"
        ordering = ["revoked_at", "-created_at"]

    def __str__(self):
        return f"{self.name} ({KEY_PREFIX}_{self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def rate_per_minute(self) -> int:
        return self.requests_per_minute or settings.EVIDENCE_API_REQUESTS_PER_MINUTE

    def assign_new_secret(self) -> str:
        """Give an unsaved key its random secret; return the raw key (the only time it exists)."""
        self.prefix = secrets.token_hex(_PREFIX_LENGTH // 2)
        raw_key = f"{KEY_PREFIX}_{self.prefix}_{secrets.token_urlsafe(32)}"
        self.key_hash = _digest(raw_key)
        return raw_key

    def note_use(self, now=None):
        """Record that the key was used, writing at most once per few minutes."""
        now = now or timezone.now()
        if self.last_used_at and now - self.last_used_at < _LAST_USED_RESOLUTION:
            return
        ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now
