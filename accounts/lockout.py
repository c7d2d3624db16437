"""Login limits beyond django-axes' lock per (account, address).

- **Per account, across addresses**: after LOGIN_ACCOUNT_FAILURES_BEFORE_DELAY failures within the axes window, each
  further attempt on the account must wait a delay that doubles with each failure, up to
  LOGIN_ACCOUNT_MAX_DELAY_SECONDS. A delay rather than a lock: an attacker spreading guesses over many addresses gets
  one guess per delay, but cannot keep the real person out for longer than one delay.
- **Per address, across accounts**: LOGIN_ADDRESS_FAILURE_LIMIT failures within the window refuse the address.

Both read django-axes' own failure records (AccessAttempt, in the database), so every app server sees the same counts.
Refused attempts never reach authentication, so they do not count.
"""

from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone


def _setting(name: str, default: int) -> int:
    return getattr(settings, name, default)


@dataclass(frozen=True)
class Refusal:
    reason: str  # "account" or "address"
    retry_after: int  # seconds


def account_delay(failures: int) -> timedelta:
    """How long an account waits after its latest failure, given its failures across addresses."""
    threshold = _setting("LOGIN_ACCOUNT_FAILURES_BEFORE_DELAY", 10)
    if failures < threshold:
        return timedelta(0)
    base = _setting("LOGIN_ACCOUNT_DELAY_SECONDS", 30)
    cap = _setting("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", 600)
    return timedelta(seconds=min(base * 2 ** min(failures - threshold, 20), cap))


def _failures(**lookup) -> tuple[int, object]:
    window = get_cool_off() or timedelta(hours=1)
    rows = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - window, **lookup)
    totals = rows.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return totals["failures"] or 0, totals["last"]


def login_refusal(*, username: str, address: str | None) -> Refusal | None:
    """Whether a login attempt must be refused before checking the password, and for how long."""
    now = timezone.now()
    failures, last = _failures(ip_address=address) if address else (0, None)
    if failures >= _setting("LOGIN_ADDRESS_FAILURE_LIMIT", 30) and last is not None:
        window = get_cool_off() or timedelta(hours=1)
        return Refusal("address", max(1, int((last + window - now).total_seconds())))
    if not username:
        return None
    failures, last = _failures(username__iexact=username.strip())
    delay = account_delay(failures)
    if delay and last is not None and now < last + delay:
        return Refusal("account", max(1, int((last + delay - now).total_seconds()) + 1))
    return None


def login_refusal_for(request: HttpRequest) -> Refusal | None:
    from lib.clientaddr import client_ip

    return login_refusal(username=request.POST.get("username", ""), address=client_ip(request))
