"""X-Evidence-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the subscription's secret>.

The timestamp is signed with the body, so a receiver can refuse a replay of
an old delivery (docs/api.md shows how to verify, in Python). `verify` is
the reference implementation receivers may copy; the tests use it.
"""

import hashlib
import hmac
import time

HEADER = "X-Evidence-Signature"
TOLERANCE_SECONDS = 300


def _mac(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={_mac(secret, timestamp, body)}"


def verify(secret: str, body: bytes, header: str, *, now: float | None = None) -> bool:
    """True when `header` signs `body` with `secret` and is no older than five minutes."""
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(parts.get("v1", ""), _mac(secret, timestamp, body))
