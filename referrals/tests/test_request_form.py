import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from outbox.models import OutgoingMail
from referrals.models import ContactRequest


def _data(client, sal, **overrides):
    response = client.get(reverse("referrals:request_new", args=[sal.pk]))
    token = response.context["form"].initial["token"]
    data = {
        "token": token,
        "name": "Jeanne Tremblay",
        "phone": "418 555-0199",
        "email": "jeanne@example.net",
        "preferred_language": "fr",
        "availability": "Le matin",
        "message": "Bonjour",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_shows_the_form_with_the_consent_text(client, centre_a, language):
    with translation.override(language):
        url = reverse("referrals:request_new", args=[centre_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="consent"' in body
    assert "Centre A" in body
    assert ("90 jours" if language == "fr" else "90 days") in body


def test_it_stores_the_request_before_showing_the_reference(client, centre_a, django_capture_on_commit_callbacks):
    url = reverse("referrals:request_new", args=[centre_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _data(client, centre_a))
    contact_request = ContactRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:request_sent", args=[contact_request.reference])
    page = client.get(response["Location"])
    assert contact_request.reference in page.content.decode()
    assert "Jeanne" not in page.content.decode()
    assert contact_request.organization == centre_a.service.organization
    assert contact_request.referred_by is None
    assert contact_request.eligibility_consent is False


def test_it_sends_an_acknowledgement_and_a_notice_without_personal_data(
    client, centre_a, counsellor_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("referrals:request_new", args=[centre_a.pk]), _data(client, centre_a))
    contact_request = ContactRequest.objects.get()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert contact_request.reference in by_recipient["jeanne@example.net"].body
    notice = by_recipient[counsellor_a.email]
    for personal in ("Jeanne", "Tremblay", "555-0199", "jeanne@example.net", "Bonjour", "matin"):
        assert personal not in notice.body and personal not in notice.subject
    assert f"/portal/requests/{contact_request.pk}/" in notice.body
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}


def test_it_needs_a_phone_or_an_email(client, centre_a):
    response = client.post(
        reverse("referrals:request_new", args=[centre_a.pk]), _data(client, centre_a, phone="", email="")
    )
    assert response.status_code == 200
    assert not ContactRequest.objects.exists()
    assert "phone" in response.content.decode().lower() or "téléphone" in response.content.decode().lower()


def test_it_needs_consent(client, centre_a):
    data = _data(client, centre_a)
    del data["consent"]
    client.post(reverse("referrals:request_new", args=[centre_a.pk]), data)
    assert not ContactRequest.objects.exists()


def test_it_creates_one_request_for_a_double_submission(client, centre_a):
    url = reverse("referrals:request_new", args=[centre_a.pk])
    data = _data(client, centre_a)
    first = client.post(url, data)
    second = client.post(url, data)
    assert ContactRequest.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_it_rejects_the_honeypot(client, centre_a):
    response = client.post(
        reverse("referrals:request_new", args=[centre_a.pk]), _data(client, centre_a, homepage="http://spam")
    )
    assert response.status_code == 400
    assert not ContactRequest.objects.exists()


def test_it_rate_limits_per_address(client, centre_a, settings):
    settings.CONTACT_REQUEST_RATE_LIMIT = 2
    url = reverse("referrals:request_new", args=[centre_a.pk])
    for _ in range(2):
        assert client.post(url, _data(client, centre_a)).status_code == 302
    response = client.post(url, _data(client, centre_a))
    assert response.status_code == 429
    assert ContactRequest.objects.count() == 2
    other = client.post(url, _data(client, centre_a), REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_it_marks_a_referral_by_a_logged_in_counsellor(staff_client, counsellor_b, centre_a):
    client = staff_client(counsellor_b)
    url = reverse("referrals:request_new", args=[centre_a.pk])
    response = client.post(url, _data(client, centre_a))
    assert response.status_code == 200  # the "person agreed" box is required
    response = client.post(url, _data(client, centre_a, on_behalf="on"))
    assert response.status_code == 302
    assert ContactRequest.objects.get().referred_by == counsellor_b


def test_it_shares_eligibility_answers_only_with_consent(client, centre_a, monkeypatch):
    monkeypatch.setattr(
        "referrals.public_views.eligibility_answers_from_session", lambda request: {"region": "03", "age": 30}
    )
    url = reverse("referrals:request_new", args=[centre_a.pk])
    client.post(url, _data(client, centre_a))
    client.post(url, _data(client, centre_a, share_eligibility="on"))
    without, with_consent = ContactRequest.objects.order_by("created_at", "pk")
    assert without.eligibility_answers == {} and not without.eligibility_consent
    assert with_consent.eligibility_answers == {"region": "03", "age": 30} and with_consent.eligibility_consent


def test_it_404s_for_an_unknown_or_inactive_point(client, make_point):
    inactive = make_point(46.0, -71.0, is_active=False)
    assert client.get(reverse("referrals:request_new", args=[inactive.pk])).status_code == 404
    assert client.get(reverse("referrals:request_new", args=[999999])).status_code == 404


def test_it_rejects_a_forged_token_without_a_500(client, centre_a):
    response = client.post(
        reverse("referrals:request_new", args=[centre_a.pk]), _data(client, centre_a, token="<script>")
    )
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_it_reads_the_answers_the_eligibility_questions_left_in_the_session(client, centre_a):
    session = client.session
    session["eligibility_profile"] = {"age_range": "16-24", "career_change": True}
    session.save()
    url = reverse("referrals:request_new", args=[centre_a.pk])
    page = client.get(url)
    assert 'name="share_eligibility"' in page.content.decode()
    client.post(url, _data(client, centre_a, share_eligibility="on"))
    answers = ContactRequest.objects.get().eligibility_answers
    assert answers.get("career_change") is True


def test_it_hides_the_eligibility_box_when_there_are_no_answers(client, centre_a):
    page = client.get(reverse("referrals:request_new", args=[centre_a.pk]))
    assert 'name="share_eligibility"' not in page.content.decode()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_preselects_the_language_the_person_reads(client, centre_a, lang):
    with translation.override(lang):
        html = client.get(reverse("referrals:request_new", args=[centre_a.pk])).content.decode()
    checked = re.findall(r'<input[^>]*name="preferred_language"[^>]*>', html)
    assert [tag for tag in checked if "checked" in tag and f'value="{lang}"' in tag]
