"""Security headers on every kind of response, production settings that pass `check --deploy`, and lint rules.

The headers come from settings (SECURE_CSP, X_FRAME_OPTIONS…) and lib/headers.py; these tests pin them so that a
new page, an error page or the API cannot ship without them.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

ROOT = Path(__file__).resolve().parent.parent


def results_url() -> str:
    for name in ("finder:results", "finder:search"):
        try:
            return reverse(name) + "?near=H2X+1Y4"
        except NoReverseMatch:
            continue
    raise AssertionError("no finder results URL")


PAGES = {
    "home": lambda: "/fr/",
    "home in English": lambda: "/en/",
    "results": results_url,
    "API search": lambda: "/api/v1/search?near=H2X1Y4",
    "API error": lambda: "/api/v1/search?near=%3Cscript%3E",
    "API unknown path": lambda: "/api/v1/nowhere",
    "OpenAPI schema": lambda: "/api/v1/openapi.json",
    "API docs": lambda: "/api/v1/docs",
    "page not found": lambda: "/fr/this-page-does-not-exist/",
    "admin login": lambda: "/fr/admin/login/",
}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.fixture(params=sorted(PAGES))
def response(request, client, reference_data, db):
    return client.get(PAGES[request.param]())


def test_it_sends_a_strict_content_security_policy(response):
    header = response.headers.get("Content-Security-Policy", "")
    directives = csp_directives(header)
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert directives.get("default-src") == ["'self'"]
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("object-src") == ["'none'"]


def test_it_denies_framing_and_sniffing(response):
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


def test_it_sends_referrer_and_permissions_policies(response):
    assert response.headers.get("Referrer-Policy") == "same-origin"
    permissions = response.headers.get("Permissions-Policy", "")
    assert "camera=()" in permissions
    assert "microphone=()" in permissions


def test_it_never_answers_a_server_error(response):
    assert response.status_code < 500


@pytest.mark.parametrize("path", ["/fr/", "/api/v1/regions", "/fr/admin/login/"])
def test_it_sends_hsts_over_https_with_production_settings(client, settings, db, reference_data, path):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(path, secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_it_redirects_plain_http_to_https_with_production_settings(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/fr/")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def production_environment(tmp_path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        PRODUCTION="True",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.db'}",
        DJANGO_SETTINGS_MODULE="trouve.settings",
    )
    return env


def test_it_passes_the_deployment_checklist_with_production_settings(tmp_path):
    result = subprocess.run(  # noqa: S603 (fixed arguments, no user input)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "?: (security." not in output, output
    assert "System check identified no issues" in output


def test_it_refuses_a_short_secret_key_in_production(tmp_path):
    env = production_environment(tmp_path) | {"SECRET_KEY": "short"}
    result = subprocess.run(  # noqa: S603 (fixed arguments, no user input)
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_keeps_ruff_security_rules_clean():
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(  # noqa: S603 (fixed arguments, no user input)
        [str(ruff), "check", "--output-format", "concise", "--no-fix", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # pyproject.toml selects the S (bandit) rules with a few justified ignores; other rules have their own gate.
    security = [line for line in result.stdout.splitlines() if re.search(r":\d+:\d+: S\d{3} ", line)]
    assert security == [], "\n".join(security)
    assert "error:" not in result.stderr, result.stderr
