"""Background work (django.tasks): reminders and the purge (e-mail delivery is outbox.tasks)."""

from django.tasks import task


@task
def deliver_mail(mail_id: int) -> str:
    from outbox.mail import mail_deliver

    return mail_deliver(mail_id=mail_id)


@task
def send_request_reminders() -> int:
    from referrals.reminders import requests_remind

    return requests_remind()


@task
def send_listing_reminders() -> int:
    from referrals.reminders import listings_remind

    return listings_remind()


@task
def purge_personal_data() -> int:
    from outbox.mail import mails_purge_bodies
    from ratelimits.limits import ratelimit_prune
    from referrals.privacy import requests_purge

    ratelimit_prune()
    mails_purge_bodies()
    return requests_purge()
