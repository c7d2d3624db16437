from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone


def _formsets_data(page) -> dict:
    """The POST data a browser would send back for the page's formsets, unchanged."""
    data = {}
    for _heading, formset in page.context["formsets"]:
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for index, subform in enumerate(formset.forms):
            if subform.instance.pk:
                data[f"{formset.prefix}-{index}-id"] = subform.instance.pk
            for name in subform.fields:
                value = subform[name].value()
                if value is True:
                    data[f"{formset.prefix}-{index}-{name}"] = "on"
                elif value not in (None, "", False):
                    data[f"{formset.prefix}-{index}-{name}"] = value.pk if hasattr(value, "pk") else value
    return data


def test_it_confirms_the_listing_in_one_click(staff_client, manager_a, centre_a):
    response = staff_client(manager_a).post(
        reverse("referrals:listing_confirm", args=[centre_a.service.organization_id])
    )
    assert response.status_code == 302
    centre_a.service.refresh_from_db()
    assert centre_a.service.assured_date == timezone.localdate()
    # Shown to the public as verified by the centre (its name), never by a staff member's name.
    assert centre_a.service.assurer == centre_a.service.organization.name
    entry = LogEntry.objects.get_for_object(centre_a.service).get()
    assert entry.actor == manager_a and "assured_date" in entry.changes


def test_it_edits_a_service_and_records_old_and_new(staff_client, manager_a, centre_a):
    client = staff_client(manager_a)
    url = reverse("referrals:service_edit", args=[centre_a.service.pk])
    page = client.get(url)
    form = page.context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data.update({"clienteles": [], "kinds": [], "name_fr": "Nouveau nom", "name_en": "New name", "status": "active"})
    data.update(_formsets_data(page))
    response = client.post(url, data)
    assert response.status_code == 302
    centre_a.service.refresh_from_db()
    assert centre_a.service.name_fr == "Nouveau nom"
    entry = LogEntry.objects.get_for_object(centre_a.service).latest("timestamp")
    assert entry.actor == manager_a
    assert entry.changes["name_fr"][1] == "Nouveau nom"


def test_it_adds_opening_hours_to_a_location(staff_client, manager_a, centre_a):
    client = staff_client(manager_a)
    location = centre_a.location
    url = reverse("referrals:location_edit", args=[location.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {"name_fr": location.name_fr, "name_en": location.name_en, **_formsets_data(page)}
    extra = len(page.context["formsets"][0][1].forms) - 1
    data.update({f"hours-{extra}-byday": "TU", f"hours-{extra}-opens_at": "09:00", f"hours-{extra}-closes_at": "12:00"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert location.schedules.filter(byday="TU").exists()
    assert LogEntry.objects.filter(action=LogEntry.Action.CREATE, actor=manager_a).exists()


def test_it_refuses_closing_before_opening(staff_client, manager_a, centre_a):
    from referrals.listing import ScheduleForm

    form = ScheduleForm({"byday": "MO", "opens_at": "12:00", "closes_at": "09:00"})
    assert not form.is_valid() and "closes_at" in form.errors


def test_a_manager_reaches_the_finder_snippet_and_the_posters_of_their_listing(staff_client, manager_a, centre_a):
    import re

    client = staff_client(manager_a)
    page = client.get(reverse("referrals:listing")).content.decode()
    org = centre_a.service.organization
    snippet = re.search(r'href="([^"]*/embed/snippet/[^"]*)"', page).group(1).replace("&amp;", "&")
    answer = client.get(snippet)
    assert answer.status_code == 200 and answer.context["form"].is_valid()
    assert answer.context["code"] and org.slug in answer.context["preview_url"]
    poster = re.search(r'href="([^"]*/posters/organization/[^"]*)"', page).group(1)
    assert client.get(poster).status_code == 200
