"""remove_sample_data: on a database holding sample and imported (real) data, exactly the real data remains, table
by table; something real that depends on sample data makes it refuse and remove nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from accounts.models import Membership, User
from directory.models import Organization
from directory.spreadsheet import sheet_import, sheet_read
from eligibility.models import Mandate
from funding.models import TimeRecord
from insights.models import ContactEvent, SearchEvent
from referrals.models import ContactRequest, RequestTransfer
from tests.fixtures.accounts import make_staff
from tests.fixtures.sheets import sheet_csv, sheet_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

# Tables whose rows, in the reference data, all belong to the sample directory (checked below).
SAMPLE_DIRECTORY_TABLES = {
    "directory_organization",
    "directory_service",
    "directory_location",
    "directory_address",
    "directory_phone",
    "directory_schedule",
    "directory_language",
    "directory_accessibility",
    "directory_servicearea",
    "directory_serviceatlocation",
    "directory_service_clienteles",
    "directory_service_kinds",
    "eligibility_mandate",  # the sample centres' own audiences
}
# Configuration the demo loader happened to create first, kept for the real administrators: the group of network
# administrators and its permissions.
KEPT_CONFIGURATION = {"auth_group", "auth_group_permissions"}
# Journals that keep their past: audit entries of the demo's creation, the cache.
NOT_COMPARED = {"auditlog_logentry", "django_cache", "django_session"}


def _rows() -> dict[str, set]:
    found = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in NOT_COMPARED or not model._meta.managed:
            continue
        found[table] = set(model._base_manager.values_list("pk", flat=True))
    return found


def _demo_load():
    for command, args in [
        ("create_sample_staff", []),
        ("generate_sample_requests", []),
        ("generate_sample_time_records", []),
        ("generate_sample_events", ["--searches", "300"]),
    ]:
        call_command(command, *args, verbosity=0)


def _real_data_add():
    sheet_import(sheet_read(sheet_csv([sheet_row(n) for n in range(1, 6)]), "f.csv"))
    org = Organization.objects.get(slug="feuille-0001")
    manager = make_staff(organization=org, role="manager", email="real.manager@example.com")
    TimeRecord.objects.create(
        organization=org, staff=manager, date=timezone.localdate(), minutes=30, category="individual"
    )
    ContactRequest.objects.create(reference="REAL-0001", idempotency_key="real-1", organization=org, name="Réelle")
    ContactEvent.objects.create(organization=org, region_code="01", month=timezone.localdate().replace(day=1))


def test_it_leaves_exactly_the_imported_data(capsys):
    reference = _rows()
    assert not Organization.objects.filter(is_sample=False).exists()
    assert not Mandate.objects.filter(organization__is_sample=False).exists()
    _demo_load()
    with_demo = _rows()
    _real_data_add()
    full = _rows()
    out = StringIO()
    call_command("remove_sample_data", stdout=out)
    after = _rows()
    for table, rows in full.items():
        demo = set() if table in KEPT_CONFIGURATION else with_demo[table] - reference[table]
        sample_reference = reference[table] if table in SAMPLE_DIRECTORY_TABLES else set()
        expected = rows - demo - sample_reference
        assert after[table] == expected, table
        assert len(after[table]) == len(expected), table
    assert Organization.objects.filter(is_sample=True).count() == 0
    assert Organization.objects.count() == 5
    assert not User.objects.filter(email="admin@example.org").exists()
    assert User.objects.filter(email="real.manager@example.com").exists()
    assert SearchEvent.objects.filter(is_sample=True).count() == 0
    assert "directory.Organization: 119" in out.getvalue()


def test_a_dry_run_removes_nothing():
    _demo_load()
    before = _rows()
    call_command("remove_sample_data", "--dry-run", stdout=StringIO())
    assert _rows() == before


def test_it_refuses_when_a_demo_account_belongs_to_a_real_centre():
    _demo_load()
    _real_data_add()
    demo = User.objects.get(email="manager@example.org")
    Membership.objects.create(user=demo, organization=Organization.objects.get(slug="feuille-0002"), role="manager")
    before = _rows()
    with translation.override("en"), pytest.raises(CommandError, match="manager@example.org"):
        call_command("remove_sample_data", stdout=StringIO())
    assert _rows() == before


def test_it_refuses_when_a_real_request_went_through_a_sample_centre():
    _real_data_add()
    real = ContactRequest.objects.get(reference="REAL-0001")
    sample = Organization.objects.filter(is_sample=True).first()
    RequestTransfer.objects.create(contact_request=real, from_organization=sample, to_organization=real.organization)
    with translation.override("en"), pytest.raises(CommandError, match="transferred"):
        call_command("remove_sample_data", stdout=StringIO())
    assert Organization.objects.filter(is_sample=True).exists()


def test_no_page_says_sample_data_once_none_remains(client):
    from django.urls import reverse

    about = reverse("pages:about")
    search = reverse("finder:search")
    assert "sample-badge" in client.get(about).content.decode()
    assert "sample-badge" in client.get(search, {"where": "Rimouski"}).content.decode()
    assert "fictional sample data" in client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    call_command("remove_sample_data", stdout=StringIO())
    assert "sample-badge" not in client.get(about).content.decode()
    assert "fictional sample data" not in client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "sample-badge" not in client.get(search, {"where": "Rimouski"}).content.decode()
