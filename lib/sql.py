"""Run several read-only SQL statements in one round trip to the database, where the database allows it."""

from django.db import connection


def fetch_all(statements: list[tuple[str, list]]) -> list[list[tuple]]:
    """The rows of each (sql, params) statement, in order.

    On PostgreSQL the statements go out together in psycopg's pipeline mode: one network round trip instead of one
    per statement, which is most of their cost on a busy server. Elsewhere (SQLite, in process) they run one after
    the other. Either way they go through Django's cursors, so query logging and counting see each one.
    """
    connection.ensure_connection()
    cursors = [connection.cursor() for _ in statements]
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
