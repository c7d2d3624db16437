"""/healthz, for the load balancer: database and cache reachable, migrations applied; 503 otherwise."""

import json

import pytest

import lib.health


def test_it_answers_ok_when_everything_is_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "migrations"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("broken", ["database", "cache", "migrations"])
def test_it_answers_503_when_a_dependency_fails(client, db, monkeypatch, broken):
    def fail():
        raise ConnectionError("down")

    monkeypatch.setitem(lib.health.CHECKS, broken, fail)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"][broken] == "failed: ConnectionError"


def test_it_notices_unapplied_migrations(db, monkeypatch):
    monkeypatch.setattr(lib.health, "_migrations_seen_applied", False)
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan", lambda self, targets: [("x", False)]
    )
    healthy, checks = lib.health.health()
    assert not healthy and checks["migrations"].startswith("failed")
