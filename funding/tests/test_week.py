"""The weekly grid: keyboard-friendly plain inputs, saving, corrections in the audit log, copy last week."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from funding.models import PeripheralCategory, ReportingPeriod, ServiceType, TimeRecord
from tests.fixtures.accounts import verified_login
from tests.fixtures.funding import make_record

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 1, 5)


def grid_url(centre):
    return reverse("funding:week", args=[centre.pk])


def test_it_shows_one_labelled_input_per_day_and_row(client, centre, counsellor):
    verified_login(client, counsellor)
    response = client.get(grid_url(centre), {"week": "2026-01-07"})
    html = response.content.decode()
    assert response.status_code == 200
    rows = PeripheralCategory.objects.filter(is_active=True).count() + 5
    assert html.count('class="minutes"') == rows * 7
    assert html.count('for="r0-d') == 7
    assert 'name="week" value="2026-01-05"' in html
    assert "tabindex=" not in html.replace('tabindex="-1"', "")  # natural tab order only


def _post(client, centre, cells: dict[str, str], rows: int = 7):
    kinds = {f"r{i}-kind": f"peripheral:{p.pk}" for i, p in enumerate(PeripheralCategory.objects.all()[:4])}
    kinds |= {"r4-kind": "client_intervention", "r5-kind": "client_intervention", "r6-kind": "job_retention"}
    data = {"week": MONDAY.isoformat(), "rows": str(rows)} | kinds | cells
    return client.post(grid_url(centre), data)


def test_it_saves_a_week_typed_as_minutes_and_hours(client, centre, counsellor):
    verified_login(client, counsellor)
    service = ServiceType.objects.get(slug="orientation")
    response = _post(
        client,
        centre,
        {
            "r0-d0": "90",
            "r0-d2": "1:15",
            "r4-client": "c-2026-0042",
            "r4-service": str(service.pk),
            "r4-d1": "2h",
            "r6-client": "C-2026-0007",
            "r6-start": "2025-12-01",
            "r6-milestone": "1",
            "r6-d4": "0:30",
        },
    )
    assert response.status_code == 302
    saved = {(r.date.weekday(), r.category, r.client_code, r.minutes) for r in TimeRecord.objects.all()}
    assert saved == {
        (0, "peripheral", "", 90),
        (2, "peripheral", "", 75),
        (1, "client_intervention", "C-2026-0042", 120),
        (4, "job_retention", "C-2026-0007", 30),
    }
    assert all(r.staff == counsellor and r.organization == centre for r in TimeRecord.objects.all())


def test_it_refuses_a_name_as_client_code_and_saves_nothing(client, centre, counsellor):
    verified_login(client, counsellor)
    service = ServiceType.objects.get(slug="orientation")
    response = _post(
        client, centre, {"r0-d0": "60", "r4-client": "Marie Tremblay", "r4-service": str(service.pk), "r4-d0": "60"}
    )
    assert response.status_code == 400
    assert "C-2026-0042" in response.content.decode()
    assert not TimeRecord.objects.exists()


def test_it_refuses_a_malformed_duration_without_crashing(client, centre, counsellor):
    verified_login(client, counsellor)
    response = _post(client, centre, {"r0-d0": "<script>", "r1-d1": "1:75"})
    assert response.status_code == 400
    assert "<script>" not in response.content.decode()
    assert not TimeRecord.objects.exists()


def test_it_records_a_correction_with_who_and_old_and_new_values(client, centre, counsellor):
    verified_login(client, counsellor)
    _post(client, centre, {"r0-d0": "60"})
    _post(client, centre, {"r0-d0": "45"})
    record = TimeRecord.objects.get()
    assert record.minutes == 45
    change = LogEntry.objects.get_for_object(record).filter(action=LogEntry.Action.UPDATE).get()
    assert change.changes_dict["minutes"] == ["60", "45"]
    assert change.actor == counsellor
    history = client.get(reverse("funding:record_edit", args=[centre.pk, record.pk])).content.decode()
    assert "60 → 45" in history


def test_it_empties_a_cell_by_deleting_the_record(client, centre, counsellor):
    verified_login(client, counsellor)
    _post(client, centre, {"r0-d0": "60"})
    _post(client, centre, {"r0-d0": ""})
    assert not TimeRecord.objects.exists()


def test_it_refuses_changes_in_a_closed_period(client, centre, counsellor):
    ReportingPeriod.objects.create(
        organization=centre, start=MONDAY, end=MONDAY + datetime.timedelta(days=6), is_closed=True
    )
    verified_login(client, counsellor)
    response = _post(client, centre, {"r0-d0": "60"})
    assert response.status_code == 302
    assert not TimeRecord.objects.exists()


def test_it_copies_last_week_into_empty_cells_only(client, centre, counsellor):
    make_record(centre, counsellor, MONDAY - datetime.timedelta(days=7), 60)
    make_record(centre, counsellor, MONDAY - datetime.timedelta(days=6), 30, "client_intervention")
    make_record(centre, counsellor, MONDAY, 15)  # already filled: kept
    verified_login(client, counsellor)
    response = client.post(reverse("funding:week_copy", args=[centre.pk]), {"week": MONDAY.isoformat()})
    assert response.status_code == 302
    this_week = TimeRecord.objects.filter(date__gte=MONDAY).order_by("date", "minutes")
    assert [(r.date, r.minutes) for r in this_week] == [(MONDAY, 15), (MONDAY + datetime.timedelta(days=1), 30)]


def test_it_lists_follow_ups_due(client, centre, counsellor):
    from django.utils import timezone

    today = timezone.localdate()
    start = today.replace(day=1) - datetime.timedelta(days=1)  # a job started on the last day of last month
    start = start.replace(day=min(start.day, 28))
    make_record(
        centre, counsellor, start, 30, "job_retention", job_start_date=start - datetime.timedelta(days=90), milestone=1
    )
    verified_login(client, counsellor)
    response = client.get(reverse("funding:followups", args=[centre.pk]))
    assert response.status_code == 200


def test_it_refuses_more_than_24_hours_for_one_person_on_one_day(client, centre, counsellor):
    verified_login(client, counsellor)
    response = _post(client, centre, {"r0-d2": "24:00", "r1-d2": "24:00", "r2-d2": "24:00", "r0-d3": "8h"})
    assert response.status_code == 302
    assert TimeRecord.objects.count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "7 janvier 2026" in page and "24 heures" in page


def test_it_counts_the_hours_recorded_in_another_centre(client, centre, other_centre, counsellor):
    from accounts.models import Membership

    Membership.objects.create(user=counsellor, organization=other_centre, role="counsellor")
    make_record(other_centre, counsellor, MONDAY, 20 * 60)
    verified_login(client, counsellor)
    _post(client, centre, {"r0-d0": "5h"})
    assert TimeRecord.objects.filter(organization=centre).count() == 0
    _post(client, centre, {"r0-d0": "4h"})
    assert TimeRecord.objects.filter(organization=centre).count() == 1
