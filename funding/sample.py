"""A plausible year of sample time records, funding parameters and sharing consents for the SAMPLE centres only.

Deterministic (seeded per centre) and idempotent: a centre that already has sample records is left alone.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from accounts.models import Membership, User
from directory.models import Organization

from .entry import week_start
from .models import (
    Category,
    FundingParameters,
    NetworkSharingConsent,
    PeripheralCategory,
    ServiceType,
    TimeRecord,
    month_of,
)

PROGRAMME = "Services d'aide à l'emploi (exemple)"
RATE_CHANGE = datetime.date(2026, 4, 1)  # the sample framework's rate rises at the start of the fiscal year


def sample_staff_for(organization: Organization) -> list[User]:
    """The centre's staff, or one funding-only sample counsellor when the accounts step created none."""
    staff = [m.user for m in Membership.objects.filter(organization=organization).select_related("user")]
    if staff:
        return staff
    user, _created = User.objects.get_or_create(
        username=f"sample-funding-{organization.pk}",
        defaults={
            "email": f"sample-funding-{organization.pk}@example.invalid",
            "first_name": "Exemple",
            "last_name": "Intervenant",
        },
    )
    if _created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, organization=organization, defaults={"role": "counsellor"})
    return [user]


def _parameters(
    organization: Organization, rng: random.Random, first_day: datetime.date, service_types, staff_count: int
) -> None:
    # Sized on the sample team so that the forfait covers roughly 55–75 % of the real cost, as the brief describes.
    participants = staff_count * rng.randrange(50, 80, 5)
    common = {
        "organization": organization,
        "programme": PROGRAMME,
        "hours_per_participant": Decimal(rng.choice([12, 15, 18])),
        "participants": participants,
        "is_sample": True,
    }
    real_cost = Decimal(rng.randrange(62, 78))
    versions = [
        FundingParameters(
            valid_from=first_day,
            valid_to=RATE_CHANGE - datetime.timedelta(days=1),
            hourly_rate=Decimal(52),
            real_hourly_cost=real_cost,
            **common,
        ),
        FundingParameters(valid_from=RATE_CHANGE, hourly_rate=Decimal(55), real_hourly_cost=real_cost + 2, **common),
    ]
    recognised = [st for st in service_types if st.slug != "information-marche"]
    for version in versions:
        version.save()
        version.recognised_service_types.set(recognised)


def _week_records(organization, staff, monday, rng, service_types, peripheral, placements) -> list[TimeRecord]:
    rows = []

    def add(day_offset: int, minutes: int, category: str, **fields) -> None:
        day = monday + datetime.timedelta(days=day_offset)
        rows.append(
            TimeRecord(
                organization_id=organization.pk,
                staff_id=staff.pk,
                date=day,
                month=month_of(day),
                minutes=minutes,
                category=category,
                is_sample=True,
                **fields,
            )
        )

    for day in range(5):
        code = f"S-{monday.year}-{rng.randrange(1, 400):04d}"
        add(
            day,
            rng.choice([90, 120, 150, 180, 210]),
            Category.CLIENT,
            client_code=code,
            service_type_id=rng.choice(service_types).pk,
        )
    for category, weight in zip(peripheral, (90, 150, 60, 60), strict=False):
        if rng.random() < 0.8:
            add(
                rng.randrange(5),
                weight + rng.randrange(-30, 61, 15),
                Category.PERIPHERAL,
                peripheral_category_id=category.pk,
            )
    if rng.random() < 0.25:
        placements.append((f"S-{monday.year}-{rng.randrange(400, 600):04d}", monday - datetime.timedelta(days=3)))
    for code, start in placements:
        for milestone in (1, 3, 6, 12):
            due = start + datetime.timedelta(days=round(30.4 * milestone))
            if monday <= due < monday + datetime.timedelta(days=5):
                add(due.weekday(), rng.choice([30, 45, 60]), Category.RETENTION, client_code=code,
                    job_start_date=start, milestone=milestone)  # fmt: skip
    return rows


def sample_time_records_generate(today: datetime.date) -> tuple[int, int]:
    """Generate a year of records up to last week for each sample centre without sample records yet.

    Returns (centres filled, records created)."""
    service_types = list(ServiceType.objects.filter(is_active=True))
    peripheral = list(PeripheralCategory.objects.filter(is_active=True))
    last_monday = week_start(today) - datetime.timedelta(days=7)
    first_monday = last_monday - datetime.timedelta(weeks=51)
    filled = created = 0
    for organization in Organization.objects.filter(is_sample=True).order_by("pk"):
        if TimeRecord.objects.filter(organization=organization, is_sample=True).exists():
            continue
        rng = random.Random(organization.pk)  # noqa: S311 - sample data, reproducible
        with transaction.atomic():
            staff = sample_staff_for(organization)[:2]
            if not FundingParameters.objects.filter(organization=organization).exists():
                _parameters(organization, rng, first_monday.replace(day=1), service_types, len(staff))
            if rng.random() < 0.85:
                NetworkSharingConsent.objects.get_or_create(
                    organization=organization, defaults={"agreed_on": first_monday}
                )
            rows = []
            for person in staff:
                placements: list[tuple[str, datetime.date]] = []
                monday = first_monday
                while monday <= last_monday:
                    rows += _week_records(organization, person, monday, rng, service_types, peripheral, placements)
                    monday += datetime.timedelta(days=7)
            TimeRecord.objects.bulk_create(rows, batch_size=2000)
        filled += 1
        created += len(rows)
    return filled, created
