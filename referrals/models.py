"""Contact requests sent by people (or by a counsellor on their behalf) to a centre, and what staff do with them.

Personal data lives only in ContactRequest's contact fields, its notes and its outgoing mail (outbox.OutgoingMail);
the purge blanks them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Organization, ServiceAtLocation


class ContactRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        CONTACTED = "contacted", _("contacted")
        IN_SERVICE = "in_service", _("in service")
        CLOSED = "closed", _("closed")
        NOT_REACHED = "not_reached", _("not reached")
        REFUSED = "refused", _("refused")

    FINAL_STATUSES = (Status.CLOSED, Status.NOT_REACHED, Status.REFUSED)
    STATUSES_WITH_REASON = (Status.NOT_REACHED, Status.REFUSED)

    class Language(models.TextChoices):
        FR = "fr", _("French")
        EN = "en", _("English")
        OTHER = "other", _("Another language")

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    idempotency_key = models.CharField(max_length=64, unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="contact_requests")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.SET_NULL, related_name="contact_requests"
    )
    # Personal data (blanked by the purge).
    name = models.CharField(_("name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.FR
    )
    availability = models.CharField(_("availability"), max_length=300, blank=True)
    message = models.TextField(_("message"), blank=True)
    eligibility_consent = models.BooleanField(_("consented to share the eligibility answers"), default=False)
    eligibility_answers = models.JSONField(default=dict, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals_made"
    )
    # Workflow.
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    # Random, shared with the anonymous contact event until the purge erases both ("" = no event: DNT/GPC).
    insights_token = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "status"], name="request_org_status")]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None


class RequestNote(models.Model):
    """An internal note by the centre's staff; never shown to the person, deleted by the purge."""

    contact_request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.contact_request_id} note {self.pk}"


class RequestTransfer(models.Model):
    """A request moved from one centre to another, with the person's agreement."""

    contact_request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="transfers")
    from_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    to_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    person_agreed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.from_organization_id} -> {self.to_organization_id}"


class RequestAccessLog(models.Model):
    """Who looked at or changed a request's personal data, and when (Law 25). Kept after the purge."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        STATUS = "status", _("changed the status")
        ASSIGN = "assign", _("assigned")
        NOTE = "note", _("added a note")
        TRANSFER = "transfer", _("transferred")
        PURGE = "purge", _("purged")
        PERSON_ACCESS = "person_access", _("person asked for their data")
        PERSON_DELETE = "person_delete", _("person deleted their data")

    contact_request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="access_logs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.contact_request_id}"


class ListingReminder(models.Model):
    """When an organisation was last reminded to confirm its listing."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="listing_reminder")
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.organization_id} {self.sent_at}"


# Going live (issue 13) ---------------------------------------------------------------------------------------------


class ListingClaim(models.Model):
    """An imported organisation's way to live: invited to claim its listing, claimed by a manager, confirmed."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="claim")
    email = models.EmailField(_("invited address"))
    invited_at = models.DateTimeField(_("invited on"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(_("last reminded on"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed on"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("listing claim")
        verbose_name_plural = _("listing claims")

    def __str__(self) -> str:
        return str(self.organization)
