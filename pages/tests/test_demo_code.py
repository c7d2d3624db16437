"""`manage.py demo_code` prints the demo accounts' current second-factor code (the README's one-liner crashed)."""

import io
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from accounts.sample import DEMO_TOTP_SECRET
from accounts.twofactor import code_for_secret


def test_it_prints_the_code_an_authenticator_app_shows(monkeypatch):
    monkeypatch.setattr("time.time", lambda: 1_800_000_000.0)
    out = io.StringIO()
    call_command("demo_code", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == code_for_secret(DEMO_TOTP_SECRET, at=1_800_000_000.0)


def test_it_runs_from_a_shell_without_configuring_django_first():
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_code"],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=True,
    )
    code = result.stdout.strip()
    assert len(code) == 6 and code.isdigit()
