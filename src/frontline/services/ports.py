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
from typing import Any, Protocol

from frontline.domain.actions import Action
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


class DuplicateKey(Exception):
    """A unique key (such as a channel's message id) is already stored."""


@dataclass(frozen=True, slots=True)
class ConversationFilter:
    status: ConversationStatus | None = None
    queue: str | None = None
    assignee: str | None = None
    unassigned: bool = False
    customer_id: CustomerId | None = None
    channel: Channel | None = None


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
    def add(self, message: Message, channel: Channel) -> None:
        """Store ``message``; raises ``DuplicateKey`` when its channel message id is stored."""

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


class TokenRepository(Protocol):
    def add(self, token: ApiToken, token_hash: str) -> None: ...
    def find_by_hash(self, token_hash: str) -> ApiToken | None: ...


class UnitOfWork(Protocol):
    customers: CustomerRepository
    conversations: ConversationRepository
    messages: MessageRepository
    notes: NoteRepository
    events: EventLog
    actions: ActionLog
    tokens: TokenRepository


class Store(Protocol):
    def transaction(self) -> AbstractContextManager[UnitOfWork]: ...
