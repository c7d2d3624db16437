from django.core import mail
from django.urls import reverse

from referrals.models import ContactRequest, RequestAccessLog, RequestTransfer


def test_it_logs_every_view_of_personal_data(staff_client, counsellor_a, request_a):
    client = staff_client(counsellor_a)
    response = client.get(reverse("referrals:detail", args=[request_a.pk]))
    assert "Jeanne Tremblay" in response.content.decode()
    log = RequestAccessLog.objects.get(contact_request=request_a)
    assert (log.user, log.action) == (counsellor_a, "view")
    client.get(reverse("referrals:detail", args=[request_a.pk]))
    assert RequestAccessLog.objects.filter(contact_request=request_a, action="view").count() == 2


def test_it_does_not_show_names_in_the_inbox_list(staff_client, counsellor_a, request_a):
    body = staff_client(counsellor_a).get(reverse("referrals:inbox")).content.decode()
    assert request_a.reference in body and "Jeanne" not in body
    assert not RequestAccessLog.objects.exists()


def test_it_moves_through_the_statuses(staff_client, counsellor_a, request_a):
    client = staff_client(counsellor_a)
    for status in ("contacted", "in_service", "closed"):
        response = client.post(reverse("referrals:change_status", args=[request_a.pk]), {"status": status})
        assert response.status_code == 302
        request_a.refresh_from_db()
        assert request_a.status == status
    assert request_a.closed_at is not None
    assert RequestAccessLog.objects.filter(action="status").count() == 3


def test_it_needs_a_reason_for_not_reached_or_refused(staff_client, counsellor_a, request_a):
    client = staff_client(counsellor_a)
    url = reverse("referrals:change_status", args=[request_a.pk])
    assert client.post(url, {"status": "refused", "reason": ""}).status_code == 400
    assert client.post(url, {"status": "refused", "reason": "Hors territoire"}).status_code == 302
    request_a.refresh_from_db()
    assert (request_a.status, request_a.status_reason) == ("refused", "Hors territoire")


def test_it_rejects_an_unknown_status_without_a_500(staff_client, counsellor_a, request_a):
    response = staff_client(counsellor_a).post(
        reverse("referrals:change_status", args=[request_a.pk]), {"status": "<b>hacked</b>"}
    )
    assert response.status_code == 400
    assert "<b>hacked</b>" not in response.content.decode()


def test_it_assigns_only_to_staff_of_the_same_centre(staff_client, counsellor_a, manager_a, counsellor_b, request_a):
    client = staff_client(manager_a)
    url = reverse("referrals:assign", args=[request_a.pk])
    assert client.post(url, {"assignee": counsellor_b.pk}).status_code == 400
    assert client.post(url, {"assignee": counsellor_a.pk}).status_code == 302
    request_a.refresh_from_db()
    assert request_a.assigned_to == counsellor_a


def test_it_adds_internal_notes(staff_client, counsellor_a, request_a):
    client = staff_client(counsellor_a)
    client.post(reverse("referrals:add_note", args=[request_a.pk]), {"text": "Rappeler jeudi"})
    assert request_a.notes.get().text == "Rappeler jeudi"
    assert "Rappeler jeudi" in client.get(reverse("referrals:detail", args=[request_a.pk])).content.decode()


def test_it_transfers_only_with_the_persons_agreement(
    staff_client, counsellor_a, counsellor_b, request_a, centre_b, django_capture_on_commit_callbacks
):
    client = staff_client(counsellor_a)
    url = reverse("referrals:transfer", args=[request_a.pk])
    target = str(centre_b.service.organization_id)
    assert client.post(url, {"organization": target}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"organization": target, "person_agreed": "on"}).status_code == 302
    request_a.refresh_from_db()
    assert request_a.organization == centre_b.service.organization
    assert request_a.status == ContactRequest.Status.NEW
    assert RequestTransfer.objects.get().person_agreed
    notice = [m for m in mail.outbox if m.to == [counsellor_b.email]][0]
    assert "Jeanne" not in notice.body


def test_it_shows_shared_eligibility_answers_with_their_labels(staff_client, counsellor_a, centre_a):
    from tests.fixtures.referrals import make_request

    shared = make_request(
        centre_a, eligibility_consent=True, eligibility_answers={"career_change": True, "employment": ["employed"]}
    )
    body = staff_client(counsellor_a).get(reverse("referrals:detail", args=[shared.pk])).content.decode()
    assert "career_change" not in body


def test_the_inbox_query_count_does_not_grow_with_the_requests(
    staff_client, counsellor_a, manager_a, centre_a, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.fixtures.referrals import make_request

    client = staff_client(counsellor_a)
    url = reverse("referrals:inbox")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    make_request(centre_a, assigned_to=manager_a)
    few = count()
    for _ in range(10):
        make_request(centre_a, assigned_to=counsellor_a)
    assert count() == few
