"""Kept for callers of the old path: the rate limits live in the ratelimits app (below accounts and referrals)."""

from ratelimits.limits import client_ip, ratelimit_hit, ratelimit_prune, window_start

__all__ = ["client_ip", "ratelimit_hit", "ratelimit_prune", "window_start"]
