"""Fault drill: the site under gunicorn keeps answering cleanly when Redis or PostgreSQL goes away.

    .venv/bin/python bench/faults.py            # about a minute; loopback only; exits 1 if a check fails

What it does, all on 127.0.0.1 and bounded in time:
1. Creates a scratch PostgreSQL database (FAULTS_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres),
   migrates it and loads the demo library.
2. Starts a small TCP proxy in front of PostgreSQL (so the "database" can be stopped without touching the
   shared server) and gunicorn in production mode, with REDIS_URL pointing at a port where nothing listens.
3. Redis unreachable: every page must still answer 200 (served without the cache).
4. Proxy stopped (database gone): every page must answer 503 with the outage page (or JSON under /api/ and
   /healthz), never 500, never a traceback.
5. Proxy started again: the same gunicorn workers must answer 200 again, without a restart; the time to
   recover is measured.
The results go to stdout and bench/results/faults-<time>.txt; the scratch database is dropped at the end.
"""

import argparse
import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
LOOPBACK = "127.0.0.1"
PAGES = ["/", "/articles/", "/conditions/", "/healthz", "/api/v1/articles/", "/admin/login/"]
# Pages that need no database even to render (the sign-in form): 200 is right during the outage too.
NEEDS_NO_DATABASE = {"/admin/login/"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


class TcpProxy:
    """A loopback TCP proxy to PostgreSQL that can be stopped (dropping every connection) and started again."""

    def __init__(self, target_port: int):
        self.port, self.target_port = free_port(), target_port
        self.loop = asyncio.new_event_loop()
        self.server, self.writers = None, set()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    async def _pipe(self, reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _handle(self, client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(LOOPBACK, self.target_port)
        except OSError:
            client_writer.close()
            return
        self.writers |= {client_writer, server_writer}
        await asyncio.gather(self._pipe(client_reader, server_writer), self._pipe(server_reader, client_writer))
        self.writers -= {client_writer, server_writer}

    async def _start(self):
        self.server = await asyncio.start_server(self._handle, LOOPBACK, self.port, reuse_address=True)

    async def _stop(self):
        self.server.close()
        for writer in list(self.writers):
            writer.transport.abort()  # like a server that died: connections drop without goodbye
        self.writers.clear()
        await self.server.wait_closed()

    def start(self):
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)

    def stop(self):
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(10)


API_HEADERS = {"Accept": "application/json"}  # plus the drill's API key, set in main()


def fetch(base_url: str, path: str) -> tuple[int, str]:
    headers = API_HEADERS if path.startswith("/api/") else {"Accept": "text/html"}
    request = urllib.request.Request(base_url + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        return 0, f"no answer: {error}"


def scratch_database(admin_url: str, name: str, *, drop: bool):
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            connection.execute(f'CREATE DATABASE "{name}"')


def run(command, environment, timeout=300):
    subprocess.run(command, cwd=ROOT, env=environment, check=True, timeout=timeout, stdout=subprocess.DEVNULL)


def wait_for(base_url, status, path="/healthz", seconds=30.0) -> float | None:
    """Seconds until `path` answers `status`, or None when it never does within `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if fetch(base_url, path)[0] == status:
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def phase(base_url, name, expected, rounds, report) -> bool:
    """Request every page `rounds` times; `expected(path, status, body)` says whether an answer is right."""
    ok = True
    for path in PAGES:
        answers = [fetch(base_url, path) for _ in range(rounds)]
        codes = sorted({status for status, _ in answers})
        tracebacks = sum("Traceback" in body for _, body in answers)
        right = all(expected(path, status, body) for status, body in answers) and not tracebacks
        ok &= right
        report(f"{name:<22} {path:<20} statuses={codes!s:<12} tracebacks={tracebacks} {'ok' if right else 'FAIL'}")
    return ok


def serving(path, status, body):
    return status == 200


def outage(path, status, body):
    if path in NEEDS_NO_DATABASE:
        return status in (200, 503)
    json_expected = path.startswith("/api/") or path == "/healthz"
    return status == 503 and (body.lstrip().startswith("{") if json_expected else "back in a minute" in body)


def drill_environment(database_url: str, http_port: int) -> dict:
    """Production settings on plain http over loopback, with Redis pointing where nothing listens."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": LOOPBACK,
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_SECURE_COOKIES": "False",
        "DATABASE_URL": database_url,
        "DATABASE_CONNECT_TIMEOUT": "2",
        "REDIS_URL": f"redis://{LOOPBACK}:{free_port()}/0",
        "EMAIL_URL": "consolemail://",
        "HOST": LOOPBACK,
        "PORT": str(http_port),
        "GUNICORN_WORKERS": "2",
    }


def prepare_library(environment) -> None:
    """Migrate the scratch database, load the demo library, and give the drill an API key."""
    for command in (["migrate", "--noinput"], ["load_demo", "--force"], ["collectstatic", "--noinput"]):
        run([PYTHON, "manage.py", *command], environment)
    created = subprocess.run(
        [PYTHON, "manage.py", "create_api_key", "Fault drill"],
        cwd=ROOT,
        env=environment,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    API_HEADERS["Authorization"] = f"Bearer {created.stdout.strip().splitlines()[-1]}"


def drill(base_url, proxy, server, rounds, report) -> bool:
    """The three phases; True when every answer was the right one."""
    report(f"Fault drill {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, gunicorn 2 workers, {rounds} rounds")
    ok = phase(base_url, "redis unreachable", serving, rounds, report)
    proxy.stop()
    report("-- PostgreSQL stopped (proxy closed, connections dropped)")
    ok &= phase(base_url, "database down", outage, rounds, report)
    proxy.start()
    recovered = wait_for(base_url, 200)
    report(f"-- PostgreSQL back; /healthz answered 200 {'never' if recovered is None else f'after {recovered:.2f} s'}")
    ok &= recovered is not None
    ok &= phase(base_url, "database back", serving, rounds, report)
    ok &= server.poll() is None
    report(f"gunicorn still the same process: {server.poll() is None}; overall: {'PASS' if ok else 'FAIL'}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="requests per page and phase (default 5)")
    parser.add_argument("--max-seconds", type=int, default=300, help="stop the drill after this long (default 300)")
    parser.add_argument(
        "--admin-url", default=os.environ.get("FAULTS_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    arguments = parser.parse_args()
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("fault drill ran out of time")))
    signal.alarm(arguments.max_seconds)
    lines = []

    def report(line):
        print(line, flush=True)
        lines.append(line)

    database = f"evidence_desk_faults_{os.getpid()}"
    proxy = TcpProxy(target_port=5432)
    proxy.start()
    http_port = free_port()
    environment = drill_environment(f"postgres://postgres@{LOOPBACK}:{proxy.port}/{database}", http_port)
    scratch_database(arguments.admin_url, database, drop=False)
    server, ok = None, False
    try:
        prepare_library(environment)
        server = subprocess.Popen(
            [GUNICORN, "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base_url = f"http://{LOOPBACK}:{http_port}"
        if wait_for(base_url, 200, seconds=60) is None:
            raise SystemExit("gunicorn did not become healthy within 60 s")
        ok = drill(base_url, proxy, server, arguments.rounds, report)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        proxy.stop()
        scratch_database(arguments.admin_url, database, drop=True)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"faults-{datetime.now(UTC):%Y%m%d-%H%M%S}.txt").write_text("\n".join(lines) + "\n")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
