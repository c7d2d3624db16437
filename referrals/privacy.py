"""Law 25: the scheduled purge and the person's own requests (access, deletion) by reference + contact."""

import calendar
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from insights.record import contact_forget
from lib.links import absolute_url
from outbox.mail import mail_queue, mail_render
from outbox.models import OutgoingMail
from referrals.contact import access_log
from referrals.models import ContactRequest, RequestAccessLog
from referrals.references import reference_normalise

DELETION_SALT = "referrals.person_deletion"


def retention_days() -> int:
    """Days a closed request keeps its personal data."""
    return getattr(settings, "REQUEST_RETENTION_DAYS", 90)


def max_age_months() -> int:
    """Months after which a request loses its personal data whatever its status (a request never closed too)."""
    return getattr(settings, "REQUEST_MAX_AGE_MONTHS", 12)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def request_erase(*, contact_request: ContactRequest, action: str, now=None) -> None:
    """Blank every piece of personal data of one request; the reference, dates and statuses stay for counts."""
    now = now or timezone.now()
    with transaction.atomic():
        contact_request.name = ""
        contact_request.phone = ""
        contact_request.email = ""
        contact_request.availability = ""
        contact_request.message = ""
        contact_request.eligibility_answers = {}
        contact_request.status_reason = ""
        contact_request.purged_at = now
        contact_forget(contact_request.insights_token)  # the anonymous event can no longer be found from the request
        contact_request.insights_token = ""
        contact_request.save()
        contact_request.notes.all().delete()
        OutgoingMail.objects.filter(contact_request=contact_request).delete()
        access_log(contact_request=contact_request, user=None, action=action)


def requests_purge(*, now=None, days: int | None = None, months: int | None = None) -> int:
    """Erase the personal data of requests closed more than ``days`` (default REQUEST_RETENTION_DAYS) ago, and of
    every request created more than ``months`` (default REQUEST_MAX_AGE_MONTHS) ago, closed or not."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days() if days is None else days)
    oldest = months_before(now, max_age_months() if months is None else months)
    closed_long_ago = Q(status__in=ContactRequest.FINAL_STATUSES, closed_at__lt=cutoff)
    due = ContactRequest.objects.filter(closed_long_ago | Q(created_at__lt=oldest), purged_at__isnull=True)
    count = 0
    for contact_request in due:
        request_erase(contact_request=contact_request, action=RequestAccessLog.Action.PURGE, now=now)
        count += 1
    return count


def _contact_matches(contact_request: ContactRequest, contact: str) -> bool:
    contact = contact.strip()
    if "@" in contact:
        return bool(contact_request.email) and constant_time_compare(
            contact.casefold(), contact_request.email.casefold()
        )
    digits = "".join(ch for ch in contact if ch.isdigit())[-10:]
    stored = "".join(ch for ch in contact_request.phone if ch.isdigit())[-10:]
    return len(digits) >= 7 and bool(stored) and constant_time_compare(digits, stored)


def person_find(*, reference: str, contact: str) -> ContactRequest | None:
    normalised = reference_normalise(reference)
    if not normalised:
        return None
    contact_request = ContactRequest.objects.filter(reference=normalised, purged_at__isnull=True).first()
    if contact_request and _contact_matches(contact_request, contact):
        return contact_request
    return None


def person_request(*, reference: str, contact: str, wants: str) -> bool:
    """Answer a person's access or deletion request by e-mail to the address on file only.

    Returns whether something was sent; the page shows the same neutral message either way so that nobody can
    probe which references exist.
    """
    contact_request = person_find(reference=reference, contact=contact)
    if contact_request is None or not contact_request.email:
        return False
    language = "en" if contact_request.preferred_language == "en" else "fr"
    if wants == "access":
        context = {"request": contact_request, "organization": contact_request.organization.name}
        template = "referrals/mail/person_data"
        access_log(contact_request=contact_request, user=None, action=RequestAccessLog.Action.PERSON_ACCESS)
    else:
        token = signing.dumps({"r": contact_request.reference}, salt=DELETION_SALT)
        context = {
            "reference": contact_request.reference,
            "url": absolute_url("referrals:privacy_delete", token, language=language),
        }
        template = "referrals/mail/person_delete"
    subject, body = mail_render(template, context, language=language)
    mail_queue(
        to=contact_request.email, subject=subject, body=body, kind=f"person_{wants}", contact_request=contact_request
    )
    return True


def deletion_token_request(token: str) -> ContactRequest | None:
    max_age = getattr(settings, "PERSON_DELETION_LINK_HOURS", 48) * 3600
    try:
        data = signing.loads(token, salt=DELETION_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return ContactRequest.objects.filter(reference=data.get("r"), purged_at__isnull=True).first()


def person_delete(*, contact_request: ContactRequest) -> None:
    request_erase(contact_request=contact_request, action=RequestAccessLog.Action.PERSON_DELETE)
