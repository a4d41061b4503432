"""Drive wrk (https://github.com/wg/wrk) over a list of paths and read back its JSON summary."""

import json
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).with_name("rotate.lua")
PROBE_TIMEOUT = 30  # seconds; the same as gunicorn's worker timeout


@dataclass
class Measurement:
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # 4xx/5xx answers and socket errors: a run with errors is not a valid figure

    @classmethod
    def from_wrk(cls, summary):
        seconds = summary["duration_us"] / 1e6
        return cls(
            requests=summary["requests"],
            seconds=round(seconds, 2),
            requests_per_second=round(summary["requests"] / seconds, 1),
            p50_ms=summary["p50_us"] / 1000,
            p90_ms=summary["p90_us"] / 1000,
            p95_ms=summary["p95_us"] / 1000,
            p99_ms=summary["p99_us"] / 1000,
            errors=summary["non_2xx_3xx"] + summary["socket_errors"],
        )


def run_wrk(base_url, paths, *, seconds, connections, headers=()):
    """Send requests for `seconds` over `connections` keep-alive connections from one wrk thread."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA)]
    for header in headers:
        command += ["-H", header]
    command += [base_url, "--", listing.name]
    try:
        finished = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60)
    finally:
        Path(listing.name).unlink(missing_ok=True)
    summary = next(line for line in reversed(finished.stdout.splitlines()) if line.startswith("{"))
    return Measurement.from_wrk(json.loads(summary))


@dataclass
class Probe:
    status: int
    size: int
    etag: str


def probe(base_url, path, headers=None):
    """One request, redirects not followed: the status, body size and ETag a reader would get."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(base_url + path, headers=headers or {})
    try:
        with opener.open(request, timeout=PROBE_TIMEOUT) as response:
            return Probe(response.status, len(response.read()), response.headers.get("ETag", ""))
    except urllib.error.HTTPError as error:
        return Probe(error.code, 0, error.headers.get("ETag", "") if error.headers else "")
    except (TimeoutError, urllib.error.URLError, ConnectionError):
        return Probe(0, 0, "")  # no answer in time (gunicorn replaces a worker stuck for its timeout)
