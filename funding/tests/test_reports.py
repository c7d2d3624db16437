"""Report arithmetic against hand-computed cases (pure functions, no database)."""

import datetime
from decimal import Decimal

from django.utils.translation import override

from funding.reports import (
    Bucket,
    Parameters,
    centre_figures,
    combine,
    group_by_region,
    money,
    year_fraction,
)
from funding.tables import SUPPRESSED, Gate, region_table, report_tables

D = datetime.date
Q1 = (D(2026, 1, 1), D(2026, 3, 31))  # 31 + 28 + 31 = 90 days
NEW_YEAR = D(2026, 1, 1)


def params(org_id=1, valid_from=NEW_YEAR, valid_to=None, **fields):
    values = {
        "programme": "SAE",
        "recognised_service_type_ids": frozenset({1}),
        "hours_per_participant": Decimal(100),
        "participants": 10,
        "real_hourly_cost": Decimal(80),
        "hourly_rate": Decimal(50),
    } | fields
    return Parameters(org_id=org_id, valid_from=valid_from, valid_to=valid_to, **values)


def test_it_gives_nothing_for_an_empty_period_without_parameters():
    assert centre_figures([], [], *Q1) == {}


def test_it_funds_an_empty_period_and_prices_no_hours():
    fig = centre_figures([], [params()], *Q1)[1]
    # 10 participants × 100 h × $50 = $50,000 a year; 90 of 365 days.
    assert money(fig.funded_amount) == Decimal("12328.77")
    assert fig.total_minutes == 0
    assert fig.real_cost == 0
    assert fig.recognised_share is None
    assert money(fig.gap_amount) == Decimal("-12328.77")


def test_it_computes_the_quarter_by_hand():
    jan = (D(2026, 1, 1), D(2026, 1, 31))
    buckets = [
        Bucket(1, *jan, "client_intervention", 6000, service_type_id=1),  # 100 h recognised
        Bucket(1, *jan, "client_intervention", 600, service_type_id=2),  # 10 h not recognised
        Bucket(1, *jan, "job_retention", 1200),  # 20 h
        Bucket(1, *jan, "peripheral", 1800, peripheral_id=3),  # 30 h
    ]
    fig = centre_figures(buckets, [params()], *Q1)[1]
    assert fig.total_minutes == 9600  # 160 h
    assert fig.minutes_by_key == {"client_intervention": 6600, "job_retention": 1200, "peripheral:3": 1800}
    assert fig.recognised_minutes == 6000
    assert fig.recognised_share == Decimal("0.625")
    assert fig.real_cost == Decimal(12800)  # 160 h × $80
    assert money(fig.funded_amount) == Decimal("12328.77")  # 50,000 × 90/365
    assert money(fig.gap_amount) == Decimal("471.23")  # 12,800 − 12,328.77
    # Funded hours: 10 × 100 h × 90/365 = 246.575… h; gap = 160 − 246.58 = −86.58 h.
    assert (fig.funded_minutes / 60).quantize(Decimal("0.01")) == Decimal("246.58")
    assert (fig.gap_minutes / 60).quantize(Decimal("0.01")) == Decimal("-86.58")
    assert fig.participants == 10
    assert money(fig.funded_per_participant) == Decimal("1232.88")
    assert money(fig.real_cost_per_participant) == Decimal("1280.00")


def test_it_prorates_a_rate_change_in_the_middle_of_the_period():
    before = params(valid_to=D(2026, 2, 14))  # Jan 1 – Feb 14: 45 days at $50, real cost $80
    after = params(valid_from=D(2026, 2, 15), hourly_rate=Decimal(60), real_hourly_cost=Decimal(90))  # 45 days
    buckets = [
        Bucket(1, D(2026, 2, 1), D(2026, 2, 14), "peripheral", 600, peripheral_id=3),  # 10 h × 80 = 800
        Bucket(1, D(2026, 2, 15), D(2026, 2, 28), "peripheral", 600, peripheral_id=3),  # 10 h × 90 = 900
    ]
    fig = centre_figures(buckets, [before, after], *Q1)[1]
    # 1,000 participant-hours × (50 × 45 + 60 × 45) / 365 = 110,000 × 45 / 365 = 13,561.64
    assert money(fig.funded_amount) == Decimal("13561.64")
    assert fig.real_cost == Decimal(1700)
    # The month table splits the funding by the days of each month: Feb = 1000 × (50 × 14 + 60 × 14) / 365.
    assert money(fig.months[D(2026, 2, 1)].funded_amount) == Decimal("4219.18")
    assert money(fig.months[D(2026, 1, 1)].funded_amount) == Decimal("4246.58")  # 50,000 × 31/365


def test_it_uses_the_middle_of_the_cost_range_when_no_rate_is_given():
    fig = centre_figures([], [params(hourly_rate=None, rate_min=Decimal(40), rate_max=Decimal(60))], *Q1)[1]
    assert money(fig.funded_amount) == Decimal("12328.77")  # same as $50


