"""Routing: which member of a queue gets the next conversation that needs a human.

A queue names its strategy; its members are the staff who work it. A member takes new work
only while ``online`` and below their capacity (conversations they hold that are not done).
When the conversation has a language, only members who speak it qualify (members who list no
languages speak every language)::

    Presence
    ├── online    takes new work
    ├── away      keeps what they hold, takes nothing new
    └── offline   keeps what they hold, takes nothing new

    Strategy
    ├── round_robin   the next member after the last one assigned, in username order
    └── least_loaded  the member holding the fewest (ties: round robin among them)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MAX_QUEUE_NAME_CHARS = 64
MAX_CAPACITY = 1_000
DEFAULT_CAPACITY = 5  # conversations a member holds at once until a supervisor sets theirs
_QUEUE_NAME = re.compile(r"^[a-z0-9][a-z0-9 _.-]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


class Presence(StrEnum):
    online = "online"  # takes new work
    away = "away"  # keeps what they hold, takes nothing new
    offline = "offline"  # keeps what they hold, takes nothing new


class Strategy(StrEnum):
    round_robin = "round_robin"  # the next member after the last one assigned
    least_loaded = "least_loaded"  # the member holding the fewest


@dataclass(frozen=True, slots=True)
class Queue:
    name: str
    strategy: Strategy
    created_at: datetime
    last_assignee: str | None = None  # where round robin continues


@dataclass(frozen=True, slots=True)
class Seat:
    """One queue member as routing sees them at one moment."""

    username: str
    presence: Presence
    capacity: int
    load: int  # conversations they hold that are not resolved or closed
    languages: tuple[str, ...] = ()  # empty: every language

    def has_room(self) -> bool:
        return self.presence is Presence.online and self.load < self.capacity

    def speaks(self, language: str | None) -> bool:
        return language is None or not self.languages or language in self.languages


def choose_assignee(
    strategy: Strategy, seats: Sequence[Seat], last_assignee: str | None, language: str | None
) -> str | None:
    """The member to assign, or None when nobody online has room (the work waits)."""
    eligible = sorted(
        (s for s in seats if s.has_room() and s.speaks(language)), key=lambda s: s.username
    )
    if not eligible:
        return None
    if strategy is Strategy.least_loaded:
        fewest = min(s.load for s in eligible)
        eligible = [s for s in eligible if s.load == fewest]
    after = [s for s in eligible if last_assignee is not None and s.username > last_assignee]
    return (after or eligible)[0].username


def normalize_queue_name(value: str) -> str | None:
    value = " ".join(value.strip().lower().split())
    if not value or len(value) > MAX_QUEUE_NAME_CHARS or not _QUEUE_NAME.match(value):
        return None
    return value


def normalize_languages(values: Sequence[str]) -> tuple[str, ...] | None:
    """Lower-cased language codes ('en', 'pt-br'), de-duplicated; None if one is not a code."""
    seen: dict[str, None] = {}
    for value in values:
        code = value.strip().lower()
        if not _LANGUAGE.match(code):
            return None
        seen.setdefault(code, None)
    return tuple(seen)
