"""The live-updates adapter the app was built with, as a dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from frontline.config import Settings
from frontline.services.live import InProcessLiveUpdates, LiveUpdates


def make_live_updates(settings: Settings) -> LiveUpdates:
    """Redis pub/sub when configured (several processes), else in-process fan-out."""
    if settings.redis_url:
        from frontline.storage.redis_live import RedisLiveUpdates

        return RedisLiveUpdates(settings.redis_url)
    return InProcessLiveUpdates()


def live_of(connection: HTTPConnection) -> LiveUpdates:
    updates: LiveUpdates = connection.app.state.live
    return updates


async def get_live(connection: HTTPConnection) -> LiveUpdates:  # async: no worker-thread hop
    return live_of(connection)


Live = Annotated[LiveUpdates, Depends(get_live)]
