"""SQL repository for the AI agent's per-conversation state (a JSON document)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from frontline.domain.ids import ConversationId
from frontline.storage.codec import dump_json, load_json
from frontline.storage.tables import agent_states


class SqlAgentStateRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, conversation_id: ConversationId) -> dict[str, Any] | None:
        text = self._db.execute(
            select(agent_states.c.state).where(agent_states.c.conversation_id == conversation_id)
        ).scalar_one_or_none()
        state = load_json(text)
        return state if isinstance(state, dict) else None

    def put(self, conversation_id: ConversationId, state: dict[str, Any], at: datetime) -> None:
        values = {"state": dump_json(state), "updated_at": at}
        changed = self._db.execute(
            update(agent_states)
            .where(agent_states.c.conversation_id == conversation_id)
            .values(**values)
        ).rowcount
        if not changed:
            self._db.execute(insert(agent_states).values(conversation_id=conversation_id, **values))
