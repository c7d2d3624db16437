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
        admin_connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as admin_connection:
            admin_connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
