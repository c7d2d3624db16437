"""A throw-away PostgreSQL database for tests that run the app in other processes (two-server proof, backup drill):
a copy of the already migrated test database (CREATE DATABASE … TEMPLATE), which spares a migration per test."""

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit


@contextmanager
def cloned_test_database(database_url: str, django_db_blocker, suffix: str) -> Iterator[str]:
    """The URL of a new database copied from this process's migrated test database; dropped on exit."""
    import psycopg
    from django.db import connection, connections

    with django_db_blocker.unblock():
        template = connection.settings_dict["NAME"]
        connections.close_all()  # a template must have no open session
    parts = urlsplit(database_url)
    name = f"{template}_{suffix}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as admin_connection:
        admin_connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _create_from_template(admin_connection, name, template)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as admin_connection:
            admin_connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _create_from_template(admin_connection, name: str, template: str) -> None:
    """CREATE DATABASE … TEMPLATE needs the template to have no other session. Sessions left by other threads of
    this test process (a live server of an earlier browser test, work run after a response) may still be closing:
    wait for them a little, then end them (they belong to this test process, nothing else uses its test database)."""
    import time

    import psycopg

    for attempt in range(20):
        try:
            admin_connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return
        except psycopg.errors.ObjectInUse:
            if attempt >= 10:
                admin_connection.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    [template],
                )
            time.sleep(0.25)
    admin_connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
