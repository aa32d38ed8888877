"""Counters in fixed time windows: the port rate limits and login lock-outs count with.

``InMemoryCounters`` (``frontline.storage.memory_counters``) serves one process;
``RedisCounters`` (``frontline.storage.redis_counters``) is shared by every process of a
deployment that runs on Redis, so a limit holds however many API processes there are.
"""

from __future__ import annotations

from typing import Protocol


class Counters(Protocol):
    def hit(self, key: str, window_seconds: int) -> tuple[int, float]:
        """Count one more for ``key``: the count in its current window, and the seconds left
        in that window (a new window starts at the first hit after the last one ended)."""

    def peek(self, key: str) -> tuple[int, float]:
        """The count and seconds left of ``key``'s current window, without counting."""

    def clear(self, key: str) -> None: ...