def test_it_counts_a_partial_week_at_the_edges_of_the_period():
    # Period Wed 7 – Tue 13 January 2026: 7 days → 50,000 × 7/365.
    fig = centre_figures([], [params()], D(2026, 1, 7), D(2026, 1, 13))[1]
    assert money(fig.funded_amount) == Decimal("958.90")


def test_it_weighs_leap_years_by_their_own_length():
    assert year_fraction(D(2028, 1, 1), D(2028, 12, 31)) == 1
    assert year_fraction(D(2027, 12, 31), D(2028, 1, 1)) == Decimal(1) / 365 + Decimal(1) / 366


def test_it_leaves_hours_without_parameters_unpriced():
    buckets = [Bucket(1, D(2025, 12, 1), D(2025, 12, 31), "peripheral", 120, peripheral_id=3)]
    fig = centre_figures(buckets, [params()], D(2025, 12, 1), D(2026, 1, 31))[1]
    assert fig.unpriced_minutes == 120
    assert fig.real_cost == 0


def test_it_recognises_a_service_type_any_valid_programme_recognises():
    other = params(programme="Other", recognised_service_type_ids=frozenset({2}), participants=0)
    buckets = [Bucket(1, D(2026, 1, 1), D(2026, 1, 31), "client_intervention", 60, service_type_id=2)]
    fig = centre_figures(buckets, [params(), other], *Q1)[1]
    assert fig.recognised_minutes == 60
    assert fig.real_cost == 80  # mean of the two programmes' real hourly cost (80 and 80)


def _network(n: int):
    jan = (D(2026, 1, 1), D(2026, 1, 31))
    buckets = [Bucket(i, *jan, "peripheral", 60, peripheral_id=3) for i in range(1, n + 1)]
    per_centre = centre_figures(buckets, [params(org_id=i) for i in range(1, n + 1)], *Q1)
    return combine(per_centre, range(1, n + 1))


def test_it_hides_network_cells_built_from_fewer_than_three_centres():
    agg = _network(2)
    tables = report_tables(agg.figures, {"peripheral:3": "Gestion interne"}, aggregate=agg)
    values = [cell.value for table in tables for row in table.rows for cell in row[1:]]
    assert values and all(value is SUPPRESSED or value is None for value in values)


def test_it_shows_network_cells_built_from_five_centres():
    agg = _network(5)
    assert agg.centres == 5
    assert agg.figures.total_minutes == 300
    assert money(agg.figures.funded_amount) == Decimal("61643.84")  # 5 × 12,328.77 (rounded once at the end)
    tables = report_tables(agg.figures, {"peripheral:3": "Gestion interne"}, aggregate=agg)
    categories = tables[0]
    assert categories.rows[0][1].value == Decimal("5.00")


def test_it_suppresses_a_category_only_two_centres_recorded():
    agg = _network(5)
    agg.contributions["minutes:job_retention"] = [60, 60]
    cell = Gate(agg).cell("hours", Decimal(1), "minutes:job_retention")
    assert cell.suppressed


def test_it_applies_the_dominance_rule_to_every_figure_and_share():
    """One centre with most of a category's hours: its hours, its share of all hours and the unpriced line hide."""
    jan = (D(2026, 1, 1), D(2026, 1, 31))
    buckets = [Bucket(i, *jan, "peripheral", 60, peripheral_id=3) for i in range(1, 6)]
    buckets += [Bucket(1, *jan, "job_retention", 900), Bucket(2, *jan, "job_retention", 60),
                Bucket(3, *jan, "job_retention", 60)]  # fmt: skip
    buckets += [Bucket(9, *jan, "peripheral", 6000, peripheral_id=3)]  # a centre without parameters: unpriced
    per_centre = centre_figures(buckets, [params(org_id=i) for i in range(1, 6)], *Q1)
    agg = combine(per_centre, [*range(1, 6), 9])
    labels = {"job_retention": "Maintien", "peripheral:3": "Gestion interne"}
    with override("en"):
        categories, funding, months = report_tables(agg.figures, labels, aggregate=agg)
    retention, internal = categories.rows[0], categories.rows[1]
    assert retention[1].suppressed and retention[2].suppressed  # 900 of 1,020 minutes: 88 % from one centre
    assert internal[1].suppressed  # 6,000 of 6,300 minutes from one centre
    unpriced = next(row for row in funding.rows if "not priced" in str(row[0].value))
    assert unpriced[1].suppressed  # one centre's hours only
    assert all(cell.suppressed for row in months.rows for cell in row[1:3])  # the month's hours: dominated
    funded = next(row for row in funding.rows if str(row[0].value).startswith("Funded amount ("))
    assert not funded[1].suppressed  # five equal centres


def test_it_suppresses_small_regions_in_the_region_table():
    per_centre = centre_figures([], [params(org_id=i) for i in range(1, 8)], *Q1)
    groups = group_by_region({1: "01", 2: "01", 3: "01", 4: "01", 5: "01", 6: "02", 7: "02"}, range(1, 8))
    table = region_table([(label, combine(per_centre, ids)) for label, ids in groups.items()])
    big, small = table.rows
    assert big[1].value == 5 and big[4].value == Decimal("61643.84")
    assert small[1].value is SUPPRESSED and small[4].value is SUPPRESSED  # two centres
