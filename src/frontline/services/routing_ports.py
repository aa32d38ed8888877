"""The storage port of routing: queues, members' presence and capacity, waiting work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from frontline.domain.conversations import Conversation
from frontline.domain.ids import ConversationId
from frontline.domain.routing import Presence, Queue, Seat, Strategy
from frontline.domain.staff import StaffId

if TYPE_CHECKING:
    from frontline.services.ports import InboxQuery


@dataclass(frozen=True, slots=True)
class PresenceState:
    presence: Presence
    capacity: int
    languages: tuple[str, ...]
    updated_at: datetime | None  # None: never set (the defaults)


@dataclass(frozen=True, slots=True)
class Waiting:
    conversation_id: ConversationId
    language: str | None
    since: datetime | None


class RoutingRepository(Protocol):
    def add_queue(self, queue: Queue) -> None:
        """Store ``queue``; raises ``DuplicateKey`` when the name is taken."""

    def get_queue(self, name: str) -> Queue | None: ...
    def queues(self) -> Sequence[Queue]: ...
    def set_strategy(self, name: str, strategy: Strategy) -> None: ...
    def delete_queue(self, name: str) -> bool: ...

    def claim_queue(self, name: str) -> Queue | None:
        """The queue, locked until the transaction ends: assignments to it take turns.

        On PostgreSQL a row lock; on SQLite the database's write lock, taken by a write."""

    def set_last_assignee(self, name: str, username: str) -> None: ...
    def seats(self, queue: str, lock: bool = False) -> Sequence[Seat]:
        """The active members of ``queue`` with their presence and load; ``lock`` locks
        their staff rows (in id order) so no other assignment counts them meanwhile."""

    def members(self, queue: str) -> Sequence[str]: ...
    def add_member(self, staff_id: StaffId, queue: str) -> bool: ...
    def remove_member(self, staff_id: StaffId, queue: str) -> bool: ...
    def presence(self, staff_id: StaffId) -> PresenceState: ...
    def put_presence(self, staff_id: StaffId, state: PresenceState) -> None: ...
    def routing_of(self, conversation_id: ConversationId) -> Waiting | None:
        """The conversation's routing row (``since`` None when it is not waiting)."""

    def put_routing(
        self,
        conversation_id: ConversationId,
        queue: str,
        language: str | None,
        waiting_since: datetime | None,
    ) -> None: ...
    def waiting(self, queue: str, limit: int) -> Sequence[Waiting]: ...
    def queues_with_waiting(self) -> Sequence[str]: ...


class SlaInboxRepository(Protocol):
    """The inbox with SLA due times (the most urgent work is what routing is for)."""

    def due_times(self, ids: Sequence[ConversationId]) -> dict[ConversationId, datetime]: ...
    def by_due(
        self, query: InboxQuery, offset: int, limit: int
    ) -> tuple[Sequence[Conversation], dict[ConversationId, datetime]]: ...
