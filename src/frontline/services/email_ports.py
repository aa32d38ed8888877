"""The store port of the email channel, one repository in every unit of work (``tx.emails``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from frontline.domain.conversations import Message
from frontline.domain.emails import (
    Attachment,
    EmailKind,
    EmailThread,
    InboundEmail,
    OutboundEmail,
    OutboundStatus,
)
from frontline.domain.ids import ConversationId, MessageId


class EmailRepository(Protocol):
    # inbound
    def add_inbound(self, email: InboundEmail) -> None:
        """Store ``email``; raises ``DuplicateKey`` when its Message-ID is stored."""

    def find_inbound(self, message_id: str) -> InboundEmail | None: ...
    def get_inbound(self, inbound_id: str) -> InboundEmail | None: ...
    def claim_inbound(self, inbound_id: str, at: datetime, stale_before: datetime) -> bool:
        """Mark it processing if it is received, or processing since before ``stale_before``."""

    def finish_inbound(
        self,
        inbound_id: str,
        kind: EmailKind,
        conversation_id: ConversationId | None,
        chat_message_id: MessageId | None,
        text: str,
        at: datetime,
        claimed_at: datetime,
    ) -> bool:
        """Mark it processed if it is still claimed at ``claimed_at``; False when a later
        claim took it over (the lease ran out), which then finishes it instead."""

    def inbound_to_process(self, stale_before: datetime, limit: int) -> Sequence[str]:
        """Ids of emails received and not processed, or claimed by a process that died."""

    def count_from_sender(self, sender: str, since: datetime) -> int: ...
    def inbound_for_conversation(
        self, conversation_id: ConversationId
    ) -> Sequence[InboundEmail]: ...
    def add_attachment(self, inbound_id: str, attachment: Attachment) -> None: ...
    def attachments_of(self, inbound_id: str) -> Sequence[Attachment]: ...

    # threading
    def get_thread(self, conversation_id: ConversationId) -> EmailThread | None: ...
    def find_thread_by_tag(self, tag: str) -> EmailThread | None: ...
    def add_thread(self, thread: EmailThread) -> None: ...
    def update_thread(self, thread: EmailThread, at: datetime) -> None: ...
    def threads_of(self, address: str, since: datetime, limit: int) -> Sequence[EmailThread]:
        """The customer's email conversations updated since ``since``, newest first."""

    def conversation_of(self, message_ids: Sequence[str]) -> ConversationId | None:
        """The conversation one of ``message_ids`` belongs to, the last one first."""

    def remember_message_id(self, message_id: str, conversation_id: ConversationId) -> None:
        """Idempotent: a Message-ID already known keeps its conversation."""

    # outbound
    def add_outbound(self, email: OutboundEmail, carried: Sequence[MessageId]) -> None:
        """Store ``email``, which carries the messages ``carried``; raises ``DuplicateKey``
        when one of them already has an email."""

    def get_outbound(self, outbound_id: str) -> OutboundEmail | None: ...
    def find_outbound(self, message_id: str) -> OutboundEmail | None: ...
    def claim_outbound(self, outbound_id: str, at: datetime, stale_before: datetime) -> bool:
        """Mark it sending if it is queued, or sending since before ``stale_before``."""

    def set_outbound_status(
        self, outbound_id: str, status: OutboundStatus, error: str | None, at: datetime
    ) -> None: ...
    def outbound_to_send(self, stale_before: datetime, limit: int) -> Sequence[str]: ...
    def outbound_for_conversation(
        self, conversation_id: ConversationId
    ) -> Sequence[OutboundEmail]: ...
    def replies_without_email(self, since: datetime, limit: int) -> Sequence[Message]:
        """Outbound messages of email conversations since ``since`` that no email carries yet."""
