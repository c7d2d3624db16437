"""The query layer feeds the pure report correctly: period edges, splits at a rate change, consent, reopening."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from funding import queries, records
from funding.models import NetworkSharingConsent, ReportingPeriod, ServiceType
from funding.reports import money
from tests.fixtures.funding import make_centre, make_parameters, make_record, make_staff

D = datetime.date
pytestmark = pytest.mark.django_db


def test_it_counts_only_the_days_of_a_partial_week(centre, counsellor):
    make_parameters(centre)
    for day, minutes in [(D(2026, 1, 5), 60), (D(2026, 1, 7), 90), (D(2026, 1, 13), 30), (D(2026, 1, 14), 45)]:
        make_record(centre, counsellor, day, minutes)
    fig = queries.centre_figures_for(centre.pk, D(2026, 1, 7), D(2026, 1, 13))  # Wednesday to Tuesday
    assert fig.total_minutes == 120
    assert fig.real_cost == Decimal(160)  # 2 h × $80
    assert money(fig.funded_amount) == Decimal("958.90")  # 50,000 × 7/365


def test_it_prices_each_side_of_a_mid_month_rate_change(centre, counsellor):
    make_parameters(centre, valid_to=D(2026, 2, 14))
    make_parameters(centre, valid_from=D(2026, 2, 15), hourly_rate=Decimal(60), real_hourly_cost=Decimal(90))
    make_record(centre, counsellor, D(2026, 2, 10), 600)
    make_record(centre, counsellor, D(2026, 2, 20), 600)
    make_record(centre, counsellor, D(2026, 3, 2), 60)
    fig = queries.centre_figures_for(centre.pk, D(2026, 1, 1), D(2026, 3, 31))
    assert fig.real_cost == Decimal(800 + 900 + 90)
    assert money(fig.funded_amount) == Decimal("13561.64")


def test_it_counts_recognised_service_types(centre, counsellor):
    evaluation = ServiceType.objects.get(slug="evaluation")
    make_parameters(centre, service_types=[evaluation])
    make_record(centre, counsellor, D(2026, 1, 6), 90, "client_intervention")
    make_record(
        centre,
        counsellor,
        D(2026, 1, 6),
        30,
        "client_intervention",
        service_type=ServiceType.objects.get(slug="atelier"),
    )
    fig = queries.centre_figures_for(centre.pk, D(2026, 1, 1), D(2026, 1, 31))
    assert fig.recognised_minutes == 90
    assert fig.recognised_share == Decimal("0.75")


def test_it_counts_a_correction_made_after_a_period_was_reopened(centre, counsellor, manager):
    make_parameters(centre)
    record = make_record(centre, counsellor, D(2026, 1, 6), 60)
    period = ReportingPeriod.objects.create(organization=centre, start=D(2026, 1, 1), end=D(2026, 3, 31))
    records.period_close(period=period, by=manager)
    with pytest.raises(PermissionDenied):
        records.period_reopen(period=period, by=counsellor)
    records.period_reopen(period=period, by=manager)
    period.refresh_from_db()
    assert not period.is_closed and period.reopened_by == manager and period.reopen_count == 1
    record.minutes = 120
    record.save()
    fig = queries.centre_figures_for(centre.pk, D(2026, 1, 1), D(2026, 3, 31))
    assert fig.total_minutes == 120 and fig.real_cost == Decimal(160)


def test_it_combines_only_centres_that_agreed_to_share(db):
    staff = make_staff()
    centres = [make_centre() for _ in range(6)]
    for centre in centres:
        make_parameters(centre)
        make_record(centre, staff, D(2026, 1, 6), 60)
    for centre in centres[:5]:
        NetworkSharingConsent.objects.create(organization=centre, agreed_on=D(2025, 12, 1))
    network, regions = queries.network_figures(D(2026, 1, 1), D(2026, 3, 31))
    assert network.centres == 5
    assert network.figures.total_minutes == 300
    NetworkSharingConsent.objects.filter(organization=centres[0]).update(withdrawn_on=D(2026, 1, 2))
    network, regions = queries.network_figures(D(2026, 1, 1), D(2026, 3, 31))
    assert network.centres == 4
    assert network.shown("total")  # four equal centres
    NetworkSharingConsent.objects.filter(organization__in=centres[1:3]).update(withdrawn_on=D(2026, 1, 2))
    network, regions = queries.network_figures(D(2026, 1, 1), D(2026, 3, 31))
    assert network.centres == 2
    assert not network.shown("total")
