"""Many rows in a few statements: INSERT of a whole batch (… RETURNING id when the caller needs the keys) and UPDATE,
built once per model from its fields. SQLite gets a multi-row VALUES; PostgreSQL one array a column
(``INSERT … SELECT * FROM unnest(%s::type[], …)``), a short statement psycopg parses once, where a VALUES of thousands
of placeholders cost more to parse on the client (13 of 20 profiled seconds at 10,000 services) than to run.

Why not ``bulk_create``: at 10,000 HSDS services an import writes ~90,000 rows, and ``bulk_create`` spent 12 of the
import's 18 CPU seconds outside the database — building a model instance per row (django-modeltranslation's
constructor alone: 4.5 s) and compiling every value of every row one by one. Here a row is a plain dict; each column
is converted once by the field's own ``get_db_prep_save`` only where the database needs a conversion (UUID, JSON,
dates), and the statements go through Django's cursors, so query counting, logging and the data-version wrapper
(speed/version.py) see them as any other write.

What the ORM would do on save is done here too: field defaults for missing keys, ``auto_now``/``auto_now_add``,
and the untranslated column of a django-modeltranslation field (``name`` beside ``name_fr``/``name_en``) filled from
its translations in the active language's fallback order. Nothing else is: no signals are sent (callers write what
signals would, e.g. the clientèle masks) and no ``full_clean`` runs (the records were checked by
directory/validation.py before they reach the writes). Table and column names come from the models, values are
always parameters.
"""

import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

ROWS_PER_STATEMENT = 1000  # SQLite: multi-row VALUES, within its limit of parameters
ROWS_PER_ARRAY = 5000  # PostgreSQL: rows a statement of column arrays carries
# Values these fields hold are what the database drivers take as they are.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.FloatField, models.BooleanField)
_FALLBACKS = getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", {})
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _plain(field: models.Field) -> bool:
    return isinstance(field.target_field if field.is_relation else field, _PLAIN)


def _converter(field: models.Field, database) -> Callable[[Any], Any]:
    """What the field's ``get_db_prep_save`` does to a (non-None) value; for UUIDs given in their canonical text
    form, the same result without building a UUID object (a third of the conversion time of an HSDS import)."""
    if isinstance(field, models.UUIDField):
        native = database.features.has_native_uuid_field

        def prepared_uuid(value: Any) -> Any:
            if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
                return value if native else value.replace("-", "")
            return field.get_db_prep_save(value, database)

        return prepared_uuid
    return lambda value: field.get_db_prep_save(value, database)


def _default(field: models.Field) -> Callable[[], Any]:
    """The value a row without this column gets: the field's default, or its database default when a constant."""
    if field.db_default is models.NOT_PROVIDED:
        return field.get_default
    value = field.db_default
    if isinstance(value, models.Value):
        value = value.value
    elif hasattr(value, "resolve_expression"):
        raise TypeError(f"{field}: a database default computed by an expression; give the value in every row")
    return lambda: value


