"""Bad input never gives a 500 and is never echoed unescaped."""

from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from referrals.models import ContactRequest

FIELDS = ["token", "name", "phone", "email", "preferred_language", "availability", "message", "consent", "homepage"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=300)))
@example({"name": "<script>alert(1)</script>", "phone": "<script>", "token": "<script>"})
def test_the_request_form_survives_anything(client, centre_a, settings_override, data):
    response = client.post(reverse("referrals:request_new", args=[centre_a.pk]), data)
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert "<script" not in response.content.decode().split("<main", 1)[1].lower()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["reference", "contact", "wants", "homepage"]), st.text(max_size=200)))
def test_the_data_request_form_survives_anything(client, db, settings_override, data):
    response = client.post(reverse("referrals:privacy_request"), data)
    assert response.status_code == 200


def test_it_rate_limits_the_data_request_form(client, db, settings):
    settings.CONTACT_REQUEST_RATE_LIMIT = 1
    url = reverse("referrals:privacy_request")
    assert (
        client.post(url, {"reference": "TTX-AAAA-BBBB", "contact": "x@example.org", "wants": "access"}).status_code
        == 200
    )
    assert (
        client.post(url, {"reference": "TTX-AAAA-BBBB", "contact": "x@example.org", "wants": "access"}).status_code
        == 429
    )


def test_it_ignores_the_data_request_honeypot(client, request_a):
    client.post(
        reverse("referrals:privacy_request"),
        {"reference": request_a.reference, "contact": "jeanne@example.net", "wants": "delete", "homepage": "x"},
    )
    assert not request_a.mails.exists()
    assert not ContactRequest.objects.filter(purged_at__isnull=False).exists()
