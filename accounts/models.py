"""Staff accounts: centre counsellors and managers (through memberships) and the association's staff."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Organization


class User(AbstractUser):
    """A staff member. The public never has an account."""

    email = models.EmailField(_("e-mail"), unique=True)
    preferred_language = models.CharField(_("preferred language"), max_length=2, default="fr")
    is_network_admin = models.BooleanField(
        _("network administrator"), default=False, help_text=_("Association staff: edits rules, sees network counts")
    )
    is_analyst = models.BooleanField(
        _("analyst"), default=False, help_text=_("Association staff: reads the dashboards")
    )

    def organization_ids(self, *roles: str) -> set[int]:
        """Ids of the organisations this user belongs to, optionally only with the given roles."""
        memberships = self.memberships.all()
        if roles:
            memberships = memberships.filter(role__in=roles)
        return set(memberships.values_list("organization_id", flat=True))


class Membership(models.Model):
    """A user's role in one organisation. A manager may belong to several organisations."""

    class Role(models.TextChoices):
        COUNSELLOR = "counsellor", _("counsellor")
        MANAGER = "manager", _("manager")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.COUNSELLOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.role})"

    def get_additional_data(self) -> dict:
        """Stored with each audit entry (django-auditlog), so a centre's history survives the membership's deletion."""
        return {
            "organization_id": self.organization_id,
            "user_id": self.user_id,
            "user_email": self.user.email,
            "network_admin": self.user.is_network_admin,
        }


class Invitation(models.Model):
    """An offer to an existing account to join a centre. No membership exists until the account itself accepts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=12, choices=Membership.Role.choices)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], condition=models.Q(status="pending"), name="one_pending_invitation"
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.user} → {self.organization} ({self.status})"
