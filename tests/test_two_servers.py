"""Proof of the scale-out path: nginx on loopback in front of TWO gunicorn app servers on one PostgreSQL and one
Redis, with two task workers. What one server does, the other sees at once; limits are shared and keyed on the real
client address; each e-mail goes out once.

Runs on PostgreSQL only (the production database) and needs nginx and redis-server (``./dev test`` installs them);
skipped otherwise. One test, a few seconds of set-up, so the suite stays quick.
"""

import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bench.cluster import cluster, nginx_available, redis_available, redis_server, site_env
from tests.pgclone import cloned_test_database

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.skipif(not DATABASE_URL.startswith(("postgres://", "postgresql://")), reason="PostgreSQL only"),
    pytest.mark.skipif(not nginx_available(), reason="nginx is not installed (./dev test installs it)"),
    pytest.mark.skipif(not redis_available(), reason="redis-server is not installed (./dev test installs it)"),
]

PASSWORD = "Two-servers-pass-42"
SETUP = """
import json
from django.urls import reverse
from directory.models import Service
from tests.fixtures.accounts import make_staff
from tests.fixtures.finder import PointFactory
point = PointFactory()(46.81, -71.21, name="Centre deux serveurs")
Service.objects.filter(pk=point.service_id).update(assured_date="2025-01-01")
manager = make_staff(organization=point.service.organization, role="manager", email="two@example.org",
                     password="PASSWORD")
print("SETUP " + json.dumps({
    "request_new": reverse("referrals:request_new", args=[point.pk]),
    "service_edit": reverse("referrals:service_edit", args=[point.service_id]),
    "service_point": reverse("finder:service_point", args=[point.pk]),
}))
""".replace("PASSWORD", PASSWORD)


@pytest.fixture
def database_url(django_db_setup, django_db_blocker):
    with cloned_test_database(DATABASE_URL, django_db_blocker, "two") as url:
        yield url


class _Forms(HTMLParser):
    """The fields of each POST form on a page, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.fields: dict[str, str] = {}
        self.in_form = False
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
            self.fields = {}
            self.forms.append(self.fields)
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button"):
                self.fields[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self.select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


def _form(html: str, having: str) -> dict[str, str]:
    """The POST form of the page that has a field named ``having``."""
    parser = _Forms()
    parser.feed(html)
    return next(form for form in parser.forms if having in form)


def _login(session, base: str, address: str, password: str = PASSWORD):
    page = session.get(f"{base}/fr/accounts/login/", headers={"X-Forwarded-For": address})
    fields = _form(page.text, "username") | {"username": "two@example.org", "password": password}
    return session.post(
        f"{base}/fr/accounts/login/", data=fields, headers={"X-Forwarded-For": address}, allow_redirects=False
    )


def _contact(session, base: str, path: str, address: str):
    page = session.get(base + path, headers={"X-Forwarded-For": address})
    fields = _form(page.text, "token") | {
        "name": "Jeanne",
        "phone": "418 555-0199",
        "email": "jeanne@example.net",
        "consent": "on",
        "homepage": "",
    }
    return session.post(base + path, data=fields, headers={"X-Forwarded-For": address}, allow_redirects=False)


def _sql(database_url: str, query: str):
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(query).fetchall()


def test_it_runs_as_two_app_servers_behind_nginx(database_url, tmp_path):
    import requests

    from accounts.sample import DEMO_TOTP_SECRET
    from accounts.twofactor import code_for_secret

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with redis_server() as redis_url:
        env = site_env(
            database_url,
            redis_url,
            EMAIL_URL=f"filemail:///{mail_dir}",
            CONTACT_REQUEST_RATE_LIMIT="3",
            AXES_FAILURE_LIMIT="3",
            SITE_URL="http://127.0.0.1",
        )
        subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity=0"], cwd=ROOT, env=env, check=True)
        out = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", SETUP],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        urls = json.loads(out.split("SETUP ", 1)[1])

        with cluster(env, servers=2, workers_per_server=1, task_workers=2) as site:
            one, two = (server.url for server in site.servers)

            # Requests through nginx reach both servers.
            for _ in range(4):
                assert requests.get(f"{site.url}/fr/", timeout=10).status_code == 200
            upstreams = {line.split()[-3] for line in site.access_log() if '"GET /fr/ ' in line}
            assert upstreams == {one.removeprefix("http://"), two.removeprefix("http://")}
            # The access log keeps no query strings.
            requests.get(f"{site.url}/fr/search/?near=G1R+2L3", timeout=10)
            assert not any("G1R" in line for line in site.access_log())

            # A lockout triggered on one server holds on the other (and through nginx), for that client address.
            attacker = requests.Session()
            for _ in range(2):
                assert _login(attacker, one, "198.51.100.66", "wrong-password").status_code == 200
            assert _login(attacker, one, "198.51.100.66", "wrong-password").status_code == 429  # the third locks
            assert _login(requests.Session(), two, "198.51.100.66").status_code == 429
            assert _login(requests.Session(), site.url, "198.51.100.66").status_code == 429

            # A session created on one server works on the other.
            staff = requests.Session()
            assert _login(staff, one, "198.51.100.10").status_code == 302
            verify = _form(staff.get(f"{one}/fr/accounts/two-factor/").text, "token")
            response = staff.post(
                f"{one}/fr/accounts/two-factor/",
                data=verify | {"token": code_for_secret(DEMO_TOTP_SECRET)},
                allow_redirects=False,
            )
            assert response.status_code == 302
            assert staff.get(f"{two}/fr/portal/", allow_redirects=False).status_code == 200

            # A listing edit through one server is seen at once on the other (no stale cache).
            edit = _form(staff.get(one + urls["service_edit"]).text, "description_fr")
            marker = f"Édité sur le premier serveur {time.time_ns()}"
            edit["description_fr"] = marker
            saved = staff.post(one + urls["service_edit"], data=edit, allow_redirects=False)
            assert saved.status_code == 302, re.findall(r"(?s)<[^>]*error[^>]*>.{0,300}", saved.text)[:5]
            assert marker in requests.get(two + urls["service_point"], timeout=10).text
            assert marker in requests.get(site.url + urls["service_point"], timeout=10).text

            # The contact-form limit is shared by both servers and keyed on the real client address.
            person = requests.Session()
            codes = [_contact(person, site.url, urls["request_new"], "203.0.113.7").status_code for _ in range(4)]
            assert codes == [302, 302, 302, 429]
            assert _contact(person, two, urls["request_new"], "203.0.113.7").status_code == 429
            assert _contact(person, site.url, urls["request_new"], "203.0.113.8").status_code == 302

            # Each e-mail goes out once, with two task workers running.
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                waiting = _sql(database_url, "SELECT count(*) FROM referrals_outgoingmail WHERE status <> 'sent'")
                if waiting[0][0] == 0:
                    break
                time.sleep(0.3)
            rows = _sql(database_url, "SELECT status, attempts FROM referrals_outgoingmail")
            assert len(rows) == 8  # 4 accepted requests, each an acknowledgement and a notice to the manager
            assert all(row == ("sent", 1) for row in rows), rows
            sent = sum(len(re.findall(r"^Message-ID:", path.read_text(), re.M)) for path in mail_dir.iterdir())
            assert sent == len(rows)
