"""Old events are folded into monthly counts and deleted; the dashboard reads both."""

import datetime as dt

from django.core.management import call_command

from insights import aggregates
from insights.aggregates import Period
from insights.models import ContactEvent, MonthlyAggregate, SearchEvent, SearchImpression
from insights.sample import sample_events_generate
from tests.fixtures.insights import make_contacts, make_searches

OLD = dt.date.today() - dt.timedelta(days=500)
OLD_MONTH = OLD.replace(day=1)


def test_it_folds_old_events_and_keeps_the_figures(centre_a):
    org = centre_a.service.organization.pk
    make_searches(12, day=OLD, unmet=True, clienteles="youth,women", result_count=0, fsa="G1R", organization_ids=[org])
    make_searches(5, day=dt.date.today())
    make_contacts(11, organization_id=org, day=OLD, hours=30.5)
    period = Period(start=OLD_MONTH, end=dt.date.today())
    before = (aggregates.search_counts(period), aggregates.clientele_counts(period),
              aggregates.zero_result_counts(period), aggregates.contact_status_counts(period),
              aggregates.contact_delay_histograms(period), aggregates.impression_counts(period, {org}),
              aggregates.contact_status_counts(period, {org}))  # fmt: skip
    call_command("aggregate_old_events", "--days", "400")
    assert SearchEvent.objects.count() == 5
    assert SearchImpression.objects.count() == 0
    assert ContactEvent.objects.count() == 0
    assert MonthlyAggregate.objects.filter(measure="searches").get().count == 12
    after = (aggregates.search_counts(period), aggregates.clientele_counts(period),
             aggregates.zero_result_counts(period), aggregates.contact_status_counts(period),
             aggregates.contact_delay_histograms(period), aggregates.impression_counts(period, {org}),
             aggregates.contact_status_counts(period, {org}))  # fmt: skip
    assert after == before
    assert aggregates.contact_status_counts(period, {org + 1000}) == {}


def test_it_adds_to_the_counts_already_folded(db):
    make_searches(12, day=OLD)
    call_command("aggregate_old_events")
    make_searches(3, day=OLD)
    call_command("aggregate_old_events")
    assert MonthlyAggregate.objects.get(measure="searches").count == 15


def test_it_generates_sample_events_once(db, reference_data):
    totals = sample_events_generate(searches=600)
    assert totals["searches"] == 600
    assert SearchEvent.objects.filter(is_sample=False).count() == 0
    assert SearchEvent.objects.filter(unmet=True).exists()
    assert SearchEvent.objects.filter(result_count=0).exists()
    assert ContactEvent.objects.exclude(hours_to_first_contact=None).exists()
    call_command("generate_sample_events", "--searches", "50")
    assert SearchEvent.objects.count() == 600
