"""Going live: each imported organisation is invited to claim its listing, a manager claims it (signs up with the
second factor through the invitation), checks and corrects it, and confirms it.

States, per organisation (real ones only, never sample data):
- imported: in the directory;
- invited: an invitation to claim it was sent (ListingClaim);
- claimed: one of its managers has logged in (with the second factor: the portal asks for it);
- confirmed: its centre confirmed the listing within the last CONFIRMED_FOR_DAYS days;
- stale: not confirmed for CONFIRMED_FOR_DAYS days (or never, once imported that long ago).
Invitations go through accounts.invitations' public function, so its rules (expiry, acceptance) stay in one place.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.invitations import invitation_create
from accounts.models import Membership, User
from directory.models import Location, Organization
from geography.models import Region
from referrals.listing import listing_confirm
from referrals.models import ListingClaim

CONFIRMED_FOR_DAYS = 365


def claim_reminder_days() -> int:
    return getattr(settings, "CLAIM_REMINDER_DAYS", 14)


def _managers_logged_in() -> Exists:
    return Exists(
        Membership.objects.filter(
            organization=OuterRef("pk"), role=Membership.Role.MANAGER, user__last_login__isnull=False
        )
    )


def real_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(is_sample=False)


def claimed_slugs() -> frozenset[str]:
    """Keys of organisations a centre now manages: a spreadsheet re-upload no longer overwrites them."""
    return frozenset(real_organizations().filter(_managers_logged_in()).values_list("slug", flat=True))


def claims_invite(*, organizations: QuerySet[Organization], by: User, again: bool = False) -> int:
    """Invite each organisation (with an e-mail) to claim its listing: its address becomes a manager's account.

    Already invited organisations are skipped unless ``again``. Returns the number of invitations sent."""
    sent = 0
    now = timezone.now()
    invited = set(ListingClaim.objects.values_list("organization_id", flat=True))
    for organization in organizations.filter(is_sample=False).exclude(email=""):
        if organization.pk in invited and not again:
            continue
        with transaction.atomic():
            invitation_create(
                email=organization.email,
                first_name="",
                last_name="",
                organization=organization,
                role=Membership.Role.MANAGER,
                by=by,
            )
            ListingClaim.objects.update_or_create(
                organization=organization,
                defaults={"email": organization.email, "invited_at": now, "invited_by": by},
            )
        sent += 1
    return sent


def claim_confirm(*, organization: Organization, by: User) -> int:
    """The centre confirms its listing: every service is verified today "by the centre" (its name is shown)."""
    with transaction.atomic():
        count = listing_confirm(organization=organization, by=by, assurer=organization.name)
        ListingClaim.objects.filter(organization=organization).update(confirmed_at=timezone.now())
        ListingClaim.objects.filter(organization=organization, claimed_by__isnull=True).update(
            claimed_by=by, claimed_at=timezone.now()
        )
    return count


def claims_remind(*, by: User | None = None, now=None) -> int:
    """Invite again the organisations invited CLAIM_REMINDER_DAYS ago or more that nobody has claimed yet (the first
    link has expired by then), at most once every CLAIM_REMINDER_DAYS days."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=claim_reminder_days())
    due = (
        ListingClaim.objects.filter(invited_at__lte=cutoff)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=cutoff))
        .annotate(
            claimed=Exists(
                Membership.objects.filter(
                    organization=OuterRef("organization"), role=Membership.Role.MANAGER, user__last_login__isnull=False
                )
            )
        )
        .filter(claimed=False, organization__is_sample=False)
        .select_related("organization", "invited_by")
    )
    reminded = 0
    for claim in due:
        inviter = by or claim.invited_by
        if inviter is None or not claim.organization.email:
            continue
        with transaction.atomic():
            invitation_create(
                email=claim.organization.email,
                first_name="",
                last_name="",
                organization=claim.organization,
                role=Membership.Role.MANAGER,
                by=inviter,
            )
            ListingClaim.objects.filter(pk=claim.pk).update(reminded_at=now)
        reminded += 1
    return reminded


@dataclass
class RegionCounts:
    code: str
    name: str
    imported: int = 0
    invited: int = 0
    claimed: int = 0
    confirmed: int = 0
    stale: int = 0
    organizations: set[int] = field(default_factory=set, repr=False)


def claims_by_region(*, now=None) -> tuple[list[RegionCounts], RegionCounts]:
    """Per region (where the organisation has a place), how many listings are imported, invited, claimed,
    confirmed and stale; and the network's totals (each organisation counted once)."""
    now = now or timezone.now()
    recent = now - timedelta(days=CONFIRMED_FOR_DAYS)
    organizations = (
        real_organizations()
        .annotate(claimed=_managers_logged_in())
        .values_list("pk", "created_at", "claimed", "claim__invited_at", "claim__confirmed_at")
    )
    state: dict[int, tuple[bool, bool, bool, bool]] = {}
    for pk, created_at, claimed, invited_at, confirmed_at in organizations:
        confirmed = confirmed_at is not None and confirmed_at >= recent
        stale = not confirmed and (confirmed_at is not None or created_at < recent)
        state[pk] = (invited_at is not None, bool(claimed), confirmed, stale)
    regions = {
        code: RegionCounts(code, name) for code, name in Region.objects.order_by("code").values_list("code", "name")
    }
    total = RegionCounts("", "")
    pairs = Location.objects.filter(organization_id__in=state).values_list("region_id", "organization_id").distinct()
    for region_code, org_id in pairs:
        counts = regions.get(region_code)
        if counts is None or org_id in counts.organizations:
            continue
        counts.organizations.add(org_id)
        _add(counts, state[org_id])
    for org_id in state:
        _add(total, state[org_id])
    return list(regions.values()), total


def _add(counts: RegionCounts, state: tuple[bool, bool, bool, bool]) -> None:
    invited, claimed, confirmed, stale = state
    counts.imported += 1
    counts.invited += invited
    counts.claimed += claimed
    counts.confirmed += confirmed
    counts.stale += stale
