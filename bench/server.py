"""Serve the site with the production server for a bench: gunicorn on a prepared database, on loopback.

    with bench_database("postgres", "load") as url:
        prepare(url, service_points=100_000)
        with serve(url, workers=2) as server:
            ... server.url, server.worker_pids(), server.peak_rss_mb() ...

Used by serve.py (speed against the limit), load_faults.py and lighthouse.py; the browser tests start their
server with the same command and wait (tests/fixtures/browser.py).
"""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.common import PYTHON, ROOT

BENCH_SETTINGS = "bench.settings"


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a bench server and of the commands that prepare its database."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE=BENCH_SETTINGS,
        DEBUG="False",
        PRODUCTION="False",
        LOG_LEVEL="ERROR",
        MAP_TILE_URL="",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def prepare(database_url: str, *, service_points: int = 0, demo: bool = False) -> dict[str, float]:
    """Migrate and load the sample data (demo accounts too when ``demo``), then optionally a generated directory.

    Returns the seconds each step took.
    """
    env = server_env(database_url)
    steps = [("migrate", ["migrate", "--verbosity=0"]), ("createcachetable", ["createcachetable", "--verbosity=0"])]
    steps.append(("load_sample_data", ["load_sample_data", "--verbosity=0"] + ([] if demo else ["--reference-only"])))
    if service_points:
        steps.append(("generate_directory", ["generate_directory", "--service-points", str(service_points)]))
    timings = {}
    for name, args in steps:
        started = time.perf_counter()
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
        timings[name] = time.perf_counter() - started
    return timings


def gunicorn_command(port: int, workers: int = 2) -> list[str]:
    """The production server on a loopback port (sync workers: 2 per 2 cores, as the README recommends)."""
    return [
        PYTHON, "-m", "gunicorn", "trouve.wsgi",
        "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        """The gunicorn workers (children of the master), read from /proc."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def peak_rss_mb(self) -> dict[int, float]:
        """Peak resident memory (VmHWM) of each live worker, in MB."""
        peaks = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks[pid] = int(line.split()[1]) / 1024
        return peaks

    def kill_worker(self) -> int | None:
        """SIGKILL one worker, as a crash would; the master starts a new one."""
        pids = self.worker_pids()
        if not pids:
            return None
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError(f"gunicorn did not start at {url}")
        time.sleep(0.2)


@contextmanager
def serve(database_url: str, *, workers: int = 2, env: dict[str, str] | None = None) -> Iterator[Server]:
    """gunicorn (sync workers, as the README recommends: 2 per 2 cores) on a free loopback port; stopped on exit."""
    port = free_port()
    command = gunicorn_command(port, workers)
    process = subprocess.Popen(command, cwd=ROOT, env={**server_env(database_url), **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield Server(url=url, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
