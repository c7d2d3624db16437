"""The spreadsheet import pages of the admin: template, upload, preview, confirm; network administrators only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import network_admin_grant
from directory.models import Organization, SheetUpload
from tests.fixtures.accounts import make_staff, verified_login
from tests.fixtures.sheets import sheet_csv, sheet_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def admin_client(client):
    user = make_staff(email="admin.sheet@example.org")
    network_admin_grant(user)
    return verified_login(client, user)


def _upload(client, rows, name="feuille.csv"):
    return client.post(
        reverse("admin:directory_sheetupload_changelist"),
        {"file": SimpleUploadedFile(name, sheet_csv(rows), content_type="text/csv")},
    )


def test_it_offers_the_xlsx_template_with_an_explanation_sheet(admin_client):
    response = admin_client.get(reverse("admin:directory_sheet_template", args=["xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    data, notes = book.worksheets
    assert data["A1"].value == "cle_organisme"
    assert data["A2"].value == "exemple-a-remplacer"
    explained = [row[0] for row in notes.iter_rows(values_only=True)]
    assert "clienteles" in explained and "youth" in explained and "job-search" in explained


def test_it_offers_english_headings_and_csv(admin_client):
    url = reverse("admin:directory_sheet_template", args=["csv"])
    assert admin_client.get(url, {"lang": "en"}).content.decode("utf-8-sig").startswith("organization_key,")
    assert admin_client.get(url).content.decode("utf-8-sig").startswith("cle_organisme;")


def test_it_previews_then_imports_only_on_confirmation(admin_client):
    response = _upload(admin_client, [sheet_row(1), sheet_row(2, phone="12")])
    upload = SheetUpload.objects.get()
    assert response.url == reverse("admin:directory_sheet_preview", args=[upload.pk])
    preview = admin_client.get(response.url)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert '<th scope="row">3</th>' in text and "phone: " in text  # the bad row, by number and column
    assert not Organization.objects.filter(slug="feuille-0001").exists()
    confirmed = admin_client.post(reverse("admin:directory_sheet_confirm", args=[upload.pk]))
    assert confirmed.status_code == 302
    assert Organization.objects.filter(slug="feuille-0001").exists()
    assert not Organization.objects.filter(slug="feuille-0002").exists()
    assert not SheetUpload.objects.exists()


def test_it_explains_a_file_that_is_not_the_template_without_a_500(admin_client):
    response = admin_client.post(
        reverse("admin:directory_sheetupload_changelist"),
        {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04not really", content_type="application/octet-stream")},
    )
    assert response.status_code == 400
    assert not SheetUpload.objects.exists()


def test_a_centre_manager_cannot_open_the_import(client, centre_a):
    manager = make_staff(organization=centre_a.service.organization, role="manager")
    manager.is_staff = True
    manager.save()
    verified_login(client, manager)
    assert client.get(reverse("admin:directory_sheetupload_changelist")).status_code == 403
    assert client.get(reverse("admin:directory_sheet_template", args=["csv"])).status_code == 403
