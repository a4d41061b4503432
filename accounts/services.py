"""Issuing and revoking API keys: the only writes to a key besides its "last used" time.

The raw key exists only in what `issue_api_key` returns; the admin and the
create_api_key command show it once. A key is revoked, never deleted, so the
record of who had access stays.
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import ApiKey


def issue_api_key(*, name: str, scopes=(), requests_per_minute=None, by=None) -> tuple[ApiKey, str]:
    """Create a key and return it with the raw key, which is shown once and never stored."""
    key = ApiKey(name=name, scopes=sorted(set(scopes)), requests_per_minute=requests_per_minute, created_by=by)
    raw_key = key.assign_new_secret()
    key.full_clean()
    key.save()
    return key, raw_key


def revoke_api_key(*, key: ApiKey, by=None) -> ApiKey:
    """Refuse the key from now on; revoking twice keeps the first time."""
    with transaction.atomic():
        ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_by=by)
    key.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return key
