"""Load the bundled geography into the database: validated, idempotent, in seconds.

Regions, municipalities and FSAs are upserted (other apps point at regions and municipalities, so they are never
deleted and re-created); postal codes and place names, which nothing else references, are replaced wholesale.
A checksum of the input files plus the row counts is kept in ``LoadRecord``: an identical re-run does nothing.
"""

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import ProtectedError

from .aliases import read_aliases
from .models import ForwardSortationArea, LoadRecord, Municipality, PlaceAlias, PlaceName, PostalCode, Region
from .reading import (
    POSTAL_CODE_COLUMNS,
    Rejected,
    naming_context,
    read_fsas,
    read_municipalities,
    read_place_names,
    read_postal_codes,
    read_regions,
)

# Bump when the loader's output changes for the same input files, so existing databases reload once.
LOADER_VERSION = "4"
RECORD_NAME = "geography"
BATCH_SIZE = 2000

REGIONS_CSV = "qc_regions.csv"
REGIONS_GEOJSON = "qc_regions_simplified.geojson"
MUNICIPALITIES_CSV = "qc_municipalities.csv"
FSAS_CSV = "qc_fsa_centroids.csv"
PLACE_NAMES_CSV = "qc_postal_place_names.csv"
ALIASES_CSV = "qc_place_aliases.csv"

MODELS = {
    "regions": Region,
    "municipalities": Municipality,
    "fsas": ForwardSortationArea,
    "postal_codes": PostalCode,
    "place_names": PlaceName,
    "place_aliases": PlaceAlias,
}


@dataclass
class LoadReport:
    skipped: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def default_data_dir() -> Path:
    return Path(settings.BASE_DIR) / "data" / "geography"


def input_files(data_dir: Path, postal_codes_file: Path) -> list[Path]:
    names = [REGIONS_CSV, REGIONS_GEOJSON, MUNICIPALITIES_CSV, FSAS_CSV, PLACE_NAMES_CSV, ALIASES_CSV]
    return [data_dir / name for name in names] + [postal_codes_file]


def files_checksum(paths: list[Path]) -> str:
    digest = hashlib.sha256(LOADER_VERSION.encode())
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def current_counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in MODELS.items()}


def geography_load(
    *, data_dir: Path | None = None, postal_codes_file: Path | None = None, force: bool = False
) -> LoadReport:
    """Load (or skip, when unchanged) the regions, municipalities, FSAs, postal codes and place names."""
    started = time.perf_counter()
    data_dir = data_dir or default_data_dir()
    postal_codes_file = Path(postal_codes_file or settings.POSTAL_CODES_FILE)
    paths = input_files(data_dir, postal_codes_file)
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"geography input missing: {path}")
    checksum = files_checksum(paths)
    record = LoadRecord.objects.filter(name=RECORD_NAME).first()
    if not force and record and record.checksum == checksum and record.counts == current_counts():
        return LoadReport(skipped=True, counts=record.counts, seconds=time.perf_counter() - started)

    report = LoadReport()
    regions = read_regions(data_dir / REGIONS_CSV, data_dir / REGIONS_GEOJSON)
    region_codes = {r["code"] for r in regions.rows}
    municipalities = read_municipalities(data_dir / MUNICIPALITIES_CSV, region_codes)
    naming = naming_context(regions.rows, municipalities.rows)
    fsas = read_fsas(data_dir / FSAS_CSV, region_codes)
    fsa_rows = {row["code"]: row for row in fsas.rows}
    postal_codes = read_postal_codes(postal_codes_file, fsa_rows, naming)
    place_names = read_place_names(data_dir / PLACE_NAMES_CSV, fsa_rows, naming)
    aliases = read_aliases(data_dir / ALIASES_CSV, naming)
    for batch in (regions, municipalities, fsas, postal_codes, place_names, aliases):
        report.rejected += sorted(batch.rejected, key=lambda r: (r.file, r.line))
        report.notes += batch.notes

    with transaction.atomic():
        _upsert(Region, regions.rows, "code")
        _upsert(Municipality, municipalities.rows, "code")
        _upsert(ForwardSortationArea, list(fsa_rows.values()), "code")
        _empty(PostalCode)
        _insert_many(PostalCode, POSTAL_CODE_COLUMNS, postal_codes.rows)
        _empty(PlaceName)
        PlaceName.objects.bulk_create((PlaceName(**row) for row in place_names.rows), batch_size=BATCH_SIZE)
        _empty(PlaceAlias)
        PlaceAlias.objects.bulk_create((PlaceAlias(**row) for row in aliases.rows), batch_size=BATCH_SIZE)
        report.notes += _delete_stale(Municipality, {r["code"] for r in municipalities.rows})
        report.notes += _delete_stale(ForwardSortationArea, set(fsa_rows))
        report.counts = current_counts()
        LoadRecord.objects.update_or_create(name=RECORD_NAME, defaults={"checksum": checksum, "counts": report.counts})
    if connection.vendor == "postgresql":
        # Fresh statistics so the planner uses the indexes at once, not after autovacuum gets round to it.
        with connection.cursor() as cursor:
            for model in MODELS.values():
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    report.seconds = time.perf_counter() - started
    return report


def _upsert(model, rows: list[dict], key: str) -> None:
    if not rows:
        return
    fields = [name for name in rows[0] if name != key]
    model.objects.bulk_create(
        [model(**row) for row in rows],
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=[key],
        update_fields=[name.removesuffix("_id") if name.endswith("_id") else name for name in fields],
    )


def _empty(model) -> None:
    """Delete every row; on PostgreSQL with TRUNCATE (transactional there), far faster than DELETE on 225,000 rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(model._meta.db_table)}")
    else:
        model.objects.all().delete()


def _insert_many(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain tuples straight into the table: the ORM's bulk_create spends seconds building 200,000 model instances.

    PostgreSQL gets COPY; SQLite an executemany in one transaction. Only for simple tables nothing points at.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            # Table and column names come from the model and are quoted; values are parameters.
            sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, rows)


def _delete_stale(model, keep: set[str]) -> list[str]:
    notes = []
    for obj in model.objects.exclude(pk__in=keep):
        try:
            obj.delete()
            notes.append(f"{model._meta.verbose_name} {obj.pk} no longer in the files: deleted")
        except ProtectedError:
            notes.append(f"{model._meta.verbose_name} {obj.pk} no longer in the files but still referenced: kept")
    return notes
