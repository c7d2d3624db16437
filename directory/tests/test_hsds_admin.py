"""The admin's HSDS import page: network administrators check (dry run) or import a publication and read the
report; other staff are refused."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Organization
from tests.fixtures.accounts import make_staff, verified_client

from .hsds_publication import ORG, publication

URL = "admin:directory_hsds_import"


def _upload(data=None, name="pub.json"):
    content = json.dumps(data if data is not None else [publication(), {"id": "bad"}]).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def _admin(client):
    user = make_staff(is_network_admin=True)
    user.is_staff = True
    user.save()
    return verified_client(client, user)


def test_a_network_admin_checks_then_imports_and_reads_the_report(client, directory_ready):
    admin = _admin(client)
    page = admin.get(reverse(URL))
    assert page.status_code == 200 and b"HSDS" in page.content
    checked = admin.post(reverse(URL), {"file": _upload(), "dry_run": "on", "language": "fr"})
    assert checked.status_code == 200
    report = checked.context["report"]
    assert report.dry_run and report.created == 1 and len(report.rejected) == 1
    assert not Organization.objects.filter(uuid=ORG).exists()
    done = admin.post(reverse(URL), {"file": _upload(), "language": "fr"})
    assert done.context["report"].created == 1 and Organization.objects.filter(uuid=ORG).exists()
    assert "Rejected records" in done.content.decode() or "Fiches refusées" in done.content.decode()


def test_a_file_level_problem_is_shown_not_a_500(client, directory_ready):
    admin = _admin(client)
    response = admin.post(reverse(URL), {"file": SimpleUploadedFile("x.json", b"{oops"), "language": "fr"})
    assert response.status_code == 200 and response.context["error"]
    wrong = admin.post(reverse(URL), {"file": SimpleUploadedFile("x.exe", b"MZ"), "language": "fr"})
    assert wrong.status_code == 200 and wrong.context["form"].errors


def test_other_staff_cannot_import(client, directory_ready):
    user = make_staff()
    user.is_staff = True
    user.save()
    staff = verified_client(client, user)
    assert staff.get(reverse(URL)).status_code == 403
    assert staff.post(reverse(URL), {"file": _upload(), "language": "fr"}).status_code == 403
    assert not Organization.objects.filter(uuid=ORG).exists()


def test_the_organisation_list_links_to_the_import_for_network_admins(client, directory_ready):
    user = make_staff(is_network_admin=True)
    user.is_staff = user.is_superuser = True
    user.save()
    response = verified_client(client, user).get(reverse("admin:directory_organization_changelist"))
    assert reverse(URL) in response.content.decode()
