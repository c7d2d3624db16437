"""Load and faults: many clients search and send contact requests while a worker is killed and PostgreSQL restarts.

    .venv/bin/python bench/load_faults.py [--clients 100] [--duration 60] [--postgres-fault restart]
    .venv/bin/python bench/load_faults.py --clients 20 --duration 20          # quick check, under 2 minutes

A throw-away PostgreSQL database gets the sample directory (bench.server.prepare) and gunicorn serves it with
bench.settings (2 sync workers; the contact-request rate limit is raised there, since every client shares one
loopback address). N client threads (stdlib http.client, one connection per request) loop for D seconds over:

- searches, alternately the finder's HTML results page (``/fr/search/?where=…``) and ``/api/v1/search?near=…``, over
  varied real postal codes, FSAs and municipality names (bench/search.py's ``query_list``);
- every few searches, a contact request as a browser sends it: GET the form of an active service point
  (``/fr/portal/request/<id>/``: CSRF cookie and token, hidden idempotency token), POST it with the consent box ticked
  and the honeypot empty, follow the redirect and read the reference (TTX-…) on the acknowledgement page. A POST that
  fails (connection error or 5xx) is sent again with the same token, as a person pressing the button again would.

Faults: at a third of the run one gunicorn worker gets SIGKILL (its master starts another); at two thirds PostgreSQL
restarts once (``pg_ctlcluster <version> <cluster> restart``, else ``service postgresql restart``; ``--postgres-fault
terminate`` only cuts the bench database's connections, ``none`` skips it). PostgreSQL is checked to be up again at
the end whatever happens.

Prints Markdown: requests and latency per kind, errors by kind inside and outside the fault windows, time to recover
after each fault, and the verification read straight from the database with psycopg: every acknowledged reference is
stored (lost must be 0) and no token was stored twice or answered with two references. Targets (issue 5): zero lost,
zero 5xx outside the restart window, recovery under 5 s. Exit status 0 unless the bench itself failed.

Other projects' tests use the same PostgreSQL: before restarting it, the bench waits up to ``--restart-wait`` seconds
for a moment when nobody else is connected (the load goes on, and lasts that much longer), then restarts anyway and
says how many other connections it cut.

Bounded: the clients stop at the deadline, the main thread gives up after duration + restart wait + timeout + margin,
and the server and the database are removed on exit (Ctrl-C and SIGTERM included).
"""

import argparse
import html
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from http.client import BadStatusLine, HTTPConnection, HTTPException, IncompleteRead
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    DEFAULT_POSTGRES,
    PYTHON,
    RESULT_PREFIX,
    ROOT,
    bench_database,
    emit,
    markdown_table,
    percentile,
    postgres_available,
)
from bench.server import Server, prepare, serve, server_env  # noqa: E402

SEED = 20261128
KINDS = ["page", "api", "form", "submit", "ack"]
KIND_LABELS = {
    "page": "results page (HTML)",
    "api": "/api/v1/search",
    "form": "contact form (GET)",
    "submit": "contact request (POST)",
    "ack": "acknowledgement page",
}
# What a healthy answer is for each kind: anything else is an error of the kind "unexpected".
EXPECTED_STATUS = {"page": 200, "api": 200, "form": 200, "submit": 302, "ack": 200}
ERROR_KINDS = ["5xx", "4xx", "refused", "reset", "timeout", "unexpected", "other"]
TARGET_RECOVERY_S = 5.0
BIN_S = 0.5
RATE_BACK = 0.95  # a fault is over when every half second after it serves at least this share successfully
THROUGHPUT_BACK = 0.8  # and, for information, when a second serves this share of the successes per second before it
REFERENCE = re.compile(r'id="reference">\s*(TTX-[0-9A-Z]{4}-[0-9A-Z]{4})\s*<')
INPUT_TAG = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)\s*=\s*"([^"]*)"')


# --- Pure helpers (tests/bench_load_faults/) ------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One HTTP request as a client saw it; times in seconds since the load started."""

    started: float
    ended: float
    kind: str
    outcome: str  # "ok" or one of ERROR_KINDS
    status: int = 0
    reference: str = ""

    @property
    def latency(self) -> float:
        return self.ended - self.started


def status_outcome(kind: str, status: int) -> str:
    """ "ok" for the answer a healthy site gives to this kind of request, else the error kind."""
    if status >= 500:
        return "5xx"
    if status >= 400:
        return "4xx"
    return "ok" if status == EXPECTED_STATUS[kind] else "unexpected"


