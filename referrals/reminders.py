"""Reminders: requests left untouched, listings not confirmed for a while. E-mails carry links, never personal data."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone

from accounts.models import Membership, User
from directory.models import Organization
from lib.links import absolute_url
from outbox.mail import mail_queue, mail_render
from referrals.contact import centre_recipients, working_days_between
from referrals.models import ContactRequest, ListingReminder


def requests_remind(*, now=None) -> int:
    """Remind the centre once about each new request untouched for REQUEST_REMINDER_WORKING_DAYS working days."""
    now = now or timezone.now()
    working_days = getattr(settings, "REQUEST_REMINDER_WORKING_DAYS", 2)
    today = timezone.localdate(now)
    candidates = ContactRequest.objects.filter(
        status=ContactRequest.Status.NEW, reminder_sent_at__isnull=True, purged_at__isnull=True
    ).select_related("organization", "assigned_to")
    reminded = 0
    for contact_request in candidates:
        if working_days_between(timezone.localdate(contact_request.last_activity_at), today) < working_days:
            continue
        recipients = _request_reminder_recipients(contact_request)
        for address, language in recipients:
            subject, body = mail_render(
                "referrals/mail/request_reminder",
                {"url": absolute_url("referrals:detail", contact_request.pk, language=language), "days": working_days},
                language=language,
            )
            mail_queue(to=address, subject=subject, body=body, kind="request_reminder")
        contact_request.reminder_sent_at = now
        contact_request.save(update_fields=["reminder_sent_at"])
        reminded += 1
    return reminded


def _request_reminder_recipients(contact_request: ContactRequest) -> list[tuple[str, str]]:
    if contact_request.assigned_to and contact_request.assigned_to.email:
        return [(contact_request.assigned_to.email, contact_request.assigned_to.preferred_language)]
    return centre_recipients(contact_request.organization)


def manager_recipients(organization: Organization) -> list[tuple[str, str]]:
    managers = User.objects.filter(
        memberships__organization=organization, memberships__role=Membership.Role.MANAGER, is_active=True
    ).distinct()
    recipients = [(user.email, user.preferred_language) for user in managers if user.email]
    if not recipients and organization.email:
        recipients = [(organization.email, "fr")]
    return recipients


def stale_organizations(*, months: int, now=None) -> list[Organization]:
    """Organisations with at least one active service not confirmed within ``months`` months (or never)."""
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - timedelta(days=30 * months)
    return list(
        Organization.objects.filter(is_member=True)
        .annotate(oldest=Min("services__assured_date"))
        .filter(
            Q(services__assured_date__lt=cutoff) | Q(services__assured_date__isnull=True), services__status="active"
        )
        .distinct()
        .order_by("name")
    )


def listings_remind(*, months: int | None = None, now=None) -> int:
    """E-mail each stale organisation's managers, at most once every LISTING_REMINDER_INTERVAL_DAYS days."""
    now = now or timezone.now()
    months = months or getattr(settings, "LISTING_REMINDER_MONTHS", 6)
    interval = timedelta(days=getattr(settings, "LISTING_REMINDER_INTERVAL_DAYS", 30))
    reminded = 0
    for organization in stale_organizations(months=months, now=now):
        last = ListingReminder.objects.filter(organization=organization).first()
        if last and last.sent_at > now - interval:
            continue
        for address, language in manager_recipients(organization):
            subject, body = mail_render(
                "referrals/mail/listing_reminder",
                {
                    "url": absolute_url("referrals:listing", language=language),
                    "months": months,
                    "organization": organization.name,
                },
                language=language,
            )
            mail_queue(to=address, subject=subject, body=body, kind="listing_reminder")
        ListingReminder.objects.update_or_create(organization=organization, defaults={"sent_at": now})
        reminded += 1
    return reminded
