"""Fault drill: the site under gunicorn keeps answering cleanly when Redis or PostgreSQL goes away.

    .venv/bin/python bench/faults.py            # about 90 s; loopback only; exits 1 if a check fails

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
6. Object storage unavailable (the media folder replaced by a plain file, as a lost mount or a refusing
   bucket): pages and the API still answer 200, /healthz names "storage" (200; 503 with ?strict), and the time
   until it does is measured; then storage comes back.
7. Task worker killed mid-task (SIGKILL while a task sleeps): /healthz names "worker" once its heartbeat is
   silent; a restarted worker queues the task again and it runs exactly once more, to the end.
8. Restore with media: a backup taken from the drill's library (with an uploaded file) is restored into a
   second scratch database and an empty media folder; rows and file bytes must match.
The results go to stdout and bench/results/faults-<time>.txt; the scratch databases are dropped at the end.
"""

import argparse
import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
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
SCRATCH = Path(tempfile.mkdtemp(prefix="evidence-faults-"))  # media folders, backups, the drill task's notes


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


def health(base_url, strict=False) -> tuple[int, list]:
    status, body = fetch(base_url, "/healthz?strict" if strict else "/healthz")
    try:
        return status, json.loads(body)["failing"]
    except (ValueError, KeyError):
        return status, ["(no answer)"]


def seconds_until(condition, seconds=30.0) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.1)
    return None


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
        "DJANGO_MEDIA_ROOT": str(SCRATCH / "media"),
        # Short enough for a drill; production beats every 5 s and calls a worker gone after 30 s.
        "EVIDENCE_WORKER_HEARTBEAT_SECONDS": "1",
        "EVIDENCE_WORKER_SILENT_SECONDS": "5",
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


def start_worker(environment):
    return subprocess.Popen(
        [PYTHON, "manage.py", "run_worker", "--no-reload", "--no-startup-delay", "--interval", "0.5"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def manage_output(environment, *arguments) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=environment, check=True, timeout=120, capture_output=True
    )
    return done.stdout.decode().strip()


def storage_drill(base_url, rounds, report) -> bool:
    """Storage gone: pages still served, /healthz names it; storage back: named no more."""
    media = SCRATCH / "media"
    media.mkdir(exist_ok=True)
    away = SCRATCH / "media-away"
    media.rename(away)
    media.write_text("the mount is gone")  # every write and read under it now fails, as with a lost mount
    report("-- Object storage unavailable (media folder replaced by a file)")
    named = seconds_until(lambda: "storage" in health(base_url)[1])
    ok = phase(base_url, "storage unavailable", serving, rounds, report)
    status, failing = health(base_url, strict=True)
    report(
        f"storage unavailable    /healthz named storage after {'never' if named is None else f'{named:.3f} s'}; "
        f"?strict: {status} failing={failing}"
    )
    ok &= named is not None and status == 503 and "storage" in failing
    media.unlink()
    away.rename(media)
    back = seconds_until(lambda: "storage" not in health(base_url)[1])
    report(f"-- Storage back; /healthz stopped naming it after {'never' if back is None else f'{back:.3f} s'}")
    return ok and back is not None


def worker_drill(base_url, environment, report) -> bool:
    """Kill the worker in the middle of a task; the restarted worker runs it again, once."""
    notes = SCRATCH / "task-notes.txt"
    worker = start_worker(environment)
    ok = seconds_until(lambda: "worker" not in health(base_url)[1]) is not None
    task_id = manage_output(
        environment,
        "shell",
        "-c",
        f"from bench.drill_tasks import noted_sleep; print(noted_sleep.enqueue({str(notes)!r}, 3).id)",
    ).splitlines()[-1]
    ok &= seconds_until(lambda: notes.exists() and "start" in notes.read_text()) is not None
    worker.kill()  # SIGKILL: no clean-up, the task stays RUNNING
    worker.wait(timeout=10)
    killed_at = time.monotonic()
    report(f"-- Task worker killed mid-task (SIGKILL), task {task_id}")
    named = seconds_until(lambda: "worker" in health(base_url)[1])
    named_after = "never" if named is None else f"{time.monotonic() - killed_at:.1f} s after the kill"
    report(f"worker killed          /healthz named worker {named_after} (silent limit 5 s)")
    worker = start_worker(environment)
    try:
        finished = seconds_until(lambda: "done" in notes.read_text(), seconds=60)
        time.sleep(4)  # long enough for a wrong second requeue to show
        lines = notes.read_text().split()
        starts, dones = lines.count("start"), lines.count("done")
        status = manage_output(
            environment,
            "shell",
            "-c",
            f"from django_tasks_db.models import DBTaskResult; print(DBTaskResult.objects.get(id={task_id!r}).status)",
        ).splitlines()[-1]
        healthy = seconds_until(lambda: "worker" not in health(base_url)[1]) is not None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    right = named is not None and finished is not None and (starts, dones) == (2, 1) and status == "SUCCESSFUL"
    report(
        f"worker restarted       task finished {finished and round(finished, 1)} s after restart; "
        f"starts={starts} (1 killed + 1 rerun) finishes={dones} status={status} "
        f"worker named healthy again: {healthy} {'ok' if right and healthy else 'FAIL'}"
    )
    return ok and right and healthy


def restore_drill(environment, admin_url, database, report) -> bool:
    """Back up the drill library with an uploaded file; restore into a new database and empty media folder."""
    upload = SCRATCH / "media" / "figures" / "drill-figure.png"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(os.urandom(200_000))
    count = "from evidence.models import Article, Study; print(Article.objects.count(), Study.objects.count())"
    before = manage_output(environment, "shell", "-c", count).splitlines()[-1]
    started = time.monotonic()
    backup = manage_output(environment, "backup_library", "--directory", str(SCRATCH / "backups")).splitlines()[-1]
    backed_up = time.monotonic() - started
    restored_media = SCRATCH / "restored-media"
    target = f"{database}_restored"
    scratch_database(admin_url, target, drop=False)
    try:
        elsewhere = environment | {
            "DATABASE_URL": f"postgres://postgres@{LOOPBACK}:5432/{target}",
            "DJANGO_MEDIA_ROOT": str(restored_media),
        }
        started = time.monotonic()
        run([PYTHON, "manage.py", "migrate", "--noinput"], elsewhere)
        run([PYTHON, "manage.py", "restore_library", backup], elsewhere)
        restored = time.monotonic() - started
        after = manage_output(elsewhere, "shell", "-c", count).splitlines()[-1]
    finally:
        scratch_database(admin_url, target, drop=True)
    copy = restored_media / "figures" / "drill-figure.png"
    same_file = copy.exists() and copy.read_bytes() == upload.read_bytes()
    right = before == after and same_file
    report(
        f"restore with media     backup {backed_up:.1f} s, migrate + restore {restored:.1f} s; articles, studies "
        f"{before} -> {after}; uploaded file identical: {same_file} {'ok' if right else 'FAIL'}"
    )
    return right


def drill(base_url, proxy, server, rounds, report) -> bool:
    """The database phases; True when every answer was the right one."""
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
        ok &= storage_drill(base_url, arguments.rounds, report)
        ok &= worker_drill(base_url, environment, report)
        ok &= restore_drill(environment, arguments.admin_url, database, report)
        report(f"overall with storage, worker and restore: {'PASS' if ok else 'FAIL'}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        proxy.stop()
        scratch_database(arguments.admin_url, database, drop=True)
        shutil.rmtree(SCRATCH, ignore_errors=True)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"faults-{datetime.now(UTC):%Y%m%d-%H%M%S}.txt").write_text("\n".join(lines) + "\n")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