def error_outcome(error: BaseException) -> str:
    """The error kind of a request that got no HTTP answer."""
    if isinstance(error, ConnectionRefusedError):
        return "refused"
    if isinstance(error, TimeoutError):
        return "timeout"
    if isinstance(error, ConnectionError | BadStatusLine | IncompleteRead):
        return "reset"  # RemoteDisconnected is both a ConnectionResetError and a BadStatusLine
    return "other"


def hidden_inputs(page: str) -> dict[str, str]:
    """name → value of the form's hidden inputs (the CSRF token and the idempotency token)."""
    fields = {}
    for tag in INPUT_TAG.findall(page):
        attributes = {name.lower(): html.unescape(value) for name, value in ATTRIBUTE.findall(tag)}
        if attributes.get("type", "").lower() == "hidden" and "name" in attributes:
            fields[attributes["name"]] = attributes.get("value", "")
    return fields


def acknowledged_reference(page: str) -> str:
    """The reference number shown on the acknowledgement page, or ""."""
    match = REFERENCE.search(page)
    return match.group(1) if match else ""


def cookies_from(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The cookies a response sets (name → value)."""
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            parsed = SimpleCookie()
            parsed.load(value)
            jar.update({key: morsel.value for key, morsel in parsed.items()})
    return jar


def overlaps(record: Record, window: tuple[float, float] | None) -> bool:
    """Whether the request was in flight at some moment of the window."""
    return window is not None and record.started <= window[1] and record.ended >= window[0]


def first_success_after(records: list[Record], kind: str, instant: float) -> float:
    """Seconds from ``instant`` to the end of the first successful request of ``kind`` sent after it (NaN: none)."""
    ends = [r.ended for r in records if r.kind == kind and r.outcome == "ok" and r.started >= instant]
    return min(ends) - instant if ends else math.nan


def success_back_after(records: list[Record], instant: float, until: float, bin_s: float = BIN_S) -> float:
    """Seconds from ``instant`` until every ``bin_s`` slice before ``until`` serves at least RATE_BACK successfully.

    Requests count in the slice where they end (those ending at ``until`` or later belong to the next phase); a
    slice where nothing ends is not recovered. NaN: never.
    """
    slices = max(1, math.floor((until - instant) / bin_s))
    ok, total = [0] * slices, [0] * slices
    for record in records:
        index = math.floor((record.ended - instant) / bin_s)
        if 0 <= index < slices and record.ended < until:
            total[index] += 1
            ok[index] += record.outcome == "ok"
    recovered_from = slices
    for index in range(slices - 1, -1, -1):
        if total[index] == 0 or ok[index] / total[index] < RATE_BACK:
            break
        recovered_from = index
    return recovered_from * bin_s if recovered_from < slices else math.nan


def throughput_back_after(records: list[Record], instant: float, until: float, *, before: float = 5.0) -> float:
    """Seconds from ``instant`` until the successes of the last second reach THROUGHPUT_BACK of the rate before it.

    The rate before is the successes per second over the ``before`` seconds preceding the fault. NaN: never.
    """
    ends = sorted(r.ended for r in records if r.outcome == "ok")
    prior = sum(1 for end in ends if instant - before <= end < instant) / before
    if prior == 0:
        return math.nan
    moment = instant + 1.0
    while moment <= until:
        if sum(1 for end in ends if moment - 1.0 <= end < moment) >= THROUGHPUT_BACK * prior:
            return moment - instant
        moment += BIN_S / 5
    return math.nan


def timeline(records: list[Record], instant: float, before: float, after: float, bin_s: float = BIN_S) -> list[list]:
    """Rows (slice start relative to ``instant``, ok, errors by kind) of the requests ending around a fault."""
    slices = round((before + after) / bin_s)
    rows = []
    for index in range(slices):
        start = instant - before + index * bin_s
        ending = [r for r in records if start <= r.ended < start + bin_s]
        errors = Counter(r.outcome for r in ending if r.outcome != "ok")
        rows.append([f"{start - instant:+.1f}", sum(r.outcome == "ok" for r in ending),
                     " ".join(f"{kind}×{n}" for kind, n in sorted(errors.items())) or "—"])  # fmt: skip
    return rows


def cluster_command(pg_lsclusters_output: str, port: int, action: str) -> list[str] | None:
    """``pg_ctlcluster <version> <cluster> <action>`` for the cluster listening on ``port`` (pg_lsclusters lines)."""
    for line in pg_lsclusters_output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[2] == str(port) and parts[0][0].isdigit():
            return ["pg_ctlcluster", parts[0], parts[1], action]
    return None


# --- Worker: reads the URLs to load from the prepared database (bench.settings) -------------------------------------


def worker(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from bench.search import query_list
    from directory.models import ServiceAtLocation

    queries = query_list(args.paths)
    points = list(ServiceAtLocation.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    emit({"queries": queries, "points": points})


def load_targets(database_url: str, paths: int) -> dict:
    command = [PYTHON, str(Path(__file__)), "--worker", "--paths", str(paths)]
    completed = subprocess.run(
        command, cwd=ROOT, env=server_env(database_url), capture_output=True, text=True, timeout=300
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if completed.returncode != 0 or not lines:
        tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-15:])
        raise RuntimeError(f"load_faults.py worker failed:\n{tail}")
    return json.loads(lines[-1].removeprefix(RESULT_PREFIX))


# --- Clients ---------------------------------------------------------------------------------------------------------


@dataclass
class Submission:
    """One contact form filled in: its idempotency token and what the client saw for it."""

    token: str
    point: int
    attempts: int = 0
    redirected_to: set[str] = field(default_factory=set)  # references in the POST's Location
    acknowledged: str = ""  # the reference shown on the acknowledgement page


@dataclass
class Load:
    host: str
    port: int
    started: float
    stop_at: float
    timeout: float
    forwarded: bool = False
    records: list[Record] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def now(self) -> float:
        return time.perf_counter() - self.started

    def running(self) -> bool:
        return not self.stop.is_set() and self.now() < self.stop_at


class Client:
    """One simulated person: a cookie jar and a loop of searches and contact requests."""

    def __init__(self, load: Load, number: int, targets: dict, searches_per_contact: int) -> None:
        self.load, self.number = load, number
        self.rng = random.Random(SEED + number)
        self.queries, self.points = targets["queries"], targets["points"]
        self.searches_per_contact = searches_per_contact
        self.cookies: dict[str, str] = {}

    def call(self, kind: str, method: str, path: str, body: str | None = None) -> tuple[int, dict, str] | None:
        """Send one request on a new connection and record it; None when no HTTP answer came back."""
        headers = {"User-Agent": f"load-faults/{self.number}"}
        if self.load.forwarded:
            # Behind nginx each simulated person has an address of their own, as on the public site; the app reads it
            # from X-Forwarded-For (TRUSTED_PROXIES=127.0.0.1 stands for a load balancer in front of nginx).
            headers["X-Forwarded-For"] = f"198.18.{self.number // 250}.{self.number % 250 + 1}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = self.load.now()
        connection = HTTPConnection(self.load.host, self.load.port, timeout=self.load.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            status, response_headers = response.status, response.getheaders()
        except (OSError, HTTPException) as error:
            self.load.records.append(Record(started, self.load.now(), kind, error_outcome(error)))
            return None
        finally:
            connection.close()
        self.cookies.update(cookies_from(response_headers))
        reference = acknowledged_reference(text) if kind == "ack" else ""
        outcome = status_outcome(kind, status)
        if kind == "ack" and outcome == "ok" and not reference:
            outcome = "unexpected"
        self.load.records.append(Record(started, self.load.now(), kind, outcome, status, reference))
        return status, dict((name.lower(), value) for name, value in response_headers), text

    def search(self, index: int) -> None:
        query = self.rng.choice(self.queries)
        if index % 2:
            self.call("page", "GET", "/fr/search/?" + urllib.parse.urlencode({"where": query["near"]}))
        else:
            self.call("api", "GET", "/api/v1/search?" + urllib.parse.urlencode(query))

    def contact(self) -> None:
        """Fill in a contact form, send it (again, on failure, with the same token) and read the acknowledgement."""
        point = self.rng.choice(self.points)
        answer = self.call("form", "GET", f"/fr/portal/request/{point}/")
        if answer is None or answer[0] != 200:
            return
        hidden = hidden_inputs(answer[2])
        if "token" not in hidden or "csrfmiddlewaretoken" not in hidden:
            return
        submission = Submission(token=hidden["token"], point=point)
        self.load.submissions.append(submission)
        fields = {
            "csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"],
            "token": submission.token,
            "name": f"Client {self.number}",
            "phone": "418 555-0123",
            "email": f"client{self.number}@example.test" if self.number % 2 else "",
            "preferred_language": "fr",
            "availability": "En semaine",
            "message": "Demande envoyée par le banc d'essai de charge.",
            "consent": "on",
            "homepage": "",
        }
        body = urllib.parse.urlencode(fields)
        location = ""
        for attempt in range(3):
            if attempt:
                time.sleep(0.5 * attempt)
                if not self.load.running():
                    return
            submission.attempts += 1
            answer = self.call("submit", "POST", f"/fr/portal/request/{point}/", body)
            if answer is not None and answer[0] < 500:
                location = answer[1].get("location", "") if answer[0] == 302 else ""
                break
        path = urllib.parse.urlsplit(location).path
        match = re.search(r"/(TTX-[0-9A-Z]{4}-[0-9A-Z]{4})/$", path)
        if not match:
            return
        submission.redirected_to.add(match.group(1))
        for attempt in range(2):  # the person reloads the acknowledgement once if it failed
            if attempt:
                time.sleep(0.5)
            answer = self.call("ack", "GET", path)
            reference = acknowledged_reference(answer[2]) if answer is not None and answer[0] == 200 else ""
            if reference:
                submission.acknowledged = reference
                return

    def run(self) -> None:
        index = self.rng.randrange(self.searches_per_contact)
        while self.load.running():
            index += 1
            if index % (self.searches_per_contact + 1) == 0:
                self.contact()
            else:
                self.search(index)


# --- Faults ----------------------------------------------------------------------------------------------------------


@dataclass
class Fault:
    name: str
    at: float  # seconds since the load started
    until: float = math.nan  # end of the fault window (worker replaced, PostgreSQL accepting connections again)
    detail: str = ""

    @property
    def window(self) -> tuple[float, float]:
        return (self.at, self.until if not math.isnan(self.until) else self.at)


def kill_worker(server: Server, load: Load, workers: int) -> Fault:
    """SIGKILL one gunicorn worker; the window lasts until the master has a full set of workers again."""
    before = set(server.worker_pids())
    fault = Fault("worker SIGKILL", load.now())
    pid = server.kill_worker()
    if pid is None:
        fault.detail = "no worker found"
        return fault
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        pids = set(server.worker_pids())
        if len(pids) >= workers and pids - before:
            fault.until = load.now()
            break
        time.sleep(0.02)
    replaced = "" if math.isnan(fault.until) else f"; replaced by pid {', '.join(map(str, sorted(pids - before)))}"
    fault.detail = f"pid {pid}{replaced}"
    return fault


def kill_server(site, load: Load) -> Fault:
    """SIGKILL a whole app server (master and workers) behind nginx; it stays down. The window is the moment of the
    kill: requests in flight on it then are the ones it can fail (nginx passes later ones to the other server)."""
    fault = Fault("app server SIGKILL", load.now())
    site.kill_server(0)
    fault.until = load.now()
    fault.detail = f"{site.servers[0].url} (master and workers) killed; {len(site.servers) - 1} server(s) left"
    return fault


def server_port(postgres_url: str) -> int:
    return urllib.parse.urlsplit(postgres_url).port or 5432


def postgres_control(postgres_url: str, action: str) -> list[str] | None:
    """How to ``restart``/``start`` the local PostgreSQL listening on the URL's port (Debian tools, else service)."""
    if shutil.which("pg_lsclusters") and shutil.which("pg_ctlcluster"):
        listed = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, timeout=30)
        command = cluster_command(listed.stdout, server_port(postgres_url), action)
        if command:
            return command
    if shutil.which("service"):
        return ["service", "postgresql", action]
    return None


