"""SQL repositories for conversations, their messages and internal notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, bindparam, false, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from frontline.domain.conversations import (
    AuthorKind,
    Channel,
    Conversation,
    ConversationStatus,
    Direction,
    Message,
    Note,
    Priority,
    handoff_from_json,
)
from frontline.domain.ids import ConversationId, CustomerId, MessageId, NoteId
from frontline.services.ports import ConversationFilter, DuplicateKey
from frontline.storage.codec import as_utc, dump_json, load_json
from frontline.storage.sql_privacy import add_redacted_copy
from frontline.storage.tables import conversations, messages, notes

# Statements built once: the message path runs them on every request, and building a statement
# (and its cache key) costs more than executing it on SQLite.
_GET_CONVERSATION = select(conversations).where(conversations.c.id == bindparam("b_id"))
_INSERT_CONVERSATION = insert(conversations)
_UPDATE_CONVERSATION = update(conversations).where(conversations.c.id == bindparam("b_id"))
_INSERT_MESSAGE = insert(messages)
_FIND_MESSAGE = select(messages).where(
    messages.c.channel == bindparam("b_channel"),
    messages.c.channel_message_id == bindparam("b_channel_message_id"),
)


def _conversation_values(conversation: Conversation) -> dict[str, Any]:
    handoff = conversation.handoff
    return {
        "channel": conversation.channel.value,
        "status": conversation.status.value,
        "customer_id": conversation.customer_id,
        "queue": conversation.queue,
        "priority": conversation.priority.value,
        "assignee": conversation.assignee,
        "tags": dump_json(list(conversation.tags)),
        "handoff": None
        if handoff is None
        else dump_json(
            {"queue": handoff.queue, "reason": handoff.reason, "summary": handoff.summary}
        ),
        "subject": conversation.subject,
        "created_at": conversation.created_at,
        "updated_at": conversation.updated_at,
    }


def _conversation(row: Row[Any]) -> Conversation:
    return Conversation(
        id=ConversationId(row.id),
        channel=Channel(row.channel),
        status=ConversationStatus(row.status),
        customer_id=CustomerId(row.customer_id) if row.customer_id else None,
        queue=row.queue,
        priority=Priority(row.priority),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        assignee=row.assignee,
        tags=tuple(load_json(row.tags)),
        handoff=handoff_from_json(load_json(row.handoff)),
        subject=row.subject,
    )


def _message(row: Row[Any]) -> Message:
    return Message(
        id=MessageId(row.id),
        conversation_id=ConversationId(row.conversation_id),
        direction=Direction(row.direction),
        author_kind=AuthorKind(row.author_kind),
        text=row.text,
        created_at=as_utc(row.created_at),
        author_id=row.author_id,
        channel_message_id=row.channel_message_id,
        in_reply_to=MessageId(row.in_reply_to) if row.in_reply_to else None,
        awaiting=row.awaiting,
        options=tuple(load_json(row.options) or ()),
    )


class SqlConversationRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, conversation_id: ConversationId) -> Conversation | None:
        row = self._db.execute(_GET_CONVERSATION, {"b_id": conversation_id}).first()
        return None if row is None else _conversation(row)

    def add(self, conversation: Conversation) -> None:
        self._db.execute(
            _INSERT_CONVERSATION, {"id": conversation.id, **_conversation_values(conversation)}
        )

    def update(self, conversation: Conversation) -> None:
        self._db.execute(
            _UPDATE_CONVERSATION, {"b_id": conversation.id, **_conversation_values(conversation)}
        )

    def list(
        self, where: ConversationFilter, after: ConversationId | None, limit: int
    ) -> Sequence[Conversation]:
        c = conversations.c
        query = select(conversations).order_by(c.id.desc()).limit(limit)
        if where.status is not None:
            query = query.where(c.status == where.status.value)
        if where.queue is not None:
            query = query.where(c.queue == where.queue)
        if where.assignee is not None:
            query = query.where(c.assignee == where.assignee)
        if where.unassigned:
            query = query.where(c.assignee.is_(None))
        if where.customer_id is not None:
            query = query.where(c.customer_id == where.customer_id)
        if where.channel is not None:
            query = query.where(c.channel == where.channel.value)
        if where.visible_queues is not None:
            in_queue = c.queue.in_(where.visible_queues)
            mine = c.assignee == where.visible_to if where.visible_to is not None else false()
            query = query.where(or_(in_queue, mine))
        if after is not None:
            query = query.where(c.id < after)
        return [_conversation(row) for row in self._db.execute(query)]


class SqlMessageRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, message: Message, channel: Channel, known_names: Sequence[str] = ()) -> None:
        values = {
            "id": message.id,
            "conversation_id": message.conversation_id,
            "channel": channel.value,
            "direction": message.direction.value,
            "author_kind": message.author_kind.value,
            "author_id": message.author_id,
            "text": message.text,
            "channel_message_id": message.channel_message_id,
            "in_reply_to": message.in_reply_to,
            "awaiting": message.awaiting,
            "options": dump_json(list(message.options)) if message.options else None,
            "created_at": message.created_at,
        }
        if message.channel_message_id is None:
            self._db.execute(_INSERT_MESSAGE, values)
        else:
            # A savepoint keeps the surrounding transaction usable after a duplicate delivery.
            try:
                with self._db.begin_nested():
                    self._db.execute(_INSERT_MESSAGE, values)
            except IntegrityError as exc:
                raise DuplicateKey(message.channel_message_id) from exc
        add_redacted_copy(self._db, message.id, message.text, known_names)

    def get(self, message_id: MessageId) -> Message | None:
        row = self._db.execute(select(messages).where(messages.c.id == message_id)).first()
        return None if row is None else _message(row)

    def find_by_channel_id(self, channel: Channel, channel_message_id: str) -> Message | None:
        row = self._db.execute(
            _FIND_MESSAGE, {"b_channel": channel.value, "b_channel_message_id": channel_message_id}
        ).first()
        return None if row is None else _message(row)

    def for_conversation(self, conversation_id: ConversationId) -> Sequence[Message]:
        rows = self._db.execute(
            select(messages)
            .where(messages.c.conversation_id == conversation_id)
            .order_by(messages.c.id)
        )
        return [_message(r) for r in rows]

    def replies_to(self, message_id: MessageId) -> Sequence[Message]:
        rows = self._db.execute(
            select(messages).where(messages.c.in_reply_to == message_id).order_by(messages.c.id)
        )
        return [_message(r) for r in rows]


class SqlNoteRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, note: Note) -> None:
        self._db.execute(
            insert(notes).values(
                id=note.id,
                conversation_id=note.conversation_id,
                author_id=note.author_id,
                text=note.text,
                created_at=note.created_at,
            )
        )

    def for_conversation(self, conversation_id: ConversationId) -> Sequence[Note]:
        rows = self._db.execute(
            select(notes).where(notes.c.conversation_id == conversation_id).order_by(notes.c.id)
        )
        return [
            Note(
                id=NoteId(r.id),
                conversation_id=ConversationId(r.conversation_id),
                author_id=r.author_id,
                text=r.text,
                created_at=as_utc(r.created_at),
            )
            for r in rows
        ]