class Table:
    """INSERT and UPDATE statements for one model; rows are dicts keyed by attribute name (``organization_id``)."""

    def __init__(self, model: type[models.Model]):
        meta = model._meta
        self.fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
        self.names = [f.attname for f in self.fields]
        self.defaults: dict[str, Callable[[], Any]] = {f.attname: _default(f) for f in self.fields}
        self.stamped = [f.attname for f in self.fields if getattr(f, "auto_now", False)]
        self.stamped_at_creation = [f.attname for f in self.fields if getattr(f, "auto_now_add", False)]
        self.columns = {f.attname: f.column for f in self.fields}
        try:
            translated = translator.get_options_for_model(model).fields
        except NotRegistered:
            translated = ()
        self.translated = [name for name in translated if name in self.columns]
        self.db_table = meta.db_table
        self.pk_column = meta.pk.column

    def _complete(self, rows: list[dict[str, Any]], stamped: list[str]) -> list[dict[str, Any]]:
        """Copies of the rows with what the ORM adds on save: the time stamps, and the untranslated column of each
        translated field given in its languages (``name`` from ``name_fr`` and ``name_en``: the first text in the
        active language's fallback order, as django-modeltranslation fills it)."""
        stamps = dict.fromkeys(stamped, timezone.now())
        order = resolution_order(get_language(), _FALLBACKS)
        localized = [(name, [build_localized_fieldname(name, lang) for lang in order]) for name in self.translated]
        completed = []
        for row in rows:
            row = {**row, **stamps}
            for name, names in localized:
                if name not in row:
                    texts = [row[key] for key in names if key in row]
                    if texts:
                        row[name] = next((text for text in texts if text), "")
            completed.append(row)
        return completed

    def _values(self, rows: list[dict[str, Any]], names: list[str], database) -> list[list[Any]]:
        """Each row's values of the columns `names`, defaults for the missing ones, converted for the database."""
        converters = [(i, _converter(f, database)) for i, f in enumerate(self.fields_named(names)) if not _plain(f)]
        defaults = self.defaults
        found = []
        for row in rows:
            values = [row[name] if name in row else defaults[name]() for name in names]
            for i, convert in converters:
                if values[i] is not None:
                    values[i] = convert(values[i])
            found.append(values)
        return found

    def fields_named(self, names: list[str]) -> list[models.Field]:
        by_name = {f.attname: f for f in self.fields}
        return [by_name[name] for name in names]

    def insert(self, rows: list[dict[str, Any]], *, returning: bool = False) -> list[int]:
        """Insert the rows; with `returning`, their new ids in the order of `rows` (matched by their UUIDs)."""
        if not rows:
            return []
        database = connections[DEFAULT_DB_ALIAS]
        quote = database.ops.quote_name
        rows = self._complete(rows, self.stamped + self.stamped_at_creation)
        if returning:
            for row in rows:
                if row.get("uuid") is None:
                    row["uuid"] = uuid.uuid4()
        names = self.names
        columns = ", ".join(quote(self.columns[name]) for name in names)
        head = f"INSERT INTO {quote(self.db_table)} ({columns}) "  # noqa: S608
        tail = f" RETURNING {quote(self.pk_column)}, {quote(self.columns['uuid'])}" if returning else ""
        arrays = database.vendor == "postgresql"
        if arrays:
            # One array a column: the statement is short and the same for every batch, so psycopg parses it once
            # (a multi-row VALUES with thousands of placeholders cost more to parse on the client than to run).
            types = [f.db_type(database) for f in self.fields_named(names)]
            head += "SELECT * FROM unnest(" + ", ".join(f"%s::{db_type}[]" for db_type in types) + ")"  # noqa: S608
            size = ROWS_PER_ARRAY
        else:
            limit = database.features.max_query_params or 2**16 - 1
            size = max(1, min(ROWS_PER_STATEMENT, limit // len(names)))
            one = "(" + ", ".join(["%s"] * len(names)) + ")"
        ids: list[int] = []
        with database.cursor() as cursor:
            for start in range(0, len(rows), size):
                batch = rows[start : start + size]
                values = self._values(batch, names, database)
                if arrays:
                    cursor.execute(head + tail, [list(column) for column in zip(*values, strict=True)])
                else:
                    cursor.execute(
                        f"{head}VALUES {', '.join([one] * len(batch))}{tail}", [v for row in values for v in row]
                    )
                if returning:
                    # Matched by UUID: RETURNING gives the rows in the order of VALUES on every database we run on,
                    # but SQL does not promise it.
                    found = {_as_uuid(key): pk for pk, key in cursor.fetchall()}
                    ids += [found[_as_uuid(row["uuid"])] for row in batch]
        return ids

    def update(self, rows: list[dict[str, Any]]) -> None:
        """Set the given columns of each row (identified by its "id"); one statement per set of columns."""
        database = connections[DEFAULT_DB_ALIAS]
        quote = database.ops.quote_name
        by_names: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in self._complete(rows, self.stamped):
            by_names.setdefault(tuple(name for name in row if name in self.columns), []).append(row)
        with database.cursor() as cursor:
            for names, group in by_names.items():
                assignments = ", ".join(f"{quote(self.columns[name])} = %s" for name in names)
                sql = f"UPDATE {quote(self.db_table)} SET {assignments} WHERE {quote(self.pk_column)} = %s"  # noqa: S608
                values = self._values(group, list(names), database)
                cursor.executemany(sql, [[*v, row["id"]] for v, row in zip(values, group, strict=True)])


def _as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


# Organisations written by one import from which the planner's statistics are refreshed at once (below).
STATISTICS_AFTER = 500


def statistics_refresh(using: str = DEFAULT_DB_ALIAS) -> None:
    """After a bulk write on PostgreSQL, refresh the planner's statistics of the directory's tables (ANALYZE, about a
    second at 100,000 points) instead of waiting for autovacuum: until it runs, searches are planned for tables of the
    old size. Measured at 100,311 generated points, a cold results page in process: 12.1 ms before, 8.4 ms after
    (bench/reports/2026-12-06-cheap-misses.md, "Misses made cheaper"). Nothing to do on SQLite, which plans without
    statistics unless asked."""
    from .models import (
        Accessibility,
        Address,
        Language,
        Location,
        Organization,
        Phone,
        Schedule,
        Service,
        ServiceAtLocation,
    )

    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    models_ = (Organization, Service, Location, ServiceAtLocation, Phone, Address, Schedule, Language, Accessibility)
    through = [Service.clienteles.through, Service.kinds.through]
    tables = [model._meta.db_table for model in (*models_, *through)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))
