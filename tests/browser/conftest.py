"""Browser journeys: Playwright driving Debian's Chromium against a real gunicorn server.

The server runs in a subprocess on its own database (a temporary SQLite file, or a dedicated PostgreSQL database when
DATABASE_URL points to PostgreSQL), loaded with `load_sample_data` like a fresh install, so journeys see exactly what a
visitor sees. Any request to a host other than the test server is blocked and fails the test. Each step's screenshot
is saved under test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# The browser tests never touch the ORM in-process, but Playwright's sync API runs an event loop in this thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _e2e_database_url() -> tuple[str, callable]:
    """A fresh database for the server, and a function that removes it."""
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(base)
        name = f"{parts.path.lstrip('/') or 'trouve'}_e2e"
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunsplit(parts._replace(path=f"/{name}")), drop
    folder = tempfile.mkdtemp(prefix="ttx-e2e-")
    return f"sqlite:///{folder}/e2e.sqlite3", lambda: shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def e2e_env() -> Iterator[dict[str, str]]:
    """Environment of the server under test: its own database, tasks run at once, e-mails written to files."""
    url, drop = _e2e_database_url()
    mail_dir = tempfile.mkdtemp(prefix="ttx-mail-")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "False",
        "PRODUCTION": "False",
        "MAP_TILE_URL": "",
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "EMAIL_URL": f"filemail://{mail_dir}",
        "DJANGO_SETTINGS_MODULE": "trouve.settings",
        "SITE_URL": "http://127.0.0.1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["MAIL_DIR"] = mail_dir
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity=0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "load_sample_data", "--verbosity=0"], cwd=ROOT, env=env, check=True)
    yield env
    drop()
    shutil.rmtree(mail_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def site_url(e2e_env) -> Iterator[str]:
    """Base URL of a gunicorn server (2 workers, as the README recommends) serving the sample data."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "trouve.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT,
        env=e2e_env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("the test server did not start") from None
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def manage(e2e_env: dict[str, str], *args: str) -> str:
    """Run a management command against the server's database; returns its standard output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=e2e_env, check=True, capture_output=True, text=True
    )
    return result.stdout


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's Chromium is missing: apt-get install -y chromium (./dev test does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Journey:
    """One browser tab of a journey: navigation relative to the server, screenshots per step, axe checks."""

    def __init__(self, page, base_url: str, name: str):
        self.page = page
        self.base_url = base_url
        self.name = name
        self.step = 0
        self.external_requests: list[str] = []

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def shot(self, label: str) -> Path:
        self.step += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{self.name}-{self.step:02d}-{label}")
        path = ARTIFACTS / f"{safe}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_accessible(self) -> None:
        """axe-core (WCAG 2.2 A/AA rules) finds no violation on the current page."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = results.response["violations"]
        assert not violations, f"{self.page.url}: " + "; ".join(
            f"{v['id']} ({len(v['nodes'])}): {v['help']} — {v['nodes'][0]['target']}" for v in violations
        )


def _journey(browser, site_url: str, request, *, viewport: str, javascript: bool, locale: str = "fr-CA"):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], java_script_enabled=javascript, locale=locale, base_url=site_url
    )
    page = context.new_page()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)
    journey = Journey(page, site_url, name)
    host = urlsplit(site_url).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc == host or route.request.url.startswith(("data:", "blob:")):
            return route.continue_()
        journey.external_requests.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    return context, journey


@pytest.fixture(params=["phone", "desktop"])
def viewport(request) -> str:
    return request.param


@pytest.fixture
def journey(browser, site_url, request, viewport) -> Iterator[Journey]:
    """A JavaScript-enabled tab at phone and desktop sizes."""
    context, journey = _journey(browser, site_url, request, viewport=viewport, javascript=True)
    yield journey
    context.close()
    assert not journey.external_requests, f"pages tried external requests: {journey.external_requests}"


@pytest.fixture
def nojs_journey(browser, site_url, request) -> Iterator[Journey]:
    """A tab with JavaScript off, at phone size: the pages must work without it."""
    context, journey = _journey(browser, site_url, request, viewport="phone", javascript=False)
    yield journey
    context.close()
    assert not journey.external_requests, f"pages tried external requests: {journey.external_requests}"


@pytest.fixture
def journey_factory(browser, site_url, request):
    """Open extra tabs (e.g. a counsellor beside a visitor) with chosen viewport and JavaScript setting."""
    opened = []

    def make(*, viewport: str = "desktop", javascript: bool = True, suffix: str = "") -> Journey:
        context, journey = _journey(browser, site_url, request, viewport=viewport, javascript=javascript)
        journey.name += suffix
        opened.append((context, journey))
        return journey

    yield make
    for context, journey in opened:
        context.close()
        assert not journey.external_requests, f"pages tried external requests: {journey.external_requests}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
