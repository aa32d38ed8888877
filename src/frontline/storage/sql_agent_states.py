"""SQL repository for the AI agent's per-conversation state (a JSON document, versioned) and
the outbox of turns it owes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from frontline.domain.ids import ConversationId, MessageId
from frontline.services.ports import StaleState, VersionedState
from frontline.storage.codec import dump_json, load_json
from frontline.storage.tables import agent_states, agent_turns_due


class SqlAgentStateRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, conversation_id: ConversationId) -> dict[str, Any] | None:
        return self.read(conversation_id).state

    def read(self, conversation_id: ConversationId) -> VersionedState:
        c = agent_states.c
        row = self._db.execute(
            select(c.state, c.version).where(c.conversation_id == conversation_id)
        ).first()
        if row is None:
            return VersionedState(None, 0)
        state = load_json(row.state)
        return VersionedState(state if isinstance(state, dict) else None, row.version)

    def put(self, conversation_id: ConversationId, state: dict[str, Any], at: datetime) -> None:
        values = {"state": dump_json(state), "updated_at": at}
        changed = self._db.execute(
            update(agent_states)
            .where(agent_states.c.conversation_id == conversation_id)
            .values(version=agent_states.c.version + 1, **values)
        ).rowcount
        if not changed:
            self._db.execute(
                insert(agent_states).values(conversation_id=conversation_id, version=1, **values)
            )

    def store_turn(
        self,
        conversation_id: ConversationId,
        state: dict[str, Any],
        at: datetime,
        *,
        read_version: int,
    ) -> None:
        values = {"state": dump_json(state), "updated_at": at, "version": read_version + 1}
        if read_version == 0:  # the first turn inserts: a concurrent first turn clashes
            try:
                with self._db.begin_nested():
                    self._db.execute(
                        insert(agent_states).values(conversation_id=conversation_id, **values)
                    )
            except IntegrityError as exc:
                raise StaleState(conversation_id) from exc
            return
        changed = self._db.execute(
            update(agent_states)
            .where(
                agent_states.c.conversation_id == conversation_id,
                agent_states.c.version == read_version,
            )
            .values(**values)
        ).rowcount
        if not changed:
            raise StaleState(conversation_id)

    def expect_turn(
        self, message_id: MessageId, conversation_id: ConversationId, at: datetime
    ) -> None:
        self._db.execute(
            insert(agent_turns_due).values(
                message_id=message_id, conversation_id=conversation_id, created_at=at
            )
        )

    def turn_due(self, message_id: MessageId) -> bool:
        c = agent_turns_due.c
        return (
            self._db.execute(select(c.message_id).where(c.message_id == message_id)).first()
            is not None
        )

    def finish_turn(self, message_id: MessageId) -> bool:
        c = agent_turns_due.c
        return bool(
            self._db.execute(delete(agent_turns_due).where(c.message_id == message_id)).rowcount
        )

    def turns_due(self, before: datetime, limit: int) -> Sequence[tuple[ConversationId, MessageId]]:
        c = agent_turns_due.c
        rows = self._db.execute(
            select(c.conversation_id, c.message_id)
            .where(c.created_at < before)
            .order_by(c.created_at, c.message_id)
            .limit(limit)
        )
        return [(ConversationId(r.conversation_id), MessageId(r.message_id)) for r in rows]
