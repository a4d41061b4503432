"""How often a kept page or API answer was there when asked for (the cache hit ratio in /metrics)."""

from prometheus_client import Counter

LOOKUPS = Counter(
    "evidence_cache_lookups",
    "Looks for a kept public page or API answer, by cache and whether it was there.",
    ["cache", "result"],
)


def looked_up(cache: str, found: bool) -> None:
    LOOKUPS.labels(cache=cache, result="hit" if found else "miss").inc()
