"""Live updates between processes over Redis pub/sub (redis-py).

Each process keeps one Redis subscription on ``<prefix>*`` in a background thread and fans
the events out to its own subscribers through an ``InProcessLiveUpdates``; publishing is one
``PUBLISH``. Events are lost while Redis is unreachable (clients refetch on reconnect).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager

import orjson
import redis

from frontline.services.live import InProcessLiveUpdates, LiveEvent, Subscription

log = logging.getLogger(__name__)


class RedisLiveUpdates:
    def __init__(self, url: str, prefix: str = "frontline:live:") -> None:
        self._prefix = prefix
        self._client = redis.Redis.from_url(url)
        self._local = InProcessLiveUpdates()
        # redis-py leaves pubsub() unannotated.
        self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]
        self._pubsub.psubscribe(f"{prefix}*")
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="redis-live", daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        while not self._stopping.is_set():
            try:
                message = self._pubsub.get_message(timeout=0.5)
            except Exception:  # the listener must outlive any one bad read
                if self._stopping.is_set():
                    return
                log.warning("live updates: Redis subscription lost; retrying", exc_info=True)
                self._stopping.wait(1.0)
                continue
            if message is None or message["type"] != "pmessage":
                continue
            topic = message["channel"].decode()[len(self._prefix) :]
            self._local.publish(topic, orjson.loads(message["data"]))

    def publish(self, topic: str, event: LiveEvent) -> None:
        try:
            self._client.publish(f"{self._prefix}{topic}", orjson.dumps(event))
        except redis.RedisError:
            log.warning("live updates: could not publish to Redis", exc_info=True)

    def subscribe(self, topics: Sequence[str]) -> AbstractAsyncContextManager[Subscription]:
        return self._local.subscribe(topics)

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=2)
        self._pubsub.close()
        self._client.close()
        self._local.close()
