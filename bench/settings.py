"""Settings of the site as the server benches run it: the project's own, plus what a bench needs and nothing else.

- ``bench.urls`` adds ``/bench/minimal``, the minimal Django view that page speeds are compared with.
- The contact-request rate limit is raised: the load bench's clients all share one loopback address, where real
  people each have their own. The limit is still checked on every request (same queries), it just never trips.
"""

from trouve.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
CONTACT_REQUEST_RATE_LIMIT = 10**9

# The campaign bench (bench/campaign.py) keeps each run's cache keys under a prefix of its own.
if _prefix := __import__("os").environ.get("BENCH_CACHE_PREFIX", ""):
    CACHES["default"]["KEY_PREFIX"] = _prefix  # noqa: F405
