"""The SQL adapter of the follow-up port."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from frontline.domain.conversations import ConversationStatus
from frontline.domain.ids import ConversationId
from frontline.services.followup_ports import Link, LinkKind, Snooze
from frontline.storage.codec import as_utc
from frontline.storage.followup_tables import conversation_links, snoozes
from frontline.storage.tables import conversations, messages, notes

# Built once: the customer message path deletes a snooze (usually none) on every message.
_DELETE_SNOOZE = delete(snoozes).where(snoozes.c.conversation_id == bindparam("b_id"))


def _snooze(row: Row[Any]) -> Snooze:
    return Snooze(
        conversation_id=ConversationId(row.conversation_id),
        until=as_utc(row.until),
        status_before=ConversationStatus(row.status_before),
        actor=row.actor,
        created_at=as_utc(row.created_at),
    )


class SqlFollowupRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def put_snooze(self, snooze: Snooze) -> None:
        self.delete_snooze(snooze.conversation_id)
        self._db.execute(
            insert(snoozes).values(
                conversation_id=snooze.conversation_id,
                until=snooze.until,
                status_before=snooze.status_before.value,
                actor=snooze.actor,
                created_at=snooze.created_at,
            )
        )

    def snooze_of(self, conversation_id: ConversationId) -> Snooze | None:
        row = self._db.execute(
            select(snoozes).where(snoozes.c.conversation_id == conversation_id)
        ).first()
        return None if row is None else _snooze(row)

    def delete_snooze(self, conversation_id: ConversationId) -> bool:
        return self._db.execute(_DELETE_SNOOZE, {"b_id": conversation_id}).rowcount > 0

    def due_snoozes(self, at: datetime, limit: int) -> Sequence[Snooze]:
        rows = self._db.execute(
            select(snoozes).where(snoozes.c.until <= at).order_by(snoozes.c.until).limit(limit)
        )
        return [_snooze(r) for r in rows]

    def stale_pending(self, before: datetime, limit: int) -> Sequence[ConversationId]:
        snoozed = select(snoozes.c.conversation_id)
        rows = self._db.execute(
            select(conversations.c.id)
            .where(
                conversations.c.status == ConversationStatus.pending.value,
                conversations.c.updated_at < before,
                conversations.c.id.not_in(snoozed),
            )
            .order_by(conversations.c.updated_at)
            .limit(limit)
        )
        return [ConversationId(r.id) for r in rows]

    def add_link(self, link: Link) -> bool:
        try:
            with self._db.begin_nested():
                self._db.execute(
                    insert(conversation_links).values(
                        conversation_id=link.conversation_id,
                        other_id=link.other_id,
                        kind=link.kind.value,
                        actor=link.actor,
                        created_at=link.created_at,
                    )
                )
        except IntegrityError:
            return False
        return True

    def links_of(self, conversation_id: ConversationId) -> Sequence[Link]:
        rows = self._db.execute(
            select(conversation_links)
            .where(conversation_links.c.conversation_id == conversation_id)
            .order_by(conversation_links.c.created_at)
        )
        return [
            Link(
                ConversationId(r.conversation_id),
                ConversationId(r.other_id),
                LinkKind(r.kind),
                r.actor,
                as_utc(r.created_at),
            )
            for r in rows
        ]

    def move_messages(self, source: ConversationId, target: ConversationId) -> int:
        moved = self._db.execute(
            update(messages)
            .where(messages.c.conversation_id == source)
            .values(conversation_id=target)
        ).rowcount
        self._db.execute(
            update(notes).where(notes.c.conversation_id == source).values(conversation_id=target)
        )
        return int(moved)
