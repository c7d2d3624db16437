"""Generated directories for benchmarks: many service points over real municipalities, made with bulk inserts.

Generated organisations are sample data (`is_sample=True`) whose slugs start with "gen-", so they can be told apart
from the sample directory and deleted in one go.
"""

import math
import random
import uuid
from dataclasses import dataclass
from datetime import time

from django.db import connection, transaction
from django.utils.translation import gettext as _

from geography.models import Municipality

from .checks import point_jittered
from .clientele_mask import masks_refresh
from .models import (
    Accessibility,
    Address,
    Clientele,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceKind,
)

PREFIX = "gen-"
POINTS_PER_ORGANIZATION = 10
ORGANIZATIONS_PER_CHUNK = 500
MAX_JITTER_KM = 5.0
OPENS, CLOSES = time(8, 30), time(16, 30)
ServiceClientele = Service.clienteles.through
ServiceKindLink = Service.kinds.through


class GeographyMissingError(Exception):
    pass


@dataclass(frozen=True)
class _Place:
    code: str
    name: str
    region_id: str
    latitude: float
    longitude: float


def _shape(points: int) -> tuple[int, int]:
    """(services, locations) of an organisation offering `points` service points (every service everywhere)."""
    services = 2 if points >= 2 else 1
    return services, math.ceil(points / services)


def generate_service_points(n: int, *, seed: int = 1) -> int:
    """Create `n` service points (with their organisations, services and locations) over real municipalities,
    weighted by population. Returns the number created. Needs the geography and the taxonomy to be loaded."""
    rng = random.Random(seed)
    places = [
        _Place(*row)
        for row in Municipality.objects.filter(population__gt=0)
        .order_by("code")
        .values_list("code", "name", "region_id", "latitude", "longitude")
    ]
    if not places:
        raise GeographyMissingError(_("No municipality in the database: run manage.py load_geography first."))
    weights = list(Municipality.objects.filter(population__gt=0).order_by("code").values_list("population", flat=True))
    clientele_ids = list(Clientele.objects.order_by("pk").values_list("pk", flat=True))
    kind_ids = list(ServiceKind.objects.order_by("pk").values_list("pk", flat=True))
    start = Organization.objects.filter(slug__startswith=PREFIX).count()
    created, number = 0, start
    while created < n:
        with transaction.atomic():
            chunk_points = min(n - created, POINTS_PER_ORGANIZATION * ORGANIZATIONS_PER_CHUNK)
            created += _chunk_create(rng, places, weights, clientele_ids, kind_ids, chunk_points, number, seed)
            number += math.ceil(chunk_points / POINTS_PER_ORGANIZATION)
    return created


