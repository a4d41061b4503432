"""How often a reset link may be asked for: per e-mail address and per client address.

Both counts are taken for every request, whether or not the address has an
account, and a request over either limit gets exactly the answer of one
within it (the "check your inbox" page) but no e-mail, so the limit tells an
attacker nothing about which addresses exist. It stops one person's inbox
being filled with reset mail and a client from working through a list of
addresses. Limits: EVIDENCE_PASSWORD_RESET_LIMIT_PER_ADDRESS and
EVIDENCE_PASSWORD_RESET_LIMIT_PER_CLIENT requests per
EVIDENCE_PASSWORD_RESET_LIMIT_MINUTES (docs/security.md).
"""

import logging

from django.conf import settings

from accounts.models import UserManager
from accounts.ratelimit import Limit, client_fingerprint, fingerprint, hit

logger = logging.getLogger(__name__)


def rate_key(limit_name: str, who: str, window: int) -> str:
    """Reset requests counted against one limit in one window."""
    return f"accounts:password-reset:rate:{limit_name}:{who}:{window}"


def _limits() -> tuple[Limit, Limit]:
    seconds = settings.EVIDENCE_PASSWORD_RESET_LIMIT_MINUTES * 60
    return (
        Limit("client", settings.EVIDENCE_PASSWORD_RESET_LIMIT_PER_CLIENT, seconds),
        Limit("address", settings.EVIDENCE_PASSWORD_RESET_LIMIT_PER_ADDRESS, seconds),
    )


def may_send(request, email: str) -> bool:
    """Count one reset request for this client and address; False (and a log line) when over a limit."""
    per_client, per_address = _limits()
    client = client_fingerprint(request)
    address = fingerprint(UserManager.normalize_email(email).lower())
    # A client over its own limit is refused before it can use up anyone's per-address allowance.
    for limit, who in ((per_client, client), (per_address, address)):
        if not hit(limit, who, key=rate_key):
            logger.warning(
                "Password reset e-mail not sent: over the per-%s limit (%s in %s min); client %s, address %s",
                limit.name,
                limit.requests,
                limit.minutes,
                client[:12],
                address[:12],
            )
            return False
    return True
