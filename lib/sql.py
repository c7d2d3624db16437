"""Hand-written read-only SQL for the hot paths: prepared, and sent in one round trip where the database allows it."""

import datetime as dt
import functools

from django.db import connection


def fetch_all(statements: list[tuple[str, list]]) -> list[list[tuple]]:
    """The rows of each (sql, params) statement, in order.

    On PostgreSQL the statements go out together in psycopg's pipeline mode: one network round trip instead of one
    per statement, which is most of their cost on a busy server. Elsewhere (SQLite, in process) they run one after
    the other. Either way they go through Django's cursors, so query logging and counting see each one.
    """
    connection.ensure_connection()
    cursors = [_cursor() for _ in statements]
    try:
        if connection.vendor == "postgresql" and len(statements) > 1:
            with connection.connection.pipeline():
                for cursor, (sql, params) in zip(cursors, statements, strict=True):
                    cursor.execute(sql, params)
        else:
            for cursor, (sql, params) in zip(cursors, statements, strict=True):
                cursor.execute(sql, params)
        return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def _cursor():
    """A Django cursor; on PostgreSQL one that binds parameters on the server and prepares each statement.

    A prepared statement is planned once per connection (persistent connections keep it) instead of on every
    execution: planning was a third of a search's time in the database. Only the hand-written statements of the hot
    paths go through here; the ORM keeps Django's default client-side binding.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    raw = _prepared_cursor_class()(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


@functools.cache
def _prepared_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor
    from psycopg.types.numeric import Int8Dumper

    class PreparedCursor(ServerBindingCursor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # psycopg sends each integer as the smallest type that holds it, and a statement is prepared per
            # parameter types: ids on both sides of 32,767 would prepare the same text again and again.
            self.adapters.register_dumper(int, Int8Dumper)

        def execute(self, query, params=None, *, prepare=True, binary=None):
            return super().execute(query, params, prepare=prepare, binary=binary)

    return PreparedCursor


def placeholders(values) -> str:
    """``%s, %s, …``: one per value, for an IN list. An empty IN () is not valid SQL everywhere: NULL matches
    nothing."""
    return ", ".join(["%s"] * len(values)) or "NULL"


def as_date(value) -> dt.date | None:
    """A DATE column read without the ORM: SQLite returns ISO text, PostgreSQL a date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def as_time(value) -> dt.time | None:
    """A TIME column read without the ORM: SQLite returns ISO text, PostgreSQL a time."""
    return dt.time.fromisoformat(value) if isinstance(value, str) else value