def run_to_completion(command: list[str], timeout: float = 120) -> int | None:
    """Run a PostgreSQL control command to its end, even through Ctrl-C: never leave it half-way (stopped).

    Its own session keeps the terminal's SIGINT away from it; an interrupt while it runs is re-raised afterwards.
    """
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    interrupted = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            returncode = process.wait(timeout=max(0.1, deadline - time.monotonic()))
            break
        except subprocess.TimeoutExpired:
            continue
        except KeyboardInterrupt as error:
            interrupted = error
    else:
        returncode = None
    if interrupted is not None:
        raise interrupted
    return returncode


def wait_for_postgres(postgres_url: str, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if postgres_available(postgres_url):
            return True
        time.sleep(0.05)
    return False


def other_connections(postgres_url: str, database_url: str) -> int:
    """Client connections to PostgreSQL that are not the bench's (the restart cuts them too)."""
    import psycopg

    database = urllib.parse.urlsplit(database_url).path.lstrip("/")
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
        " AND pid <> pg_backend_pid() AND datname IS DISTINCT FROM %s"
    )
    with psycopg.connect(f"{postgres_url}/postgres", connect_timeout=3) as connection:
        return connection.execute(query, (database,)).fetchone()[0]


def wait_until_alone(postgres_url: str, database_url: str, timeout: float) -> float:
    """Wait up to ``timeout`` s for a moment when nobody else is connected to PostgreSQL; returns the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout and other_connections(postgres_url, database_url):
        time.sleep(0.2)
    return time.perf_counter() - started


def postgres_fault(mode: str, postgres_url: str, database_url: str, load: Load) -> Fault:
    """Restart PostgreSQL (or cut the bench database's connections); the window lasts until it accepts them again."""
    import psycopg

    if mode == "terminate":
        database = urllib.parse.urlsplit(database_url).path.lstrip("/")
        fault = Fault("PostgreSQL connections terminated", load.now())
        with psycopg.connect(f"{postgres_url}/postgres", autocommit=True) as connection:
            cut = connection.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            ).fetchone()[0]
        fault.until = load.now()
        fault.detail = f"{cut} backends of the bench database terminated"
        return fault
    command = postgres_control(postgres_url, "restart")
    if command is None:
        return Fault("PostgreSQL restart", load.now(), detail="no way to restart PostgreSQL found: skipped")
    others = other_connections(postgres_url, database_url)  # the restart cuts their connections too
    fault = Fault("PostgreSQL restart", load.now())
    watch = threading.Event()
    seen: dict[str, float] = {}
    watcher = threading.Thread(target=watch_postgres, args=(postgres_url, load, watch, seen), daemon=True)
    watcher.start()
    try:
        returncode = run_to_completion(command)
        command_done = load.now()
        up = wait_for_postgres(postgres_url, 60)
    finally:
        watch.set()
        watcher.join(timeout=5)
    # The window: from the restart command until PostgreSQL accepts connections again (as the watcher saw it).
    fault.until = seen.get("up", load.now())
    down = f"refused connections from +{seen['down'] - fault.at:.2f} s" if "down" in seen else "never seen down"
    fault.detail = (
        f"`{' '.join(command)}` exit {returncode}, returned after {command_done - fault.at:.2f} s; {down},"
        f" accepting them again {'after ' + format(fault.until - fault.at, '.2f') + ' s' if up else 'NEVER'};"
        f" {others} other client connection(s) were open"
    )
    return fault


