"""Old events are folded into monthly counts and deleted; the dashboard reads both."""

import datetime as dt

from django.core.management import call_command

from insights import aggregates
from insights.aggregates import Period
from insights.folding import cells_coarsen
from insights.models import ContactEvent, ImpressionCount, MonthlyAggregate, SearchEvent
from insights.sample import sample_events_generate
from tests.fixtures.insights import make_contacts, make_searches

OLD = dt.date.today() - dt.timedelta(days=500)
OLD_MONTH = OLD.replace(day=1)


def test_it_folds_old_events_and_keeps_the_figures(centre_a):
    org = centre_a.service.organization.pk
    make_searches(12, day=OLD, unmet=True, clienteles="youth,women", result_count=0, fsa="G1R", organization_ids=[org])
    make_searches(3, day=OLD, region_code="05", organization_ids=[org + 1000])
    make_searches(5, day=dt.date.today())
    make_contacts(11, organization_id=org, day=OLD, hours=30.5)
    period = Period(start=OLD_MONTH, end=dt.date.today())
    before = (aggregates.search_counts(period), aggregates.clientele_counts(period),
              aggregates.zero_result_counts(period), aggregates.contact_status_counts(period),
              aggregates.contact_delay_counts(period), aggregates.impression_counts(period, {org}),
              aggregates.contact_status_counts(period, {org}))  # fmt: skip
    call_command("aggregate_old_events", "--days", "400")
    assert SearchEvent.objects.count() == 5
    assert ImpressionCount.objects.filter(month=OLD_MONTH).count() == 1  # the counter of 12 stays, the one of 3 goes
    assert ContactEvent.objects.count() == 0
    # The 3 searches of region 05 (a cell under the threshold, and still under it once merged) are not kept.
    assert MonthlyAggregate.objects.filter(measure="searches").get().count == 12
    assert not MonthlyAggregate.objects.filter(count__lt=10).exists()
    after = (aggregates.search_counts(period), aggregates.clientele_counts(period),
             aggregates.zero_result_counts(period), aggregates.contact_status_counts(period),
             aggregates.contact_delay_counts(period), aggregates.impression_counts(period, {org}),
             aggregates.contact_status_counts(period, {org}))  # fmt: skip
    del before[0][("05", OLD_MONTH)]
    assert after[1:] == before[1:]
    assert after[0] == before[0]
    assert aggregates.contact_status_counts(period, {org + 1000}) == {}


def test_it_adds_to_the_counts_already_folded(db):
    make_searches(12, day=OLD)
    call_command("aggregate_old_events")
    make_searches(13, day=OLD)
    call_command("aggregate_old_events")
    assert MonthlyAggregate.objects.get(measure="searches").count == 25


def test_it_keeps_no_folded_cell_under_the_threshold():
    month = dt.date(2025, 1, 1)
    cells = {
        (month, "03", "searches", "", False): 40,
        (month, "05", "searches", "", False): 4,
        (month, "06", "searches", "", False): 3,
        (month, "03", "clientele", "youth", False): 6,
        (month, "03", "centre_contact_status", "7:refused", False): 2,
        (month, "04", "centre_contact_status", "7:closed", False): 9,
        (month, "04", "centre_contact_status", "8:closed", False): 1,
    }
    kept = cells_coarsen(cells, 10)
    # 4 + 3 searches merged across regions are still 7: dropped; centre 7's 2 + 9 merged into its "other": kept.
    assert kept == {(month, "03", "searches", "", False): 40, (month, "", "centre_contact_status", "7:", False): 11}


def test_it_generates_sample_events_once(db, reference_data):
    totals = sample_events_generate(searches=600)
    assert totals["searches"] == 600
    assert SearchEvent.objects.filter(is_sample=False).count() == 0
    assert SearchEvent.objects.filter(unmet=True).exists()
    assert SearchEvent.objects.filter(result_count=0).exists()
    assert ContactEvent.objects.exclude(delay="").exists()
    call_command("generate_sample_events", "--searches", "50")
    assert SearchEvent.objects.count() == 600


def test_the_migration_coarsens_totals_folded_before(db):
    from django.apps import apps as django_apps

    from insights.migrations import __name__ as package

    migration = __import__(f"{package}.0004_coarsen_old_aggregates", fromlist=["coarsen"])
    month = dt.date(2024, 5, 1)
    for region, count in (("03", 40), ("05", 1), ("06", 2)):
        MonthlyAggregate.objects.create(month=month, region_code=region, measure="searches", count=count)
    MonthlyAggregate.objects.create(month=month, region_code="03", measure="clientele", key="youth", count=12)
    migration.coarsen(django_apps, None)  # the schema editor is not used
    kept = set(MonthlyAggregate.objects.values_list("region_code", "measure", "key", "count"))
    assert kept == {("03", "searches", "", 40), ("03", "clientele", "youth", 12)}
