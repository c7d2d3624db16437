import datetime
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from referrals.contact import working_days_between
from referrals.models import ContactRequest
from tests.fixtures.referrals import make_request


def test_working_days_skip_weekends():
    friday = datetime.date(2026, 11, 20)
    assert working_days_between(friday, friday + timedelta(days=1)) == 0  # Saturday
    assert working_days_between(friday, friday + timedelta(days=3)) == 1  # Monday
    assert working_days_between(friday, friday + timedelta(days=4)) == 2  # Tuesday


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1)), st.integers(0, 60))
def test_working_days_are_at_most_the_calendar_days(start, days):
    result = working_days_between(start, start + timedelta(days=days))
    assert 0 <= result <= days
    assert result >= (days // 7) * 5


def test_it_reminds_the_centre_once_about_untouched_requests(
    centre_a, counsellor_a, django_capture_on_commit_callbacks
):
    stale = make_request(centre_a)
    ContactRequest.objects.filter(pk=stale.pk).update(last_activity_at=timezone.now() - timedelta(days=5))
    make_request(centre_a)  # fresh
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_request_reminders")
        call_command("send_request_reminders")
    reminders = [m for m in mail.outbox if m.to == [counsellor_a.email]]
    assert len(reminders) == 1
    assert f"/portal/requests/{stale.pk}/" in reminders[0].body
    assert "Jeanne" not in reminders[0].body


def test_it_reminds_managers_of_stale_listings(make_point, django_capture_on_commit_callbacks):
    from directory.models import Organization
    from tests.fixtures.accounts import make_staff

    stale = make_point(46.0, -71.0, assured_date=datetime.date(2020, 1, 1))
    fresh = make_point(46.1, -71.0, assured_date=timezone.localdate())
    Organization.objects.update(is_member=False)  # the session's sample directory, if loaded
    Organization.objects.filter(pk__in=[stale.service.organization_id, fresh.service.organization_id]).update(
        is_member=True
    )
    manager = make_staff(organization=stale.service.organization, role="manager")
    make_staff(organization=fresh.service.organization, role="manager", email="fresh@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_listing_reminders", "--months", "6")
        call_command("send_listing_reminders", "--months", "6")
    assert [m.to for m in mail.outbox] == [[manager.email]]


def test_the_reminder_tasks_run(db):
    from referrals.tasks import send_listing_reminders, send_request_reminders

    assert send_request_reminders.enqueue().return_value == 0
    assert isinstance(send_listing_reminders.enqueue().return_value, int)
