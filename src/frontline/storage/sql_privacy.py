"""SQL adapter of privacy: redacted copies of messages, a customer's record, and erasure.

What erasure keeps and what it overwrites, table by table (``ERASED`` is the text left)::

    customers              row kept (the conversations point at it); name, back-office link emptied
    customer_identities    deleted (emails, phones)
    conversations          row kept: status, channel, queue, times, tags; subject emptied,
                           the hand-off summary overwritten
    messages               row kept (direction, author kind, time); text overwritten, and its
                           redacted copy
    notes                  row kept; text overwritten
    events                 kept (the KPIs are computed from them); a CSAT comment overwritten
    actions                row kept (name, outcome, time); arguments and result emptied
    agent_states           deleted
    inbound_emails         row kept; sender, subject, text, raw bytes, attachments emptied
    email_threads          customer address and subject overwritten
    outbound_emails        row kept; recipient and raw bytes emptied; unsent ones fail
    csat_surveys           kept (a score is not personal data; comments live in the events)
    kb_events              kept (self-service counts); the question's text emptied
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Table, bindparam, delete, insert, select, update
from sqlalchemy.sql.elements import ColumnElement

from frontline.domain.conversations import Channel, ConversationStatus
from frontline.domain.emails import InboundStatus, OutboundStatus
from frontline.domain.ids import ConversationId, CustomerId, MessageId
from frontline.domain.pii import redact
from frontline.storage.codec import as_utc, dump_json, load_json
from frontline.storage.email_tables import (
    email_attachments,
    email_threads,
    inbound_emails,
    outbound_emails,
)
from frontline.storage.knowledge_tables import knowledge_events
from frontline.storage.kpi_tables import csat_surveys
from frontline.storage.privacy_tables import (
    conversation_erasures,
    customer_erasures,
    message_redactions,
)
from frontline.storage.tables import (
    actions,
    agent_states,
    agent_turns_due,
    conversations,
    customer_identities,
    customers,
    events,
    messages,
    notes,
)

ERASED = "[erased]"
_INSERT_REDACTION = insert(message_redactions)
_CUSTOMER_NAME = select(customers.c.name).where(customers.c.id == bindparam("b_id"))
# Columns that hold JSON text, read back as data in an export.
_JSON_COLUMNS = frozenset({"tags", "handoff", "data", "arguments", "result", "state", "options"})
_BATCH = 500


def add_redacted_copy(
    connection: Connection, message_id: str, text: str, known_names: Sequence[str] = ()
) -> None:
    """Store ``text`` with its personal data replaced, next to the message it copies."""
    copy = redact(text, known_names)
    connection.execute(_INSERT_REDACTION, {"message_id": message_id, "text": copy})


def _value(name: str, value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    if name in _JSON_COLUMNS and isinstance(value, str):
        return load_json(value)
    return value


def _rows(
    rows: Iterable[Row[Any]], leave_out: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    return [
        {str(k): _value(k, v) for k, v in row._mapping.items() if k not in leave_out}
        for row in rows
    ]


def _batches(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


class SqlPrivacyRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def customer_name(self, customer_id: CustomerId) -> str | None:
        name = self._db.execute(_CUSTOMER_NAME, {"b_id": customer_id}).scalar_one_or_none()
        return str(name) if name else None

    def redacted_texts(self, message_ids: Sequence[MessageId]) -> dict[MessageId, str]:
        found: dict[MessageId, str] = {}
        for batch in _batches(list(message_ids)):
            rows = self._db.execute(
                select(message_redactions).where(message_redactions.c.message_id.in_(batch))
            )
            found.update({MessageId(r.message_id): r.text for r in rows})
        return found

    # --- export ---------------------------------------------------------------------------
    def _select(self, table: Table, where: ColumnElement[bool], order: Any) -> list[dict[str, Any]]:
        return _rows(self._db.execute(select(table).where(where).order_by(order)))

    def customer_record(self, customer_id: CustomerId) -> dict[str, Any] | None:
        profile = self._select(customers, customers.c.id == customer_id, customers.c.id)
        if not profile:
            return None
        erased = self._db.execute(
            select(customer_erasures.c.erased_at).where(
                customer_erasures.c.customer_id == customer_id
            )
        ).scalar_one_or_none()
        identities = self._select(
            customer_identities,
            customer_identities.c.customer_id == customer_id,
            customer_identities.c.id,
        )
        record: dict[str, Any] = {
            "customer": profile[0],
            "erased_at": as_utc(erased).isoformat() if erased else None,
            "identities": [{"kind": i["kind"], "value": i["value"]} for i in identities],
            "conversations": [],
        }
        conversation_rows = self._select(
            conversations, conversations.c.customer_id == customer_id, conversations.c.id
        )
        for conversation in conversation_rows:
            record["conversations"].append(self._conversation_record(conversation))
        emails = [i["value"] for i in identities if i["kind"] == "email"]
        record["emails_without_conversation"] = _rows(
            self._db.execute(
                select(inbound_emails)
                .where(
                    inbound_emails.c.sender.in_(emails), inbound_emails.c.conversation_id.is_(None)
                )
                .order_by(inbound_emails.c.received_at)
            )
        )
        return record

    def _conversation_record(self, conversation: dict[str, Any]) -> dict[str, Any]:
        cid = conversation["id"]
        message_rows = self._select(messages, messages.c.conversation_id == cid, messages.c.id)
        redacted = self.redacted_texts([m["id"] for m in message_rows])
        for message in message_rows:
            message["redacted_text"] = redacted.get(message["id"])
        inbound = self._select(
            inbound_emails, inbound_emails.c.conversation_id == cid, inbound_emails.c.received_at
        )
        for email in inbound:
            email["attachments"] = _rows(
                self._db.execute(
                    select(email_attachments).where(
                        email_attachments.c.inbound_email_id == email["id"]
                    )
                ),
                leave_out=frozenset({"content"}),
            )
        state = self._db.execute(
            select(agent_states.c.state).where(agent_states.c.conversation_id == cid)
        ).scalar_one_or_none()
        return {
            **conversation,
            "messages": message_rows,
            "notes": self._select(notes, notes.c.conversation_id == cid, notes.c.created_at),
            "events": self._select(events, events.c.conversation_id == cid, events.c.id),
            "actions": self._select(
                actions, actions.c.conversation_id == cid, actions.c.created_at
            ),
            "agent_state": load_json(state),
            "surveys": self._select(
                csat_surveys, csat_surveys.c.conversation_id == cid, csat_surveys.c.requested_at
            ),
            "email_thread": self._select(
                email_threads, email_threads.c.conversation_id == cid, email_threads.c.created_at
            ),
            "inbound_emails": inbound,
            "outbound_emails": self._select(
                outbound_emails,
                outbound_emails.c.conversation_id == cid,
                outbound_emails.c.created_at,
            ),
            "knowledge_events": self._select(
                knowledge_events, knowledge_events.c.conversation_id == cid, knowledge_events.c.id
            ),
        }

    # --- erasure --------------------------------------------------------------------------
    def erase_customer(self, customer_id: CustomerId, at: datetime) -> dict[str, int]:
        db = self._db
        ids = list(
            db.execute(
                select(conversations.c.id).where(conversations.c.customer_id == customer_id)
            ).scalars()
        )
        counts = self._erase_conversations(ids, at)
        emails = list(
            db.execute(
                select(customer_identities.c.value).where(
                    customer_identities.c.customer_id == customer_id,
                    customer_identities.c.kind == "email",
                )
            ).scalars()
        )
        counts["inbound_emails"] += self._erase_inbound(inbound_emails.c.sender.in_(emails))
        counts["identities"] = db.execute(
            delete(customer_identities).where(customer_identities.c.customer_id == customer_id)
        ).rowcount
        counts["customers"] = db.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(name=None, backoffice_user_id=None)
        ).rowcount
        known = db.execute(
            select(customer_erasures.c.customer_id).where(
                customer_erasures.c.customer_id == customer_id
            )
        ).first()
        if known is None:
            db.execute(insert(customer_erasures).values(customer_id=customer_id, erased_at=at))
        return counts

    def erase_conversation_text(
        self, conversation_id: ConversationId, at: datetime
    ) -> dict[str, int]:
        return self._erase_conversations([conversation_id], at)

    def _erase_conversations(self, ids: Sequence[str], at: datetime) -> dict[str, int]:
        counts = dict.fromkeys(
            ("conversations", "messages", "notes", "actions", "agent_states", "inbound_emails",
             "outbound_emails", "events"),
            0,
        )  # fmt: skip
        for batch in _batches(ids):
            for key, value in self._erase_batch(batch, at).items():
                counts[key] += value
        return counts

    def _erase_batch(self, ids: Sequence[str], at: datetime) -> dict[str, int]:
        db = self._db
        message_ids = select(messages.c.id).where(messages.c.conversation_id.in_(ids))
        db.execute(
            update(message_redactions)
            .where(message_redactions.c.message_id.in_(message_ids))
            .values(text=ERASED)
        )
        counts = {
            "messages": db.execute(
                update(messages).where(messages.c.conversation_id.in_(ids)).values(text=ERASED)
            ).rowcount,
            "notes": db.execute(
                update(notes).where(notes.c.conversation_id.in_(ids)).values(text=ERASED)
            ).rowcount,
            "actions": db.execute(
                update(actions)
                .where(actions.c.conversation_id.in_(ids))
                .values(arguments=dump_json({}), result=None)
            ).rowcount,
            "agent_states": db.execute(
                delete(agent_states).where(agent_states.c.conversation_id.in_(ids))
            ).rowcount,
            "conversations": self._erase_conversation_rows(ids),
            "events": self._erase_event_comments(ids),
            "inbound_emails": self._erase_inbound(inbound_emails.c.conversation_id.in_(ids)),
            "outbound_emails": self._erase_outbound(ids),
        }
        # an erased message is owed no answer any more
        db.execute(delete(agent_turns_due).where(agent_turns_due.c.conversation_id.in_(ids)))
        db.execute(
            update(email_threads)
            .where(email_threads.c.conversation_id.in_(ids))
            .values(customer_address=ERASED, subject=ERASED)
        )
        # questions asked in the conversation (knowledge gaps skip events without text)
        db.execute(
            update(knowledge_events)
            .where(knowledge_events.c.conversation_id.in_(ids))
            .values(text=None)
        )
        done = set(
            db.execute(
                select(conversation_erasures.c.conversation_id).where(
                    conversation_erasures.c.conversation_id.in_(ids)
                )
            ).scalars()
        )
        new = [{"conversation_id": i, "erased_at": at} for i in ids if i not in done]
        if new:
            db.execute(insert(conversation_erasures), new)
        if done:
            db.execute(
                update(conversation_erasures)
                .where(conversation_erasures.c.conversation_id.in_(done))
                .values(erased_at=at)
            )
        return counts

    def _erase_conversation_rows(self, ids: Sequence[str]) -> int:
        db = self._db
        changed = 0
        rows = db.execute(
            select(conversations.c.id, conversations.c.handoff).where(conversations.c.id.in_(ids))
        ).all()
        for row in rows:
            handoff = load_json(row.handoff)
            if isinstance(handoff, dict):
                handoff["summary"] = ERASED
            db.execute(
                update(conversations)
                .where(conversations.c.id == row.id)
                .values(subject=None, handoff=None if handoff is None else dump_json(handoff))
            )
            changed += 1
        return changed

    def _erase_event_comments(self, ids: Sequence[str]) -> int:
        db = self._db
        changed = 0
        rows = db.execute(
            select(events.c.id, events.c.data).where(
                events.c.conversation_id.in_(ids), events.c.kind == "csat_answered"
            )
        ).all()
        for row in rows:
            data = load_json(row.data)
            if isinstance(data, dict) and data.get("comment"):
                data["comment"] = ERASED
                db.execute(update(events).where(events.c.id == row.id).values(data=dump_json(data)))
                changed += 1
        return changed

    def _erase_inbound(self, where: ColumnElement[bool]) -> int:
        db = self._db
        inbound_ids = select(inbound_emails.c.id).where(where)
        db.execute(
            update(email_attachments)
            .where(email_attachments.c.inbound_email_id.in_(inbound_ids))
            .values(filename=ERASED, content=None)
        )
        db.execute(
            update(inbound_emails)
            .where(where, inbound_emails.c.status != InboundStatus.processed.value)
            .values(status=InboundStatus.processed.value)
        )
        return int(
            db.execute(
                update(inbound_emails)
                .where(where)
                .values(sender=ERASED, subject=ERASED, text=None, raw=b"")
            ).rowcount
        )

    def _erase_outbound(self, ids: Sequence[str]) -> int:
        db = self._db
        unsent = (OutboundStatus.queued.value, OutboundStatus.sending.value)
        db.execute(
            update(outbound_emails)
            .where(outbound_emails.c.conversation_id.in_(ids), outbound_emails.c.status.in_(unsent))
            .values(status=OutboundStatus.failed.value)
        )
        return int(
            db.execute(
                update(outbound_emails)
                .where(outbound_emails.c.conversation_id.in_(ids))
                .values(recipient=ERASED, raw=b"", last_error=None)
            ).rowcount
        )

    # --- retention ------------------------------------------------------------------------
    def due_for_retention(
        self,
        channel: Channel | None,
        status: ConversationStatus,
        updated_before: datetime,
        limit: int,
    ) -> Sequence[ConversationId]:
        c = conversations.c
        # erased since its last change: a conversation the customer wrote in again is due again
        erased = select(conversation_erasures.c.conversation_id).where(
            conversation_erasures.c.conversation_id == c.id,
            conversation_erasures.c.erased_at >= c.updated_at,
        )
        query = (
            select(c.id)
            .where(c.status == status.value, c.updated_at < updated_before, ~erased.exists())
            .order_by(c.updated_at)
            .limit(limit)
        )
        if channel is not None:
            query = query.where(c.channel == channel.value)
        return [ConversationId(i) for i in self._db.execute(query).scalars()]