def watch_postgres(postgres_url: str, load: Load, stop: threading.Event, seen: dict[str, float]) -> None:
    """Try a connection every 50 ms: note when PostgreSQL first refuses one, then when it accepts one again."""
    deadline = time.perf_counter() + 180
    while time.perf_counter() < deadline and (not stop.is_set() or "down" in seen):
        available = postgres_available(postgres_url)
        if not available and "down" not in seen:
            seen["down"] = load.now()
        elif available and "down" in seen:
            seen["up"] = load.now()
            return
        if stop.is_set() and "down" not in seen:
            return
        time.sleep(0.05)


def ensure_postgres(postgres_url: str, notes: list[str]) -> None:
    """Whatever happened, leave PostgreSQL running: wait for it, start it if it stays down."""
    if wait_for_postgres(postgres_url, 30):
        return
    command = postgres_control(postgres_url, "start")
    if command:
        run_to_completion(command)
    up = wait_for_postgres(postgres_url, 60)
    notes.append(f"PostgreSQL was down after the run; `{' '.join(command or [])}` → {'up' if up else 'STILL DOWN'}.")


# --- Verification ----------------------------------------------------------------------------------------------------


def verify(database_url: str, submissions: list[Submission]) -> dict:
    """Compare what the clients were told with what the database holds, read with psycopg."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=10) as connection:
        rows = connection.execute("SELECT idempotency_key, reference FROM referrals_contactrequest").fetchall()
        twice = connection.execute(
            "SELECT count(*) FROM (SELECT idempotency_key FROM referrals_contactrequest"
            " GROUP BY idempotency_key HAVING count(*) > 1) AS repeated"
        ).fetchone()[0]
    stored_by_token = dict(rows)
    stored_references = {reference: token for token, reference in rows}
    acknowledged = [s for s in submissions if s.acknowledged]
    redirected = [s for s in submissions if s.redirected_to]
    lost = [s.acknowledged for s in acknowledged if stored_references.get(s.acknowledged) != s.token]
    lost_redirected = [r for s in redirected for r in s.redirected_to if stored_references.get(r) != s.token]
    return {
        "submissions": len(submissions),
        "acknowledged": len(acknowledged),
        "redirected": len(redirected),
        "lost": lost,
        "lost_redirected": lost_redirected,
        "stored": sum(s.token in stored_by_token for s in submissions),
        "stored_unacknowledged": sum(s.token in stored_by_token and not s.acknowledged for s in submissions),
        "neither": sum(s.token not in stored_by_token and not s.redirected_to for s in submissions),
        "retried": sum(s.attempts > 1 for s in submissions),
        "retried_acknowledged": sum(s.attempts > 1 and bool(s.acknowledged) for s in submissions),
        "two_references": sum(
            len(s.redirected_to | ({s.acknowledged} if s.acknowledged else set())) > 1 for s in submissions
        ),  # fmt: skip
        "stored_twice": twice,
        "rows": len(rows),
    }


# --- Report ----------------------------------------------------------------------------------------------------------


def phase_of(record: Record, faults: list[Fault]) -> str:
    """Which column an error goes in: in flight during a fault window, else outside."""
    for fault in faults:
        if overlaps(record, fault.window):
            return fault.name
    return "outside"


def report(args: argparse.Namespace, load: Load, faults: list[Fault], checked: dict, notes: list[str]) -> None:
    records = sorted(load.records, key=lambda r: r.ended)
    elapsed = max((r.ended for r in records), default=0.0) or 1.0
    ms = 1000.0
    print("## Load and faults: searches and contact requests while a worker dies and PostgreSQL restarts\n")
    print(
        f"{args.clients} client threads for {load.stop_at:.0f} s against gunicorn ({args.workers} sync workers,"
        " bench.settings) on a PostgreSQL database with the sample directory; each client searches (results page and"
        f" API in turn) and sends a contact request every {args.searches_per_contact} searches. Targets (issue 5):"
        f" zero acknowledged request lost, zero 5xx outside the restart window, recovery under {TARGET_RECOVERY_S:g} s."
        " Latencies are those of the successful answers.\n"
    )
    rows = []
    for kind in KINDS:
        mine = [r for r in records if r.kind == kind]
        ok = [r.latency for r in mine if r.outcome == "ok"]
        rows.append([KIND_LABELS[kind], len(mine), len(ok), len(mine) - len(ok), len(ok) / elapsed,
                     percentile(ok, 0.5) * ms, percentile(ok, 0.95) * ms])  # fmt: skip
    ok_all = [r.latency for r in records if r.outcome == "ok"]
    rows.append(["**all**", len(records), len(ok_all), len(records) - len(ok_all), len(ok_all) / elapsed,
                 percentile(ok_all, 0.5) * ms, percentile(ok_all, 0.95) * ms])  # fmt: skip
    print(markdown_table(["request", "sent", "served", "failed", "served/s", "p50 ms", "p95 ms"], rows))

    print("\n### Errors by kind, by when the request was in flight\n")
    columns = [fault.name for fault in faults] + ["outside"]
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for record in records:
        if record.outcome != "ok":
            counts[(record.outcome, record.kind)][phase_of(record, faults)] += 1
    error_rows = [[outcome, KIND_LABELS[kind], *(counts[(outcome, kind)][column] for column in columns)]
                  for outcome in ERROR_KINDS for kind in KINDS if counts[(outcome, kind)]]  # fmt: skip
    if error_rows:
        print(markdown_table(["error", "request", *(f"during {c}" for c in columns[:-1]), "outside"], error_rows))
    else:
        print("No error at all.")
    statuses = Counter(r.status for r in records if r.outcome in ("5xx", "4xx", "unexpected"))
    if statuses:
        print("\nHTTP statuses of those: " + ", ".join(f"{code}×{n}" for code, n in sorted(statuses.items())) + ".")

    print("\n### Recovery after each fault (seconds from the fault)\n")
    fault_rows = []
    for index, fault in enumerate(faults):
        until = faults[index + 1].at if index + 1 < len(faults) else elapsed
        firsts = [first_success_after(records, kind, fault.at) for kind in KINDS]
        back = success_back_after(records, fault.at, until)
        throughput = throughput_back_after(records, fault.at, until)
        fault_rows.append([fault.name, f"{fault.at:.1f}", fault.window[1] - fault.window[0], *firsts, back,
                           throughput, fault.detail])  # fmt: skip
    headers = ["fault", "at s", "window s", *(f"first {kind} ok" for kind in KINDS)]
    headers += [f"success ≥ {RATE_BACK:.0%} from", f"served/s ≥ {THROUGHPUT_BACK:.0%} of before at", "detail"]
    print(markdown_table(headers, fault_rows))
    for fault in faults:
        print(f"\n<details><summary>Around the {fault.name} (requests ending per {BIN_S:g} s)</summary>\n")
        print(markdown_table(["s from fault", "ok", "errors"], timeline(records, fault.at, 1.0, 6.0)))
        print("\n</details>")

    print("\n### Verification in the database (psycopg, after the run)\n")
    verification = [
        ["contact forms submitted (distinct tokens)", checked["submissions"]],
        ["acknowledged with a reference (acknowledgement page shown)", checked["acknowledged"]],
        ["redirected to an acknowledgement (reference in Location)", checked["redirected"]],
        ["**acknowledged but not in the database (lost)**", len(checked["lost"])],
        ["redirected but not in the database", len(checked["lost_redirected"])],
        ["stored but never acknowledged to the client", checked["stored_unacknowledged"]],
        ["neither stored nor acknowledged (the person saw an error)", checked["neither"]],
        ["sent more than once with the same token", checked["retried"]],
        ["… of which acknowledged in the end", checked["retried_acknowledged"]],
        ["tokens answered with two different references", checked["two_references"]],
        ["tokens stored twice", checked["stored_twice"]],
        ["contact requests in the database", checked["rows"]],
    ]
    print(markdown_table(["check", "count"], verification))

    outside_5xx = sum(1 for r in records if r.outcome == "5xx" and not overlaps(r, restart_window(faults)))
    recoveries = [success_back_after(records, f.at, faults[i + 1].at if i + 1 < len(faults) else elapsed)
                  for i, f in enumerate(faults)]  # fmt: skip
    worst = max(recoveries, default=math.nan)
    print("\n### Verdict\n")
    verdicts = [
        ["acknowledged requests lost", "0", len(checked["lost"]), "met" if not checked["lost"] else "missed"],
        ["5xx outside the restart window", "0", outside_5xx, "met" if outside_5xx == 0 else "missed"],
        ["recovery (success rate back), worst fault", f"< {TARGET_RECOVERY_S:g} s",
         "never" if math.isnan(worst) else f"{worst:.1f} s",
         "met" if not math.isnan(worst) and worst < TARGET_RECOVERY_S else "missed"],
        ["contact requests stored twice", "0", checked["stored_twice"] + checked["two_references"],
         "met" if checked["stored_twice"] + checked["two_references"] == 0 else "missed"],
    ]  # fmt: skip
    print(markdown_table(["target", "wanted", "measured", "verdict"], verdicts))
    print()
    for note in notes:
        print(f"- {note}")


def restart_window(faults: list[Fault]) -> tuple[float, float] | None:
    windows = [fault.window for fault in faults if fault.name.startswith("PostgreSQL")]
    return windows[0] if windows else None


# --- Parent ----------------------------------------------------------------------------------------------------------


def run(args: argparse.Namespace, notes: list[str]) -> tuple[Load, list[Fault], dict]:
    with bench_database("postgres", "load_faults", args.postgres) as url:
        timings = prepare(url)
        notes.append("set-up: " + ", ".join(f"{step} {seconds:.0f} s" for step, seconds in timings.items()) + ".")
        targets = load_targets(url, args.paths)
        notes.append(f"{len(targets['queries'])} varied searches, {len(targets['points'])} active service points.")
        faults: list[Fault] = []
        with ExitStack() as stack:
            if args.servers:
                from bench.cluster import cluster, redis_server, site_env

                redis_url = stack.enter_context(redis_server())
                env = site_env(url, redis_url, DJANGO_SETTINGS_MODULE="bench.settings", LOG_LEVEL="ERROR")
                site = stack.enter_context(cluster(env, servers=args.servers, workers_per_server=args.workers))
                server, address = None, site.url
                notes.append(
                    f"through nginx ({site.url}) in front of {args.servers} gunicorn server(s) of {args.workers}"
                    " workers, one private Redis (cache and rate limits), the deployed proxy settings"
                    " (deploy/nginx/trouve-proxy.conf)."
                )
            else:
                site, server = None, stack.enter_context(serve(url, workers=args.workers))
                address = server.url
            host, port = urllib.parse.urlsplit(address).netloc.split(":")
            load = Load(host, int(port), time.perf_counter(), args.duration, args.timeout, forwarded=bool(site))
            clients = [Client(load, n, targets, args.searches_per_contact) for n in range(args.clients)]
            threads = [threading.Thread(target=c.run, daemon=True, name=f"client-{c.number}") for c in clients]
            kill = args.kill or ("server" if site and args.servers > 1 else "worker")
            try:
                for thread in threads:
                    thread.start()
                schedule = [] if kill == "none" else [(args.duration / 3, "kill")]
                if args.postgres_fault != "none":
                    schedule.append((2 * args.duration / 3, "postgres"))
                for instant, what in schedule:
                    time.sleep(max(0.0, instant - load.now()))
                    if what == "kill" and kill == "server":
                        faults.append(kill_server(site, load))
                    elif what == "kill":
                        faults.append(kill_worker(server or site.servers[0], load, args.workers))
                    else:
                        if args.postgres_fault == "restart":
                            # Spare the others' test runs when possible; the load runs that much longer.
                            load.stop_at += wait_until_alone(args.postgres, url, args.restart_wait)
                        faults.append(postgres_fault(args.postgres_fault, args.postgres, url, load))
                hard_stop = time.perf_counter() + max(0.0, load.stop_at - load.now()) + args.timeout + args.margin
                for thread in threads:
                    thread.join(timeout=max(0.0, hard_stop - time.perf_counter()))
                stuck = sum(thread.is_alive() for thread in threads)
                if stuck:
                    notes.append(f"{stuck} client(s) still waiting at the hard stop: left behind (daemon threads).")
            finally:
                load.stop.set()
                ensure_postgres(args.postgres, notes)
            first = faults[0].at if faults else load.stop_at
            served = sum(1 for r in load.records if r.outcome == "ok" and r.ended <= first)
            notes.append(f"served/s before the first fault (0–{first:.0f} s): {served / max(first, 1e-9):.1f}.")
            if server is not None:
                notes.append(f"gunicorn workers alive after the run: {len(server.worker_pids())} of {args.workers}.")
        checked = verify(url, list(load.submissions))
    return load, faults, checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100, help="concurrent client threads")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (README: 2 per 2 cores)")
    parser.add_argument("--searches-per-contact", type=int, default=4, help="searches between two contact requests")
    parser.add_argument("--postgres-fault", choices=["restart", "terminate", "none"], default="restart")
    parser.add_argument(
        "--restart-wait",
        type=float,
        default=15,
        help="seconds to wait for no other PostgreSQL client before restarting",
    )
    parser.add_argument("--timeout", type=float, default=20, help="seconds a client waits for one answer")
    parser.add_argument("--margin", type=float, default=10, help="seconds past duration + timeout before giving up")
    parser.add_argument("--paths", type=int, default=300, help="varied searches")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server URL, without a database name")
    parser.add_argument("--servers", type=int, default=0, help="app servers behind nginx (0: one gunicorn, no proxy)")
    parser.add_argument(
        "--kill",
        choices=["worker", "server", "none"],
        default=None,
        help="fault at a third: one worker, a whole app server (default with --servers 2+), or none",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    if not postgres_available(args.postgres):
        sys.exit(f"PostgreSQL unreachable at {args.postgres}: this bench needs it.")
    host = urllib.parse.urlsplit(args.postgres).hostname
    if args.postgres_fault == "restart" and host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("--postgres-fault restart only restarts a PostgreSQL on this machine (loopback URL).")

    def terminate(signum, frame):  # SIGTERM cleans up like Ctrl-C: servers stopped, database dropped
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    notes = [f"load average at start: {', '.join(f'{v:.1f}' for v in os.getloadavg())} ({os.cpu_count()} cores)."]
    started = time.monotonic()
    try:
        load, faults, checked = run(args, notes)
    except KeyboardInterrupt:
        sys.exit("load_faults.py interrupted: server stopped, database dropped, PostgreSQL checked to be up.")
    finally:
        ensure_postgres(args.postgres, notes)
    notes.append(
        f"load average at end: {', '.join(f'{v:.1f}' for v in os.getloadavg())};"
        f" {time.monotonic() - started:.0f} s in all."
    )
    notes.append(
        "Fault windows: a request counts in one when it was in flight at some moment of it (worker: SIGKILL until the"
        " master has its workers again; PostgreSQL: restart command until a connection every 50 ms succeeds again)."
        " 'first … ok': the first request of that kind sent after the fault and answered well. 'success from' (the"
        f" recovery time of the verdict): from then on every {BIN_S:g} s slice until the next fault serves at least"
        f" {RATE_BACK:.0%} of the requests ending in it. 'served/s at': the first second after the fault serving"
        f" {THROUGHPUT_BACK:.0%} of the successes per second of the 5 s before it (information: a killed worker's"
        " replacement first loads Django, meanwhile one worker serves everyone)."
    )
    notes.append(
        "The client threads share the 2 cores with gunicorn and PostgreSQL; each request opens its own connection"
        " (gunicorn's sync workers close it after the answer), so latency includes queueing behind the other clients."
    )
    report(args, load, faults, checked, notes)


if __name__ == "__main__":
    main()
