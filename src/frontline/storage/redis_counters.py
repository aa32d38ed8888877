"""Fixed-window counters on Redis, shared by every process of a deployment.

One round trip per hit: ``SET key 0 EX window NX`` (start a window unless one runs), ``INCR``
and ``PTTL`` in a pipeline (MULTI/EXEC), so concurrent processes count into the same window.
"""

from __future__ import annotations

import redis


class RedisCounters:
    def __init__(self, url: str, prefix: str = "frontline:count:") -> None:
        self._client = redis.Redis.from_url(url)
        self._prefix = prefix

    def hit(self, key: str, window_seconds: int) -> tuple[int, float]:
        name = self._prefix + key
        pipe = self._client.pipeline(transaction=True)
        pipe.set(name, 0, ex=window_seconds, nx=True)
        pipe.incr(name)
        pipe.pttl(name)
        _, count, ttl_ms = pipe.execute()
        return int(count), max(float(ttl_ms), 0.0) / 1000

    def peek(self, key: str) -> tuple[int, float]:
        name = self._prefix + key
        pipe = self._client.pipeline(transaction=True)
        pipe.get(name)
        pipe.pttl(name)
        value, ttl_ms = pipe.execute()
        if value is None:
            return 0, 0.0
        return int(value), max(float(ttl_ms), 0.0) / 1000

    def clear(self, key: str) -> None:
        self._client.delete(self._prefix + key)
