"""Django's Redis cache backend, with one Redis client per connection pool instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` around the pool on every cache call, and each
one fills its table of about 170 response callbacks: measured 0.16 ms of CPU per call, a third of the cost of a
page-cache hit (bench/reports/2026-12-06-cheap-misses.md, "Misses made cheaper"). A ``redis.Redis`` is safe to
share between threads (each command takes a connection from the pool), so each pool gets one, built on first use.
``CACHE_URL=redis://…`` selects this backend (trouve/settings.py).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedClientCacheClient
