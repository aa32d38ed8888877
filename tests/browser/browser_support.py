"""What the browser tests share besides fixtures."""

from __future__ import annotations

from dataclasses import dataclass

from frontline.bootstrap import Frontline
from frontline.services.live import LiveUpdates


@dataclass(frozen=True)
class LiveServer:
    """A running server: its base URL and the composition it serves."""

    url: str
    frontline: Frontline
    live: LiveUpdates
