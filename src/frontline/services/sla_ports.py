"""The storage port of SLA configuration and timers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from frontline.domain.calendars import Calendar
from frontline.domain.ids import ConversationId
from frontline.domain.sla import SlaPolicy


@dataclass(frozen=True, slots=True)
class StoredCalendar:
    id: str
    calendar: Calendar
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoredPolicy:
    id: str
    policy: SlaPolicy
    calendar_id: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SlaTimer:
    """The durable state of one conversation's clocks (see ``storage.helpdesk_tables``)."""

    conversation_id: ConversationId
    policy_id: str | None
    due_at: datetime | None
    check_at: datetime | None
    clocks: list[dict[str, Any]]
    recorded: frozenset[str]
    refreshed_at: datetime


class SlaRepository(Protocol):
    def add_calendar(self, stored: StoredCalendar) -> None: ...
    def replace_calendar(self, stored: StoredCalendar) -> None: ...
    def calendars(self) -> Sequence[StoredCalendar]: ...
    def delete_calendar(self, calendar_id: str) -> bool: ...
    def calendar_in_use(self, calendar_id: str) -> bool: ...
    def add_policy(self, stored: StoredPolicy) -> None: ...
    def policies(self) -> Sequence[StoredPolicy]: ...
    def delete_policy(self, policy_id: str) -> bool: ...
    def stale_conversations(self, now: datetime, limit: int) -> Sequence[ConversationId]: ...
    def timer(self, conversation_id: ConversationId, lock: bool = False) -> SlaTimer | None: ...
    def put_timer(self, timer: SlaTimer) -> None: ...
