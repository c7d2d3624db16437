"""Retire the sample data before going live: every sample organisation (and all that hangs from it), the requests
sent to them, the sample time records, funding parameters and events, and the demo accounts.

Nothing real is removed: if something real depends on sample data (a real request once transferred through a sample
centre, a demo account that is a member of a real centre or recorded real time), the removal refuses and says what,
and removes nothing.
"""

from collections import Counter
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.sample import DEMO_ACCOUNTS
from directory.models import Organization
from funding.models import FundingParameters, TimeRecord
from insights.models import ContactEvent, GuideReadEvent, MonthlyAggregate, SearchEvent
from referrals.models import ContactRequest, RequestTransfer

# Accounts created by the sample loaders: the documented demo accounts and funding-only sample counsellors.
SAMPLE_FUNDING_USERNAME = "sample-funding-"


class SampleRemovalRefused(Exception):  # noqa: N818 (a refusal, not an error of the program)
    """Something real depends on sample data; the message lists it."""


@dataclass
class RemovalReport:
    counts: Counter = field(default_factory=Counter)  # "app.Model" -> rows removed

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def demo_users():
    emails = [account.email for account in DEMO_ACCOUNTS]
    return User.objects.filter(Q(email__in=emails) | Q(username__startswith=SAMPLE_FUNDING_USERNAME))


def _problems(samples, users) -> list[str]:
    problems = []
    transfers = RequestTransfer.objects.filter(
        Q(from_organization__in=samples) | Q(to_organization__in=samples)
    ).exclude(contact_request__organization__in=samples)
    if transfers.exists():
        problems.append(
            _("%(count)s real request(s) were transferred through a sample centre: see them in the portal first.")
            % {"count": transfers.count()}
        )
    real_memberships = Membership.objects.filter(user__in=users).exclude(organization__in=samples)
    for email in sorted(set(real_memberships.values_list("user__email", flat=True))):
        problems.append(
            _("the demo account %(email)s is a member of a real centre: remove that membership first")
            % {"email": email}
        )
    real_time = TimeRecord.objects.filter(staff__in=users, is_sample=False).exclude(organization__in=samples)
    for email in sorted(set(real_time.values_list("staff__email", flat=True))):
        problems.append(_("the demo account %(email)s recorded real time: it cannot be removed") % {"email": email})
    return problems


def sample_data_remove(*, dry_run: bool = False) -> RemovalReport:
    """Remove every sample record (see the module docstring); raises SampleRemovalRefused when something real
    depends on it. With dry_run, count what would go and roll back."""
    report = RemovalReport()
    with transaction.atomic(), disable_auditlog():
        samples = Organization.objects.filter(is_sample=True)
        users = demo_users()
        problems = _problems(samples, users)
        if problems:
            raise SampleRemovalRefused("\n".join(problems))
        steps = [
            # Time records first: they protect their staff (the demo accounts).
            TimeRecord.objects.filter(Q(is_sample=True) | Q(organization__in=samples)),
            FundingParameters.objects.filter(Q(is_sample=True) | Q(organization__in=samples)),
            # Requests to sample centres protect them; only fictional centres could have answered them.
            ContactRequest.objects.filter(organization__in=samples),
            SearchEvent.objects.filter(is_sample=True),
            ContactEvent.objects.filter(is_sample=True),
            GuideReadEvent.objects.filter(is_sample=True),
            MonthlyAggregate.objects.filter(is_sample=True),
            samples,
            users,
        ]
        for queryset in steps:
            _total, per_model = queryset.delete()
            report.counts.update({label: count for label, count in per_model.items() if count})
        if dry_run:
            transaction.set_rollback(True)
    return report
