"""X-Evidence-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the subscription's secret>.

The timestamp is signed with the body, so a receiver can refuse a replay of
an old delivery (docs/api.md shows how to verify, in Python). `verify` is
the reference implementation receivers may copy; the tests use it.

While a rotated secret overlaps with the new one, the header carries one `v1`
per secret, the new one first: a receiver accepts the delivery if any `v1`
matches its secret. (One that reads the header into a dict keeps the last
`v1`, the old secret's, so it goes on working until it is updated.)
"""

import hashlib
import hmac
import time

HEADER = "X-Evidence-Signature"
TOLERANCE_SECONDS = 300


def _mac(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature(secrets, body: bytes, timestamp: int | None = None) -> str:
    """The header for `body`, signed with each of `secrets` (a secret, or the current one then the previous)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    secrets = [secrets] if isinstance(secrets, str) else secrets
    return ",".join([f"t={timestamp}", *(f"v1={_mac(secret, timestamp, body)}" for secret in secrets)])


def verify(secret: str, body: bytes, header: str, *, now: float | None = None) -> bool:
    """True when `header` signs `body` with `secret` and is no older than five minutes."""
    try:
        parts = [part.split("=", 1) for part in header.split(",")]
        timestamp = int(dict(parts)["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = _mac(secret, timestamp, body)
    return any(hmac.compare_digest(value, expected) for name, value in parts if name == "v1")
