"""Live updates: the in-process fan-out, and Redis pub/sub between two processes' adapters."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
import redis

from frontline.services.live import InProcessLiveUpdates, LiveUpdates
from frontline.storage.redis_live import RedisLiveUpdates

REDIS_URL = "redis://127.0.0.1:6379/0"


async def _receive_published(publisher: LiveUpdates, subscriber: LiveUpdates) -> list[object]:
    async with subscriber.subscribe(["chat:cnv_1"]) as subscription:
        await asyncio.sleep(0.05)  # let a Redis subscription settle
        # Published from another thread, as a sync route does.
        threading.Thread(
            target=publisher.publish, args=("chat:cnv_2", {"n": 0})
        ).start()  # another topic
        threading.Thread(target=publisher.publish, args=("chat:cnv_1", {"n": 1})).start()
        return [await asyncio.wait_for(subscription.next(), timeout=5)]


def test_that_a_subscriber_receives_events_of_its_topic_only() -> None:
    live = InProcessLiveUpdates()
    assert asyncio.run(_receive_published(live, live)) == [{"n": 1}]


def test_that_publishing_with_no_subscriber_is_harmless() -> None:
    InProcessLiveUpdates().publish("chat:nobody", {"n": 1})


@pytest.fixture
def redis_pair() -> Iterator[tuple[RedisLiveUpdates, RedisLiveUpdates]]:
    try:
        with redis.Redis.from_url(REDIS_URL) as probe:
            probe.ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    first, second = RedisLiveUpdates(REDIS_URL), RedisLiveUpdates(REDIS_URL)
    yield first, second
    first.close()
    second.close()


def test_that_an_event_published_in_one_process_reaches_a_subscriber_in_another(
    redis_pair: tuple[RedisLiveUpdates, RedisLiveUpdates],
) -> None:
    # given two processes' adapters on one Redis
    publisher, subscriber = redis_pair

    # when one publishes while the other has a subscriber
    received = asyncio.run(_receive_published(publisher, subscriber))

    # then the subscriber gets the event of its topic, through Redis
    assert received == [{"n": 1}]
