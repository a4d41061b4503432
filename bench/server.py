"""Start the production server (gunicorn with config/gunicorn.conf.py) on loopback for one benchmark phase."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_environment(database_url, **extra):
    """The environment of every process a run starts: benchmark settings on the benchmark database."""
    return os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": database_url} | extra


class Server:
    """gunicorn with N workers on 127.0.0.1, its log in `log_path`; stopped (and only it) on exit."""

    def __init__(self, database_url, *, workers, cache, log_path, redis_url="", response_cache=True):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.environment = bench_environment(
            database_url,
            HOST="127.0.0.1",
            PORT=str(self.port),
            GUNICORN_WORKERS=str(workers),
            GUNICORN_ACCESS_LOG="",  # writing a log line per request would be measured too
            GUNICORN_MAX_REQUESTS="0",  # no worker restarts in the middle of a measurement
            BENCH_CACHE=cache,
            REDIS_URL=redis_url,
            EVIDENCE_RESPONSE_CACHE=str(response_cache),
        )
        self.process = None

    def __enter__(self):
        log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._log = log
        self._wait_until_healthy()
        return self

    def _wait_until_healthy(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"The server stopped while starting; see {self.log_path}.")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise SystemExit(f"The server did not answer /healthz within {seconds} s; see {self.log_path}.")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return False


class PrivateRedis:
    """A throw-away redis-server on a free loopback port (no persistence), or None when Redis is not installed.

    The cached phase uses it so that both workers share one cache, as in production with REDIS_URL.
    """

    def __init__(self, log_path):
        self.log_path = log_path
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def __enter__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            return None
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise SystemExit(f"redis-server did not start; see {self.log_path}.")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        return False
