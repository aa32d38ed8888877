"""The store port the services work through.

A ``Store`` opens units of work; a ``UnitOfWork`` is one transaction holding one repository per
domain noun. Everything done inside ``with store.transaction() as tx:`` commits together or
not at all. ``frontline.storage.sql`` is the SQL adapter (SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from frontline.domain.actions import Action, ActionOutcome
from frontline.domain.conversations import (
    Channel,
    Conversation,
    ConversationStatus,
    Message,
    Note,
)
from frontline.domain.customers import Customer, Identity
from frontline.domain.events import Event, EventKind
from frontline.domain.ids import ConversationId, CustomerId, MessageId
from frontline.domain.staff import Macro, MacroId, StaffId, StaffUser
from frontline.services.access_ports import AccessRepository
from frontline.services.email_ports import EmailRepository
from frontline.services.followup_ports import FollowupRepository
from frontline.services.kpi_ports import KpiRepository, SurveyRepository
from frontline.services.privacy_ports import AuditLog, PrivacyRepository
from frontline.services.reason_ports import ReasonRepository
from frontline.services.routing_ports import RoutingRepository, SlaInboxRepository
from frontline.services.sla_ports import SlaRepository


class DuplicateKey(Exception):
    """A unique key (such as a channel's message id) is already stored."""


@dataclass(frozen=True, slots=True)
class ConversationFilter:
    """Which conversations a list holds. ``visible_queues`` None: every conversation the other
    fields allow; otherwise only those in one of these queues or assigned to ``visible_to``
    (the scope of a member of staff who does not see every queue, ``access.can_see``)."""

    status: ConversationStatus | None = None
    queue: str | None = None
    assignee: str | None = None
    unassigned: bool = False
    customer_id: CustomerId | None = None
    channel: Channel | None = None
    visible_queues: tuple[str, ...] | None = None
    visible_to: str | None = None


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: str
    name: str
    is_admin: bool
    created_at: datetime
    revoked_at: datetime | None = None


class CustomerRepository(Protocol):
    def get(self, customer_id: CustomerId) -> Customer | None: ...
    def find_by_identity(self, identity: Identity) -> Customer | None: ...
    def add(self, customer: Customer) -> None: ...
    def add_identity(self, customer_id: CustomerId, identity: Identity) -> None: ...
    def set_backoffice_user(self, customer_id: CustomerId, user_id: str) -> None: ...
    def search(self, query: str, limit: int) -> Sequence[Customer]: ...


class ConversationRepository(Protocol):
    def get(self, conversation_id: ConversationId) -> Conversation | None: ...
    def add(self, conversation: Conversation) -> None: ...
    def update(self, conversation: Conversation) -> None: ...
    def list(
        self, where: ConversationFilter, after: ConversationId | None, limit: int
    ) -> Sequence[Conversation]: ...


class MessageRepository(Protocol):
    def add(self, message: Message, channel: Channel, known_names: Sequence[str] = ()) -> None:
        """Store ``message`` and its redacted copy (``known_names``: names it may hold, such
        as the customer's on file); raises ``DuplicateKey`` when its channel message id is
        stored."""

    def get(self, message_id: MessageId) -> Message | None: ...
    def find_by_channel_id(self, channel: Channel, channel_message_id: str) -> Message | None: ...
    def for_conversation(self, conversation_id: ConversationId) -> Sequence[Message]: ...
    def replies_to(self, message_id: MessageId) -> Sequence[Message]: ...


class NoteRepository(Protocol):
    def add(self, note: Note) -> None: ...
    def for_conversation(self, conversation_id: ConversationId) -> Sequence[Note]: ...


class EventLog(Protocol):
    def append(
        self,
        kind: EventKind,
        conversation_id: ConversationId | None,
        actor: str,
        data: dict[str, Any],
        at: datetime,
    ) -> None: ...

    def for_conversation(self, conversation_id: ConversationId) -> Sequence[Event]: ...


class ActionLog(Protocol):
    def add(self, action: Action) -> None: ...
    def for_conversation(self, conversation_id: ConversationId) -> Sequence[Action]: ...
    def find_by_key(self, idempotency_key: str) -> Action | None: ...
    def settle(self, idempotency_key: str, outcome: ActionOutcome, result: Any) -> None:
        """Give the pending action with this key its outcome and result."""
        ...

    def pending(self, before: datetime, limit: int) -> Sequence[Action]:
        """Actions still pending that were recorded before ``before``, oldest first."""
        ...


class StaleState(Exception):
    """The agent state changed since it was read: another turn stored its state first."""


@dataclass(frozen=True, slots=True)
class VersionedState:
    state: dict[str, Any] | None  # None before the agent's first turn
    version: int  # 0 before the first turn


class AgentStateRepository(Protocol):
    """The agent's state per conversation, and the turns it owes (an outbox of turns)."""

    def get(self, conversation_id: ConversationId) -> dict[str, Any] | None: ...
    def read(self, conversation_id: ConversationId) -> VersionedState: ...
    def put(self, conversation_id: ConversationId, state: dict[str, Any], at: datetime) -> None:
        """Insert or replace the conversation's agent state (bumping its version)."""
        ...

    def store_turn(
        self,
        conversation_id: ConversationId,
        state: dict[str, Any],
        at: datetime,
        *,
        read_version: int,
    ) -> None:
        """Store a turn's state over the version it read; ``StaleState`` when that changed."""
        ...

    def expect_turn(
        self, message_id: MessageId, conversation_id: ConversationId, at: datetime
    ) -> None:
        """The AI owes ``message_id`` a turn (stored with the message, in its transaction)."""
        ...

    def turn_due(self, message_id: MessageId) -> bool: ...
    def finish_turn(self, message_id: MessageId) -> bool:
        """The turn is taken; False when another one took it first."""
        ...

    def turns_due(self, before: datetime, limit: int) -> Sequence[tuple[ConversationId, MessageId]]:
        """Turns owed since before ``before``, oldest message first."""
        ...


class TokenRepository(Protocol):
    def add(self, token: ApiToken, token_hash: str) -> None: ...
    def find_by_hash(self, token_hash: str) -> ApiToken | None: ...


class InboxView(StrEnum):
    unassigned = "unassigned"  # nobody holds it and it is not done
    mine = "mine"  # held by the asking member of staff and not done
    escalated = "escalated"  # with a human (status escalated)
    all = "all"  # everything in scope, done or not


@dataclass(frozen=True, slots=True)
class InboxQuery:
    """One inbox page as a member of staff asks for it; ``queues`` None means every queue.

    A conversation is in scope when its queue is in ``queues`` or it is assigned to ``me``.
    """

    me: str
    queues: tuple[str, ...] | None
    view: InboxView = InboxView.unassigned
    queue: str | None = None
    status: ConversationStatus | None = None
    search: str | None = None


class InboxRepository(Protocol):
    def view(
        self, query: InboxQuery, after: ConversationId | None, limit: int, cap: int
    ) -> tuple[Sequence[Conversation], dict[InboxView, int]]:
        """One page of ``query.view`` (newest first, after ``after``) and how many
        conversations each view holds with the query's scope and filters, each count at most
        ``cap`` (a count that reaches it means "cap or more")."""


class StaffRepository(Protocol):
    def add(self, user: StaffUser, password_hash: str) -> None:
        """Store ``user``; raises ``DuplicateKey`` when the username is taken."""

    def get(self, staff_id: StaffId) -> StaffUser | None: ...
    def find_by_username(self, username: str) -> tuple[StaffUser, str] | None:
        """The user and their password hash."""

    def set_password_hash(self, staff_id: StaffId, password_hash: str) -> None: ...
    def list(self) -> Sequence[StaffUser]: ...


class MacroRepository(Protocol):
    def add(self, macro: Macro) -> None:
        """Store ``macro``; raises ``DuplicateKey`` when the name is taken."""

    def list(self) -> Sequence[Macro]: ...
    def get(self, macro_id: MacroId) -> Macro | None: ...
    def update(self, macro: Macro) -> None:
        """Store the new name, body and actions; raises ``DuplicateKey`` on a taken name."""

    def delete(self, macro_id: MacroId) -> bool: ...


class UnitOfWork(Protocol):
    customers: CustomerRepository
    conversations: ConversationRepository
    messages: MessageRepository
    notes: NoteRepository
    events: EventLog
    actions: ActionLog
    agent_states: AgentStateRepository
    tokens: TokenRepository
    staff: StaffRepository
    macros: MacroRepository
    inbox: InboxRepository
    emails: EmailRepository
    sla: SlaRepository
    kpis: KpiRepository
    surveys: SurveyRepository
    audit: AuditLog
    privacy: PrivacyRepository
    access: AccessRepository
    routing: RoutingRepository
    followups: FollowupRepository
    sla_inbox: SlaInboxRepository
    reasons: ReasonRepository


class Store(Protocol):
    def transaction(self) -> AbstractContextManager[UnitOfWork]: ...
