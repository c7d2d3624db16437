"""A fixed-window rate limit shared by every app server: Redis when REDIS_URL is set, else a database table.

Its own small app, below accounts and referrals (both use it): the contact form, the privacy requests, the password
reset."""

import hashlib
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from lib.clientaddr import client_address
from ratelimits.models import RateLimitBucket

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The real client's address (X-Forwarded-For only from TRUSTED_PROXIES, see lib/clientaddr.py)."""
    return client_address(request)


def window_start(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def _key(scope: str, identity: str) -> str:
    # The IP is hashed so that the table holds no raw addresses.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{identity}".encode()).hexdigest()[:32]
    return f"{scope}:{digest}"


def ratelimit_hit(*, scope: str, identity: str, limit: int, seconds: int) -> bool:
    """Count one hit; return True when the caller is still within ``limit`` hits per window."""
    key = _key(scope, identity)
    if settings.REDIS_URL:
        try:
            return _redis_hit(key, limit, seconds)
        except Exception:
            logger.exception("Redis rate limit failed, using the database")
    start = window_start(timezone.now(), seconds)
    with transaction.atomic():
        updated = RateLimitBucket.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitBucket.objects.create(key=key, window_start=start, count=1)
            except IntegrityError:
                RateLimitBucket.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
        count = RateLimitBucket.objects.get(key=key, window_start=start).count
    return count <= limit


def _redis_hit(key: str, limit: int, seconds: int) -> bool:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1)
    bucket = f"ttx:rl:{key}:{int(timezone.now().timestamp()) // seconds}"
    pipe = client.pipeline()
    pipe.incr(bucket)
    pipe.expire(bucket, seconds)
    count, _ = pipe.execute()
    return int(count) <= limit


def ratelimit_prune(*, older_than: timedelta = timedelta(days=1)) -> int:
    deleted, _ = RateLimitBucket.objects.filter(window_start__lt=timezone.now() - older_than).delete()
    return deleted
