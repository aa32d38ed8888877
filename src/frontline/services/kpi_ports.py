"""The storage port of service analytics: KPI facts per conversation and daily rollups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from frontline.domain.events import Event

# (day, channel, queue, agent, handler): the finest grain the rollups keep.
RollupKey = tuple[str, str, str, str, str]


@dataclass(frozen=True, slots=True)
class StoredFacts:
    conversation_id: str
    key: RollupKey
    sums: dict[str, float]


@dataclass(frozen=True, slots=True)
class BacklogItem:
    key: RollupKey
    created_at: datetime


class KpiRepository(Protocol):
    def lock_watermark(self) -> int:
        """The last event id folded into the rollups, locked until the transaction ends."""

    def set_watermark(self, event_id: int) -> None: ...

    def last_event_id(self) -> int: ...

    def conversations_with_events(self, after: int, up_to: int) -> Sequence[str]:
        """Conversations with an event whose id is in ``(after, up_to]``."""

    def due_rechecks(self, at: datetime, limit: int) -> Sequence[str]: ...

    def events_of(self, conversation_ids: Sequence[str]) -> Sequence[Event]:
        """Every event of these conversations, in log order."""

    def facts_of(self, conversation_ids: Sequence[str]) -> dict[str, StoredFacts]: ...

    def put_facts(self, facts: Sequence[tuple[StoredFacts, datetime | None]]) -> None:
        """Store (replace) these conversations' facts, with when to look at them again."""

    def add_to_rollups(self, deltas: dict[RollupKey, dict[str, float]]) -> None: ...

    def rollups(
        self, first_day: str, last_day: str
    ) -> Sequence[tuple[RollupKey, dict[str, float]]]:
        """Rollup rows of the days in ``[first_day, last_day]`` (ISO dates)."""

    def backlog(self, first_day: str, last_day: str) -> Sequence[BacklogItem]:
        """Conversations started in those days that are not resolved or closed."""

    def conversation_ids(
        self, first_day: str, last_day: str, where: dict[str, str], limit: int
    ) -> Sequence[str]:
        """Conversations behind a figure: started in those days, with these dimension values."""


@dataclass(frozen=True, slots=True)
class Survey:
    """A satisfaction survey offered when a conversation was resolved."""

    token: str
    conversation_id: str
    channel: str
    requested_at: datetime
    answered_at: datetime | None = None
    score: int | None = None
    delivered: bool = False


class SurveyRepository(Protocol):
    def add(self, survey: Survey) -> None: ...

    def get(self, token: str) -> Survey | None: ...

    def latest_for(self, conversation_id: str) -> Survey | None: ...

    def undelivered(self, channel: str, limit: int) -> Sequence[Survey]: ...

    def mark_delivered(self, token: str) -> None: ...

    def answer(self, token: str, score: int, at: datetime) -> None: ...
