"""The outbox: e-mails are stored, then sent by a background task that retries with backoff.

A failing mail server never blocks or loses a contact request: the row stays pending, the task re-enqueues itself
(when the task backend can defer) and ``manage.py send_pending_mail`` retries whatever is still due.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from outbox.models import OutgoingMail

logger = logging.getLogger(__name__)


def max_attempts() -> int:
    return getattr(settings, "MAIL_MAX_ATTEMPTS", 6)


def backoff(attempts: int) -> timedelta:
    """Wait 1, 2, 4, 8… minutes after each failed attempt, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def mail_render(template: str, context: dict, *, language: str) -> tuple[str, str]:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in the given language."""
    with translation.override(language if language in ("fr", "en") else "fr"):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return subject, body


def mail_queue(*, to: str, subject: str, body: str, kind: str, contact_request=None) -> OutgoingMail:
    """Store an e-mail and ask the task backend to send it once the current transaction commits."""
    mail = OutgoingMail.objects.create(
        to=to, subject=subject, body=body, kind=kind, contact_request=contact_request, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: _enqueue(mail.pk))
    return mail


def _enqueue(mail_id: int, run_after=None) -> None:
    from outbox.tasks import deliver_mail

    try:
        task = deliver_mail
        if run_after is not None:
            task = task.using(run_after=run_after)
        task.enqueue(mail_id)
    except Exception:
        # The row stays pending; send_pending_mail will pick it up.
        logger.exception("Could not enqueue mail %s", mail_id)


def mail_deliver(*, mail_id: int, requeue: bool = True) -> str:
    """Try to send one stored e-mail once. Returns its status afterwards."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status == OutgoingMail.Status.SENT:
            return mail.status if mail else "missing"
        mail.attempts += 1
        try:
            send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to])
        except Exception as error:
            mail.last_error = f"{type(error).__name__}: {error}"[:300]
            if mail.attempts >= max_attempts():
                mail.status = OutgoingMail.Status.FAILED
                mail.next_attempt_at = None
            else:
                mail.next_attempt_at = timezone.now() + backoff(mail.attempts)
            mail.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            logger.warning("Mail %s failed (attempt %s): %s", mail.pk, mail.attempts, mail.last_error)
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.next_attempt_at = None
            mail.last_error = ""
            mail.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "sent_at"])
            return mail.status
    if requeue and mail.status == OutgoingMail.Status.PENDING and _backend_can_defer():
        transaction.on_commit(lambda: _enqueue(mail.pk, run_after=mail.next_attempt_at))
    return mail.status


def _backend_can_defer() -> bool:
    from django.tasks import default_task_backend

    return bool(getattr(default_task_backend, "supports_defer", False))


def mails_send_pending(*, include_failed: bool = False) -> dict[str, int]:
    """Try every unsent e-mail that is due (and, with include_failed, those that ran out of attempts)."""
    statuses = [OutgoingMail.Status.PENDING] + ([OutgoingMail.Status.FAILED] if include_failed else [])
    due = OutgoingMail.objects.filter(status__in=statuses).exclude(next_attempt_at__gt=timezone.now())
    counts = {"sent": 0, "pending": 0, "failed": 0}
    for mail_id in due.values_list("pk", flat=True):
        if include_failed:
            OutgoingMail.objects.filter(pk=mail_id, status=OutgoingMail.Status.FAILED).update(
                status=OutgoingMail.Status.PENDING
            )
        status = mail_deliver(mail_id=mail_id, requeue=False)
        counts[status] = counts.get(status, 0) + 1
    return counts


def mail_keep_days() -> int:
    return getattr(settings, "SENT_MAIL_KEEP_DAYS", 3)


def mails_purge_bodies(*, now=None, days: int | None = None) -> int:
    """Blank the body and recipient of mails delivered (or given up on) more than ``days`` ago: password-reset and
    invitation mails carry live links, the others a person's details. Kind, status and dates stay for the counts."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=mail_keep_days() if days is None else days)
    sent = Q(status=OutgoingMail.Status.SENT, sent_at__lt=cutoff)
    failed = Q(status=OutgoingMail.Status.FAILED, created_at__lt=cutoff)
    return OutgoingMail.objects.filter(sent | failed).exclude(body="", to="").update(body="", to="")
