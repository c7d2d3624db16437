"""Several app servers behind nginx on loopback, as deploy/ describes: nginx → N gunicorn servers → one PostgreSQL
and one Redis, plus task workers. Used by tests/test_two_servers.py (the proof) and bench/load_faults.py --proxy.

    with redis_server() as redis_url, cluster(database_url, servers=2, env={...}) as site:
        site.url            # through nginx
        site.servers[0].url # one app server directly
        site.kill_server(0) # SIGKILL a whole app server (master and workers)

nginx includes deploy/nginx/trouve-locations.conf, trouve-proxy.conf and trouve-log.conf, copied where the site
configuration expects them: the proxy settings tested are those deployed.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import PYTHON, ROOT
from bench.server import Server, free_port, gunicorn_command, wait_until_up

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
DEPLOY = ROOT / "deploy" / "nginx"


def nginx_available() -> bool:
    return Path(NGINX).exists()


def redis_available() -> bool:
    return Path(REDIS).exists()


@contextmanager
def redis_server() -> Iterator[str]:
    """A private Redis on a free loopback port, in memory only; its URL (database 0)."""
    port = free_port()
    process = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            import redis

            try:
                redis.Redis(port=port, socket_timeout=1).ping()
                break
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def nginx_config(*, listen: int, upstreams: list[int], prefix: Path) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in upstreams)
    return f"""
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include conf.d/trouve-log.conf;
    access_log {prefix}/access.log trouve;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream trouve_app {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{listen};
        include snippets/trouve-locations.conf;
    }}
}}
"""


@dataclass
class Site:
    url: str
    servers: list[Server]
    env: dict[str, str]
    log_dir: Path
    workers: list[subprocess.Popen] = field(default_factory=list)

    def access_log(self) -> list[str]:
        path = self.log_dir / "access.log"
        return path.read_text().splitlines() if path.exists() else []

    def kill_server(self, index: int) -> None:
        """SIGKILL a whole app server, master and workers, as a machine crash would."""
        server = self.servers[index]
        pids = server.worker_pids()
        with suppress(ProcessLookupError):
            os.kill(server.process.pid, signal.SIGKILL)
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        server.process.wait(timeout=10)


def site_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of every app server and worker of the site: shared database, cache and rate limits."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        CACHE_URL=f"{redis_url}/1",
        REDIS_URL=f"{redis_url}/2",
        TRUSTED_PROXIES="127.0.0.1",
        DEBUG="False",
        PRODUCTION="False",
        LOG_LEVEL="ERROR",
        MAP_TILE_URL="",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="trouve.settings",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(extra)
    return env


@contextmanager
def cluster(
    env: dict[str, str], *, servers: int = 2, workers_per_server: int = 2, task_workers: int = 0
) -> Iterator[Site]:
    """nginx on a free loopback port in front of ``servers`` gunicorn servers (and ``task_workers`` db_workers)."""
    log_dir = Path(tempfile.mkdtemp(prefix="ttx-nginx-"))
    processes: list[subprocess.Popen] = []
    started: list[Server] = []
    try:
        for _ in range(servers):
            port = free_port()
            process = subprocess.Popen(gunicorn_command(port, workers_per_server), cwd=ROOT, env=env)
            processes.append(process)
            started.append(Server(url=f"http://127.0.0.1:{port}", process=process))
        for server in started:
            wait_until_up(server.url, server.process, timeout=60)
        listen = free_port()
        upstreams = [int(server.url.rsplit(":", 1)[1]) for server in started]
        # The deployed files, at the paths the site configuration includes them from.
        for folder, name in (("conf.d", "trouve-log.conf"), ("snippets", "trouve-proxy.conf"),
                             ("snippets", "trouve-locations.conf")):  # fmt: skip
            (log_dir / folder).mkdir(exist_ok=True)
            shutil.copy(DEPLOY / name, log_dir / folder / name)
        config = log_dir / "nginx.conf"
        config.write_text(nginx_config(listen=listen, upstreams=upstreams, prefix=log_dir))
        nginx = subprocess.Popen([NGINX, "-c", str(config), "-p", str(log_dir), "-e", str(log_dir / "error.log")])
        processes.append(nginx)
        site = Site(url=f"http://127.0.0.1:{listen}", servers=started, env=env, log_dir=log_dir)
        try:
            wait_until_up(site.url, nginx, timeout=15)
        except RuntimeError:
            raise RuntimeError(f"nginx did not start: {(log_dir / 'error.log').read_text()}") from None
        for _ in range(task_workers):
            command = [PYTHON, "manage.py", "db_worker", "--verbosity=0", "--interval", "0.2", "--no-startup-delay"]
            worker = subprocess.Popen(command, cwd=ROOT, env=env)
            processes.append(worker)
            site.workers.append(worker)
        yield site
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(log_dir, ignore_errors=True)
