"""The outgoing mail queue: every e-mail is stored first, then sent by a task with retries, so a mail outage loses
nothing. Below accounts and referrals: any app may queue mail; this app imports none of them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """An e-mail waiting to go out (or sent: its body is blanked a few days after delivery)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=40)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # The request a mail is about, so erasing a request's personal data erases its mails too. A lazy reference:
    # this app never imports referrals.
    contact_request = models.ForeignKey(
        "referrals.ContactRequest", null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table keeps the name it had when the queue lived in referrals: moving the model moved no data.
        db_table = "referrals_outgoingmail"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_status_next")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"
