"""SQL repository of the email channel (``tx.emails``)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Table, and_, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from frontline.domain.conversations import Channel, Direction, Message
from frontline.domain.emails import (
    Attachment,
    EmailKind,
    EmailThread,
    InboundEmail,
    InboundStatus,
    OutboundEmail,
    OutboundStatus,
)
from frontline.domain.ids import ConversationId, MessageId
from frontline.services.ports import DuplicateKey
from frontline.storage.codec import as_utc, dump_json, load_json
from frontline.storage.email_tables import (
    email_attachments,
    email_message_ids,
    email_reply_messages,
    email_threads,
    inbound_emails,
    outbound_emails,
)
from frontline.storage.sql_conversations import _message
from frontline.storage.tables import conversations, messages

_in = inbound_emails.c
_out = outbound_emails.c
_thr = email_threads.c


def _inbound(row: Row[Any]) -> InboundEmail:
    return InboundEmail(
        id=row.id,
        message_id=row.message_id,
        sender=row.sender,
        subject=row.subject,
        raw=bytes(row.raw),
        received_at=as_utc(row.received_at),
        status=InboundStatus(row.status),
        kind=EmailKind(row.kind) if row.kind else None,
        conversation_id=ConversationId(row.conversation_id) if row.conversation_id else None,
        chat_message_id=MessageId(row.chat_message_id) if row.chat_message_id else None,
        text=row.text,
        attempts=row.attempts,
    )


def _thread(row: Row[Any]) -> EmailThread:
    return EmailThread(
        conversation_id=ConversationId(row.conversation_id),
        tag=row.tag,
        customer_address=row.customer_address,
        subject=row.subject,
        created_at=as_utc(row.created_at),
        last_message_id=row.last_message_id,
        references=tuple(load_json(row.references)),
        thread_index=row.thread_index,
    )


def _outbound(row: Row[Any]) -> OutboundEmail:
    return OutboundEmail(
        id=row.id,
        conversation_id=ConversationId(row.conversation_id),
        chat_message_id=MessageId(row.chat_message_id) if row.chat_message_id else None,
        message_id=row.message_id,
        recipient=row.recipient,
        raw=bytes(row.raw),
        created_at=as_utc(row.created_at),
        status=OutboundStatus(row.status),
        attempts=row.attempts,
        last_error=row.last_error,
        sent_at=as_utc(row.sent_at) if row.sent_at else None,
        code_nonce=row.code_nonce,
    )


class SqlEmailRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def _insert_once(self, statement: Any, values: dict[str, Any], key: str) -> None:
        # A savepoint keeps the surrounding transaction usable after a duplicate.
        try:
            with self._db.begin_nested():
                self._db.execute(statement, values)
        except IntegrityError as exc:
            raise DuplicateKey(key) from exc

    # inbound

    def add_inbound(self, email: InboundEmail) -> None:
        values = {
            "id": email.id,
            "message_id": email.message_id,
            "sender": email.sender[:320],
            "subject": email.subject[:1000],
            "raw": email.raw,
            "size": len(email.raw),
            "status": email.status.value,
            "attempts": 0,
            "received_at": email.received_at,
        }
        self._insert_once(insert(inbound_emails), values, email.message_id)

    def find_inbound(self, message_id: str) -> InboundEmail | None:
        row = self._db.execute(select(inbound_emails).where(_in.message_id == message_id)).first()
        return _inbound(row) if row else None

    def get_inbound(self, inbound_id: str) -> InboundEmail | None:
        row = self._db.execute(select(inbound_emails).where(_in.id == inbound_id)).first()
        return _inbound(row) if row else None

    def claim_inbound(self, inbound_id: str, at: datetime, stale_before: datetime) -> bool:
        return self._claim(
            inbound_emails,
            inbound_id,
            InboundStatus.received.value,
            InboundStatus.processing.value,
            at,
            stale_before,
        )

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
        result = self._db.execute(
            update(inbound_emails)
            .where(
                _in.id == inbound_id,
                _in.status == InboundStatus.processing.value,
                _in.claimed_at == claimed_at,
            )
            .values(
                status=InboundStatus.processed.value,
                kind=kind.value,
                conversation_id=conversation_id,
                chat_message_id=chat_message_id,
                text=text,
                processed_at=at,
            )
        )
        return result.rowcount == 1

    def inbound_to_process(self, stale_before: datetime, limit: int) -> Sequence[str]:
        rows = self._db.execute(
            select(_in.id)
            .where(
                or_(
                    _in.status == InboundStatus.received.value,
                    and_(
                        _in.status == InboundStatus.processing.value,
                        _in.claimed_at < stale_before,
                    ),
                )
            )
            .order_by(_in.received_at)
            .limit(limit)
        )
        return [row.id for row in rows]

    def count_from_sender(self, sender: str, since: datetime) -> int:
        return int(
            self._db.execute(
                select(func.count()).where(_in.sender == sender, _in.received_at >= since)
            ).scalar_one()
        )

    def inbound_for_conversation(self, conversation_id: ConversationId) -> Sequence[InboundEmail]:
        rows = self._db.execute(
            select(inbound_emails)
            .where(_in.conversation_id == conversation_id)
            .order_by(_in.received_at, _in.id)
        )
        return [_inbound(row) for row in rows]

    def add_attachment(self, inbound_id: str, attachment: Attachment) -> None:
        self._db.execute(
            insert(email_attachments).values(
                inbound_email_id=inbound_id,
                filename=attachment.filename,
                content_type=attachment.content_type[:200],
                size=attachment.size,
                content=attachment.content,
                refused=attachment.refused,
            )
        )

    def attachments_of(self, inbound_id: str) -> Sequence[Attachment]:
        rows = self._db.execute(
            select(email_attachments)
            .where(email_attachments.c.inbound_email_id == inbound_id)
            .order_by(email_attachments.c.id)
        )
        return [
            Attachment(
                row.filename,
                row.content_type,
                row.size,
                bytes(row.content) if row.content is not None else None,
                row.refused,
            )
            for row in rows
        ]

    # threading

    def get_thread(self, conversation_id: ConversationId) -> EmailThread | None:
        row = self._db.execute(
            select(email_threads).where(_thr.conversation_id == conversation_id)
        ).first()
        return _thread(row) if row else None

    def find_thread_by_tag(self, tag: str) -> EmailThread | None:
        row = self._db.execute(select(email_threads).where(_thr.tag == tag)).first()
        return _thread(row) if row else None

    def _thread_values(self, thread: EmailThread, at: datetime) -> dict[str, Any]:
        return {
            "customer_address": thread.customer_address,
            "subject": thread.subject[:1000],
            "last_message_id": thread.last_message_id,
            "references": dump_json(list(thread.references)),
            "thread_index": thread.thread_index[:400] if thread.thread_index else None,
            "updated_at": at,
        }

    def add_thread(self, thread: EmailThread) -> None:
        values = self._thread_values(thread, thread.created_at)
        values |= {
            "conversation_id": thread.conversation_id,
            "tag": thread.tag,
            "created_at": thread.created_at,
        }
        self._insert_once(insert(email_threads), values, thread.conversation_id)

    def update_thread(self, thread: EmailThread, at: datetime) -> None:
        self._db.execute(
            update(email_threads)
            .where(_thr.conversation_id == thread.conversation_id)
            .values(**self._thread_values(thread, at))
        )

    def threads_of(self, address: str, since: datetime, limit: int) -> Sequence[EmailThread]:
        rows = self._db.execute(
            select(email_threads)
            .where(_thr.customer_address == address, _thr.updated_at >= since)
            .order_by(_thr.updated_at.desc())
            .limit(limit)
        )
        return [_thread(row) for row in rows]

    def conversation_of(self, message_ids: Sequence[str]) -> ConversationId | None:
        if not message_ids:
            return None
        rows = self._db.execute(
            select(email_message_ids).where(email_message_ids.c.message_id.in_(message_ids))
        ).all()
        found = {row.message_id: row.conversation_id for row in rows}
        for message_id in reversed(message_ids):
            if message_id in found:
                return ConversationId(found[message_id])
        return None

    def remember_message_id(self, message_id: str, conversation_id: ConversationId) -> None:
        known = self._db.execute(
            select(email_message_ids.c.message_id).where(
                email_message_ids.c.message_id == message_id
            )
        ).first()
        # A concurrent delivery may have remembered it first: that one stands.
        if known is None:
            with contextlib.suppress(DuplicateKey):
                self._insert_once(
                    insert(email_message_ids),
                    {"message_id": message_id, "conversation_id": conversation_id},
                    message_id,
                )

    # outbound

    def add_outbound(self, email: OutboundEmail, carried: Sequence[MessageId]) -> None:
        values = {
            "id": email.id,
            "conversation_id": email.conversation_id,
            "chat_message_id": email.chat_message_id,
            "message_id": email.message_id,
            "recipient": email.recipient,
            "raw": email.raw,
            "status": email.status.value,
            "attempts": 0,
            "created_at": email.created_at,
            "code_nonce": email.code_nonce,
        }
        try:
            with self._db.begin_nested():
                self._db.execute(insert(outbound_emails), values)
                if carried:
                    self._db.execute(
                        insert(email_reply_messages),
                        [{"chat_message_id": m, "outbound_email_id": email.id} for m in carried],
                    )
        except IntegrityError as exc:
            raise DuplicateKey(email.chat_message_id) from exc

    def get_outbound(self, outbound_id: str) -> OutboundEmail | None:
        row = self._db.execute(select(outbound_emails).where(_out.id == outbound_id)).first()
        return _outbound(row) if row else None

    def find_outbound(self, message_id: str) -> OutboundEmail | None:
        row = self._db.execute(select(outbound_emails).where(_out.message_id == message_id)).first()
        return _outbound(row) if row else None

    def claim_outbound(self, outbound_id: str, at: datetime, stale_before: datetime) -> bool:
        return self._claim(
            outbound_emails,
            outbound_id,
            OutboundStatus.queued.value,
            OutboundStatus.sending.value,
            at,
            stale_before,
        )

    def _claim(
        self,
        table: Table,
        row_id: str,
        waiting: str,
        working: str,
        at: datetime,
        stale_before: datetime,
    ) -> bool:
        """Lease a row: it waits, or its earlier lease ran out before ``stale_before``."""
        c = table.c
        result = self._db.execute(
            update(table)
            .where(
                c.id == row_id,
                or_(c.status == waiting, and_(c.status == working, c.claimed_at < stale_before)),
            )
            .values(status=working, claimed_at=at, attempts=c.attempts + 1)
        )
        return result.rowcount == 1

    def set_outbound_status(
        self, outbound_id: str, status: OutboundStatus, error: str | None, at: datetime
    ) -> None:
        values: dict[str, Any] = {"status": status.value, "last_error": error}
        if status is OutboundStatus.sent:
            values["sent_at"] = at
        if status is OutboundStatus.queued:
            values["claimed_at"] = None
        else:  # sent or given up: nothing may derive an identity code from it any more
            values["code_nonce"] = None
        self._db.execute(update(outbound_emails).where(_out.id == outbound_id).values(**values))

    def outbound_to_send(self, stale_before: datetime, limit: int) -> Sequence[str]:
        rows = self._db.execute(
            select(_out.id)
            .where(
                or_(
                    _out.status == OutboundStatus.queued.value,
                    and_(
                        _out.status == OutboundStatus.sending.value,
                        _out.claimed_at < stale_before,
                    ),
                )
            )
            .order_by(_out.created_at)
            .limit(limit)
        )
        return [row.id for row in rows]

    def outbound_for_conversation(self, conversation_id: ConversationId) -> Sequence[OutboundEmail]:
        rows = self._db.execute(
            select(outbound_emails)
            .where(_out.conversation_id == conversation_id)
            .order_by(_out.created_at, _out.id)
        )
        return [_outbound(row) for row in rows]

    def replies_without_email(self, since: datetime, limit: int) -> Sequence[Message]:
        m = messages.c
        rows = self._db.execute(
            select(messages)
            .join(conversations, conversations.c.id == m.conversation_id)
            .where(
                m.channel == Channel.email.value,
                m.direction == Direction.outbound.value,
                m.created_at >= since,
                conversations.c.channel == Channel.email.value,
                ~exists().where(email_reply_messages.c.chat_message_id == m.id),
            )
            .order_by(m.id)
            .limit(limit)
        )
        return [_message(row) for row in rows]
