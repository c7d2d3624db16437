"""Contact requests: creation, the centre's workflow and the access log. Views call these; they hold no logic."""

import logging
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Membership, User
from directory.models import Organization, ServiceAtLocation
from insights.record import contact_record, new_token
from lib.links import absolute_url
from outbox.mail import mail_queue, mail_render
from referrals.models import ContactRequest, RequestAccessLog, RequestNote, RequestTransfer
from referrals.references import reference_generate

logger = logging.getLogger(__name__)


class WorkflowError(ValueError):
    """A change the workflow does not allow (the message is shown to staff)."""


def access_log(*, contact_request: ContactRequest, user: User | None, action: str, detail: str = "") -> None:
    RequestAccessLog.objects.create(contact_request=contact_request, user=user, action=action, detail=detail[:200])


def request_create(
    *,
    service_at_location: ServiceAtLocation,
    idempotency_key: str,
    name: str,
    phone: str,
    email: str,
    preferred_language: str,
    availability: str,
    message: str,
    eligibility_answers: dict | None,
    referred_by: User | None,
    record_event: bool = True,
) -> tuple[ContactRequest, bool]:
    """Store a request (once per idempotency key) and queue its e-mails. Returns (request, created).

    ``record_event`` False (the person's browser sent Do-Not-Track or Global Privacy Control): no anonymous event."""
    existing = ContactRequest.objects.filter(idempotency_key=idempotency_key).first()
    if existing:
        return existing, False
    for _attempt in range(5):
        try:
            with transaction.atomic():
                contact_request = ContactRequest.objects.create(
                    reference=reference_generate(),
                    idempotency_key=idempotency_key,
                    organization=service_at_location.service.organization,
                    service_at_location=service_at_location,
                    name=name,
                    phone=phone,
                    email=email,
                    preferred_language=preferred_language,
                    availability=availability,
                    message=message,
                    eligibility_consent=eligibility_answers is not None,
                    eligibility_answers=eligibility_answers or {},
                    referred_by=referred_by,
                    insights_token=new_token() if record_event else "",
                )
                _queue_created_mails(contact_request)
                contact_event_record(contact_request)
                return contact_request, True
        except IntegrityError:
            existing = ContactRequest.objects.filter(idempotency_key=idempotency_key).first()
            if existing:
                return existing, False
            # A reference collision (very unlikely): draw another one.
    raise RuntimeError("Could not draw a unique reference")


def centre_recipients(organization: Organization) -> list[tuple[str, str]]:
    """(e-mail, language) of the people to notify for a centre: its staff, else its public address."""
    users = User.objects.filter(memberships__organization=organization, is_active=True).exclude(email="")
    recipients = [(user.email, user.preferred_language) for user in users.distinct()]
    if not recipients and organization.email:
        recipients = [(organization.email, "fr")]
    return recipients


def _queue_created_mails(contact_request: ContactRequest) -> None:
    organization = contact_request.organization
    if contact_request.email:
        language = contact_request.preferred_language if contact_request.preferred_language == "en" else "fr"
        subject, body = mail_render(
            "referrals/mail/acknowledgement",
            {"reference": contact_request.reference, "organization": organization.name},
            language=language,
        )
        mail_queue(
            to=contact_request.email,
            subject=subject,
            body=body,
            kind="acknowledgement",
            contact_request=contact_request,
        )
    notify_centre(contact_request=contact_request, organization=organization, kind="new_request")


def notify_centre(*, contact_request: ContactRequest, organization: Organization, kind: str) -> None:
    """Tell a centre's staff a request waits for them: a link to the portal and nothing personal."""
    for address, language in centre_recipients(organization):
        subject, body = mail_render(
            "referrals/mail/centre_notification",
            {"url": absolute_url("referrals:detail", contact_request.pk, language=language), "kind": kind},
            language=language,
        )
        mail_queue(to=address, subject=subject, body=body, kind=kind)


def organizations_of(user: User) -> set[int]:
    if not user.is_authenticated:
        return set()
    return user.organization_ids()


def requests_visible_to(user: User) -> QuerySet[ContactRequest]:
    """Each centre sees only its own requests; network administrators see none (only counts)."""
    return ContactRequest.objects.filter(organization_id__in=organizations_of(user))


