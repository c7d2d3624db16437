"""The outbox's background task: deliver one stored e-mail (retried with backoff by mail_deliver)."""

from django.tasks import task


@task
def deliver_mail(mail_id: int) -> str:
    from outbox.mail import mail_deliver

    return mail_deliver(mail_id=mail_id)
