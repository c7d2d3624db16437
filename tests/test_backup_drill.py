"""The backup drill (deploy/backup_drill.py), run for real: a database with a generated directory, contact requests
and time records is dumped with pg_dump, restored into a new database, served by an app server, and every table's
row count compared. PostgreSQL only (the production database); skipped on SQLite."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pgclone import cloned_test_database

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.skipif(not DATABASE_URL.startswith(("postgres://", "postgresql://")), reason="PostgreSQL only"),
    pytest.mark.skipif(not shutil.which("pg_dump") or not shutil.which("pg_restore"), reason="no pg_dump"),
]

GENERATE = """
import datetime
from tests.fixtures.finder import PointFactory
from tests.fixtures.funding import make_record, make_staff
from tests.fixtures.referrals import make_request
factory = PointFactory()
points = [factory(46.8 + n / 100, -71.2 - n / 100) for n in range(20)]
for n in range(60):
    make_request(points[n % 20], name=f"Personne {n}")
for point in points[:5]:
    organization = point.service.organization
    staff = make_staff(organization)
    for day in range(1, 21):
        make_record(organization, staff, datetime.date(2026, 3, day), 30 + day)
print("generated")
"""


def test_it_restores_a_dump_that_serves_with_the_same_counts(django_db_setup, django_db_blocker):
    with cloned_test_database(DATABASE_URL, django_db_blocker, "backup") as url:
        server, name = url.rsplit("/", 1)
        env = dict(os.environ, DATABASE_URL=url, DEBUG="False", PRODUCTION="False", LOG_LEVEL="ERROR")
        # The copy of the test database is migrated already; a directory, requests and time records are generated.
        subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity=0"], cwd=ROOT, env=env, check=True)
        generated = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", GENERATE],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        assert "generated" in generated.stdout
        drill = subprocess.run(
            [sys.executable, str(ROOT / "deploy" / "backup_drill.py"), server, name],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert drill.returncode == 0, drill.stdout + drill.stderr
        assert "every count equal" in drill.stdout
        assert "referrals_contactrequest 60" in drill.stdout
        assert "funding_timerecord 100" in drill.stdout
        assert "GET /fr/ → 200" in drill.stdout


def test_it_reports_a_copy_that_differs():
    """The comparison can fail: a restored copy missing rows, or a table, is reported (the drill then exits 1)."""
    sys.path.insert(0, str(ROOT / "deploy"))
    import backup_drill

    assert backup_drill.counts_differ({"a": 1}, {"a": 1}) == {}
    assert backup_drill.counts_differ({"a": 60}, {"a": 59}) == {"a": (60, 59)}
    assert backup_drill.counts_differ({"a": 1, "b": 2}, {"a": 1}) == {"b": (2, None)}
