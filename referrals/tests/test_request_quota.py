"""Finding 4 of the production probe: invalid submissions spent a person's contact-form quota, and a blocked person
lost what they had typed. Only accepted requests count now, and the 429 keeps the form filled in, says why and gives
the centre's phone number."""

from django.urls import reverse

from referrals.models import ContactRequest


def _data(client, sal, **overrides):
    token = client.get(reverse("referrals:request_new", args=[sal.pk])).context["form"].initial["token"]
    data = {
        "token": token,
        "name": "Jeanne Tremblay",
        "phone": "418 555-0199",
        "email": "",
        "preferred_language": "fr",
        "availability": "",
        "message": "",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return data


def test_it_does_not_count_invalid_submissions(client, centre_a, settings):
    settings.CONTACT_REQUEST_RATE_LIMIT = 2
    url = reverse("referrals:request_new", args=[centre_a.pk])
    for _ in range(5):
        assert client.post(url, _data(client, centre_a, consent="")).status_code == 200  # consent missing
    assert client.post(url, _data(client, centre_a)).status_code == 302
    assert client.post(url, _data(client, centre_a)).status_code == 302
    assert ContactRequest.objects.count() == 2


def test_it_keeps_the_form_filled_in_when_the_quota_is_spent(client, centre_a, settings):
    settings.CONTACT_REQUEST_RATE_LIMIT = 1
    url = reverse("referrals:request_new", args=[centre_a.pk])
    assert client.post(url, _data(client, centre_a)).status_code == 302
    response = client.post(url, _data(client, centre_a, name="Léa Unique", message="Mon message précieux"))
    assert response.status_code == 429
    assert response["Retry-After"]
    body = response.content.decode()
    assert 'value="Léa Unique"' in body
    assert "Mon message précieux" in body
    assert "418 555-0100" in body  # the centre's phone (tests/fixtures/finder.py gives every point one)
    assert 'role="alert"' in body
    assert ContactRequest.objects.count() == 1