def contact_event_record(contact_request: ContactRequest, *, first_contact_at=None) -> None:
    """Keep the anonymous trace of the request for the network's figures: centre, region, day, status, delay."""
    point = contact_request.service_at_location
    region = point.region_id if point is not None else ""
    if not region:
        location = contact_request.organization.locations.order_by("pk").first()
        region = location.region_id if location is not None else ""
    contact_record(
        token=contact_request.insights_token,
        organization_id=contact_request.organization_id,
        region_code=region,
        created_on=contact_request.created_at,
        status=contact_request.status,
        first_contact_at=first_contact_at,
        is_sample=contact_request.organization.is_sample,
    )


def request_touch(contact_request: ContactRequest) -> None:
    contact_request.last_activity_at = timezone.now()
    contact_request.reminder_sent_at = None


def request_set_status(*, contact_request: ContactRequest, status: str, reason: str, by: User) -> None:
    if status not in ContactRequest.Status.values:
        raise WorkflowError("unknown status")
    if contact_request.is_purged:
        raise WorkflowError("purged")
    if status in ContactRequest.STATUSES_WITH_REASON and not reason.strip():
        raise WorkflowError("reason")
    first_contact = contact_request.status == ContactRequest.Status.NEW and status != ContactRequest.Status.NEW
    contact_request.status = status
    contact_request.status_reason = reason.strip() if status in ContactRequest.STATUSES_WITH_REASON else ""
    contact_request.closed_at = timezone.now() if status in ContactRequest.FINAL_STATUSES else None
    request_touch(contact_request)
    contact_request.save()
    access_log(contact_request=contact_request, user=by, action=RequestAccessLog.Action.STATUS, detail=status)
    contact_event_record(contact_request, first_contact_at=timezone.now() if first_contact else None)


def assignable_users(organization: Organization) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__organization=organization, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def request_assign(*, contact_request: ContactRequest, assignee: User | None, by: User) -> None:
    if (
        assignee is not None
        and not Membership.objects.filter(user=assignee, organization=contact_request.organization).exists()
    ):
        raise WorkflowError("not a member")
    contact_request.assigned_to = assignee
    request_touch(contact_request)
    contact_request.save()
    access_log(
        contact_request=contact_request,
        user=by,
        action=RequestAccessLog.Action.ASSIGN,
        detail=str(assignee.pk) if assignee else "",
    )


def request_add_note(*, contact_request: ContactRequest, text: str, by: User) -> RequestNote:
    if contact_request.is_purged:
        raise WorkflowError("purged")
    note = RequestNote.objects.create(contact_request=contact_request, author=by, text=text.strip())
    request_touch(contact_request)
    contact_request.save()
    access_log(contact_request=contact_request, user=by, action=RequestAccessLog.Action.NOTE)
    return note


def request_transfer(
    *, contact_request: ContactRequest, to_organization: Organization, person_agreed: bool, by: User
) -> RequestTransfer:
    """Move a request to another centre. The person's consent choices travel with it; assignment does not."""
    if not person_agreed:
        raise WorkflowError("consent")
    if to_organization.pk == contact_request.organization_id:
        raise WorkflowError("same")
    if contact_request.is_purged or contact_request.status in ContactRequest.FINAL_STATUSES:
        raise WorkflowError("closed")
    with transaction.atomic():
        transfer = RequestTransfer.objects.create(
            contact_request=contact_request,
            from_organization=contact_request.organization,
            to_organization=to_organization,
            by=by,
            person_agreed=True,
        )
        contact_request.organization = to_organization
        contact_request.service_at_location = None
        contact_request.assigned_to = None
        contact_request.status = ContactRequest.Status.NEW
        request_touch(contact_request)
        contact_request.save()
        access_log(
            contact_request=contact_request,
            user=by,
            action=RequestAccessLog.Action.TRANSFER,
            detail=f"{transfer.from_organization_id}->{to_organization.pk}",
        )
        notify_centre(contact_request=contact_request, organization=to_organization, kind="transferred_request")
        contact_event_record(contact_request)
    return transfer


def working_days_between(start: date, end: date) -> int:
    """Whole working days (Monday to Friday) after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    days = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days