def _chunk_create(rng, places, weights, clientele_ids, kind_ids, points: int, number: int, seed: int) -> int:
    sizes = [POINTS_PER_ORGANIZATION] * (points // POINTS_PER_ORGANIZATION)
    if points % POINTS_PER_ORGANIZATION:
        sizes.append(points % POINTS_PER_ORGANIZATION)
    orgs = Organization.objects.bulk_create(
        [
            Organization(
                slug=f"{PREFIX}{seed}-{number + i:07d}",
                name_fr=f"Organisme généré {number + i}",
                name_en=f"Generated organisation {number + i}",
                description_fr="Organisme fictif généré pour les mesures de performance.",
                description_en="Fictional organisation generated for benchmarks.",
                is_sample=True,
            )
            for i in range(len(sizes))
        ]
    )
    services, locations, shapes = [], [], []
    for org, size in zip(orgs, sizes, strict=True):
        n_services, n_locations = _shape(size)
        home = rng.choices(places, weights=weights)[0]
        shapes.append((org, size, len(services), n_services, len(locations), n_locations))
        services += [
            Service(
                organization=org,
                slug=f"service-{s + 1}",
                name_fr=f"Service d'emploi {s + 1}",
                name_en=f"Employment service {s + 1}",
                fees_description_fr="Gratuit",
                fees_description_en="Free",
            )
            for s in range(n_services)
        ]
        for k in range(n_locations):
            place = home if k == 0 else rng.choices(places, weights=weights)[0]
            lat, lon = point_jittered(rng, place.latitude, place.longitude, MAX_JITTER_KM)
            locations.append(
                Location(
                    organization=org,
                    slug=f"lieu-{k + 1}",
                    name_fr=f"Point de service {place.name}",
                    name_en=f"{place.name} service point",
                    latitude=lat,
                    longitude=lon,
                    municipality_id=place.code,
                    region_id=place.region_id,
                )
            )
    Service.objects.bulk_create(services)
    Location.objects.bulk_create(locations)

    # Leaf rows go in with plain multi-row inserts: building a model instance per row would triple the time.
    opens, closes = connection.ops.adapt_timefield_value(OPENS), connection.ops.adapt_timefield_value(CLOSES)
    points_rows, clientele_links, kind_links, addresses, phones, schedules, languages = [], [], [], [], [], [], []
    for _org, size, s0, n_services, l0, n_locations in shapes:
        pairs = [(s, loc) for loc in range(n_locations) for s in range(n_services)][:size]
        for s, loc in pairs:
            location = locations[l0 + loc]
            points_rows.append(
                (services[s0 + s].pk, location.pk, location.latitude, location.longitude, location.region_id, True, "")
            )
        for service in services[s0 : s0 + n_services]:
            k = min(len(clientele_ids), rng.randint(1, 3))
            clientele_links += [(service.pk, clientele_id) for clientele_id in rng.sample(clientele_ids, k=k)]
            k = min(len(kind_ids), rng.randint(1, 2))
            kind_links += [(service.pk, kind_id) for kind_id in rng.sample(kind_ids, k=k)]
        for location in locations[l0 : l0 + n_locations]:
            city = location.name_fr.removeprefix("Point de service ")
            addresses.append(
                (location.pk, "physical", f"{rng.randint(1, 9999)}, rue Principale", "", city, "QC", "G0A 1A0", "CA")
            )
            phones.append((location.pk, f"+1418555{rng.randint(100, 199):04d}", "", "voice", ""))
            schedules += [(location.pk, day, opens, closes, "") for day in ("MO", "TU", "WE", "TH", "FR")]
            languages.append((location.pk, "fr", "français", "français", "French"))
    _insert(
        ServiceAtLocation,
        ["service", "location", "latitude", "longitude", "region", "is_active", "description"],
        points_rows,
    )
    _insert(ServiceClientele, ["service", "clientele"], clientele_links)
    masks_refresh(service.pk for service in services)
    _insert(ServiceKindLink, ["service", "servicekind"], kind_links)
    _insert(
        Address,
        ["location", "address_type", "address_1", "address_2", "city", "state_province", "postal_code", "country"],
        addresses,
    )
    _insert(Phone, ["location", "number", "extension", "phone_type", "description"], phones)
    _insert(Schedule, ["location", "byday", "opens_at", "closes_at", "description"], schedules)
    _insert(Language, ["location", "code", "name", "name_fr", "name_en"], languages)
    return len(points_rows)


def _insert(model, field_names: list[str], rows: list[tuple]) -> None:
    """Insert rows of plain values (foreign keys as ids) into a model's table: COPY on PostgreSQL, executemany
    elsewhere. Each row gets a fresh HSDS UUID, and an empty HSDS slot where the model has one."""
    field_names = list(field_names)
    names = {f.name for f in model._meta.get_fields()}
    if "uuid" in names and "uuid" not in field_names:
        prep = model._meta.get_field("uuid").get_db_prep_value
        field_names.append("uuid")
        rows = [(*row, prep(uuid.uuid4(), connection)) for row in rows]
    if "hsds_extra" in names and "hsds_extra" not in field_names:
        field_names.append("hsds_extra")
        rows = [(*row, "{}") for row in rows]
    columns = [model._meta.get_field(name).column for name in field_names]
    quote = connection.ops.quote_name
    table, column_list = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    # Identifiers come from the model's metadata (quoted); values are never part of the statement.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})", rows)  # noqa: S608


def generated_delete() -> int:
    """Delete every generated organisation and everything under it; returns how many organisations went.

    Deletes table by table with plain DELETE statements: the ORM's cascade would load (and audit) every row."""
    orgs = Organization.objects.filter(slug__startswith=PREFIX, is_sample=True)
    count = orgs.count()
    in_orgs = {"organization__in": orgs.values("pk")}
    services = Service.objects.filter(**in_orgs).values("pk")
    locations = Location.objects.filter(**in_orgs).values("pk")
    with transaction.atomic():
        for queryset in (
            ServiceAtLocation.objects.filter(service__in=services),
            ServiceClientele.objects.filter(service__in=services),
            ServiceKindLink.objects.filter(service__in=services),
            ServiceArea.objects.filter(service__in=services),
            Address.objects.filter(location__in=locations),
            Accessibility.objects.filter(location__in=locations),
            *(model.objects.filter(service__in=services) for model in (Phone, Schedule, Language)),
            *(model.objects.filter(location__in=locations) for model in (Phone, Schedule, Language)),
            Phone.objects.filter(**in_orgs),
            Location.objects.filter(**in_orgs),
            Service.objects.filter(**in_orgs),
            orgs,
        ):
            queryset._raw_delete(queryset.db)
    return count
