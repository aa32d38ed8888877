"""The storage ports of privacy: the audit log, redacted copies, export and erasure of data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from frontline.domain.audit import AuditEntry, AuditRecord
from frontline.domain.conversations import Channel, ConversationStatus
from frontline.domain.ids import ConversationId, CustomerId, MessageId


class AuditLog(Protocol):
    def append(self, record: AuditRecord, at: datetime) -> AuditEntry:
        """Chain ``record`` after the last entry. Appends of concurrent transactions queue up
        on the log's head, so the chain never forks."""

    def lock(self) -> None:
        """Take the head's lock now, until the transaction ends. A transaction that changes
        many rows and appends after takes it first, so that no append of another transaction
        holds the head while it waits on one of those rows (a deadlock)."""

    def head(self) -> tuple[int, str]:
        """The last entry's sequence number and hash as the head row records them."""

    def entries(self, after_seq: int, limit: int) -> Sequence[AuditEntry]:
        """Entries in log order, from the one after ``after_seq``."""

    def newest(
        self, before_seq: int | None, limit: int, action_prefix: str | None = None
    ) -> Sequence[AuditEntry]:
        """Entries newest first (before ``before_seq``), for reading."""


class PrivacyRepository(Protocol):
    def customer_name(self, customer_id: CustomerId) -> str | None:
        """The name on file, for finding it in what the customer writes."""

    def redacted_texts(self, message_ids: Sequence[MessageId]) -> dict[MessageId, str]:
        """The redacted copy of each of these messages that has one."""

    def customer_record(self, customer_id: CustomerId) -> dict[str, Any] | None:
        """Everything stored about the customer, as JSON-ready data; None when unknown."""

    def erase_customer(self, customer_id: CustomerId, at: datetime) -> dict[str, int]:
        """Remove or overwrite the customer's personal data everywhere it is stored, keeping
        the rows analytics count (conversations, events, timestamps) as tombstones; how many
        rows of each kind were changed."""

    def erase_conversation_text(
        self, conversation_id: ConversationId, at: datetime
    ) -> dict[str, int]:
        """Overwrite the text of one conversation (messages, notes, emails, agent state)."""

    def due_for_retention(
        self,
        channel: Channel | None,
        status: ConversationStatus,
        updated_before: datetime,
        limit: int,
    ) -> Sequence[ConversationId]:
        """Conversations of ``channel`` (None: any) in ``status``, last changed before
        ``updated_before``, whose text is not erased yet; oldest first."""
