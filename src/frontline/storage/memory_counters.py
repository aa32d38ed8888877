"""Fixed-window counters in this process's memory (the ``Counters`` port's default adapter)."""

from __future__ import annotations

import threading
import time

PRUNE_EVERY = 10_000  # hits between sweeps of ended windows, so idle keys do not pile up


class InMemoryCounters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}  # key -> (window end, count)
        self._hits = 0

    def hit(self, key: str, window_seconds: int) -> tuple[int, float]:
        now = time.monotonic()
        with self._lock:
            self._hits += 1
            if self._hits % PRUNE_EVERY == 0:
                self._windows = {k: w for k, w in self._windows.items() if w[0] > now}
            ends, count = self._windows.get(key, (0.0, 0))
            if ends <= now:
                ends, count = now + window_seconds, 0
            count += 1
            self._windows[key] = (ends, count)
        return count, ends - now

    def peek(self, key: str) -> tuple[int, float]:
        now = time.monotonic()
        with self._lock:
            ends, count = self._windows.get(key, (0.0, 0))
        return (count, ends - now) if ends > now else (0, 0.0)

    def clear(self, key: str) -> None:
        with self._lock:
            self._windows.pop(key, None)
