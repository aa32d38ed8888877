"""SQL repositories for the append-only logs: events, actions, and API tokens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from frontline.domain.actions import Action, ActionOutcome
from frontline.domain.events import Event, EventKind
from frontline.domain.ids import ActionId, ConversationId
from frontline.services.ports import ApiToken
from frontline.storage.codec import as_utc, dump_json, load_json
from frontline.storage.tables import actions, api_tokens, events

_INSERT_EVENT = insert(events)
_INSERT_ACTION = insert(actions)


class SqlEventLog:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def append(
        self,
        kind: EventKind,
        conversation_id: ConversationId | None,
        actor: str,
        data: dict[str, Any],
        at: datetime,
    ) -> None:
        self._db.execute(
            _INSERT_EVENT,
            {
                "kind": kind.value,
                "conversation_id": conversation_id,
                "actor": actor,
                "data": dump_json(data),
                "created_at": at,
            },
        )

    def for_conversation(self, conversation_id: ConversationId) -> Sequence[Event]:
        rows = self._db.execute(
            select(events).where(events.c.conversation_id == conversation_id).order_by(events.c.id)
        )
        return [
            Event(
                id=r.id,
                kind=EventKind(r.kind),
                conversation_id=ConversationId(r.conversation_id),
                actor=r.actor,
                data=load_json(r.data),
                created_at=as_utc(r.created_at),
            )
            for r in rows
        ]


class SqlActionLog:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, action: Action) -> None:
        self._db.execute(
            _INSERT_ACTION,
            {
                "id": action.id,
                "conversation_id": action.conversation_id,
                "name": action.name,
                "arguments": dump_json(action.arguments),
                "outcome": action.outcome.value,
                "result": dump_json(action.result),
                "actor": action.actor,
                "created_at": action.created_at,
                "idempotency_key": action.idempotency_key,
            },
        )

    def for_conversation(self, conversation_id: ConversationId) -> Sequence[Action]:
        rows = self._db.execute(
            select(actions)
            .where(actions.c.conversation_id == conversation_id)
            .order_by(actions.c.id)
        )
        return [_action(r) for r in rows]

    def find_by_key(self, idempotency_key: str) -> Action | None:
        row = self._db.execute(
            select(actions).where(actions.c.idempotency_key == idempotency_key)
        ).first()
        return None if row is None else _action(row)

    def settle(self, idempotency_key: str, outcome: ActionOutcome, result: Any) -> None:
        self._db.execute(
            update(actions)
            .where(actions.c.idempotency_key == idempotency_key)
            .values(outcome=outcome.value, result=dump_json(result))
        )

    def pending(self, before: datetime, limit: int) -> Sequence[Action]:
        rows = self._db.execute(
            select(actions)
            .where(actions.c.outcome == ActionOutcome.pending.value, actions.c.created_at < before)
            .order_by(actions.c.created_at, actions.c.id)
            .limit(limit)
        )
        return [_action(r) for r in rows]


def _action(r: Row[Any]) -> Action:
    return Action(
        id=ActionId(r.id),
        conversation_id=ConversationId(r.conversation_id) if r.conversation_id else None,
        name=r.name,
        arguments=load_json(r.arguments),
        outcome=ActionOutcome(r.outcome),
        result=load_json(r.result),
        actor=r.actor,
        created_at=as_utc(r.created_at),
        idempotency_key=r.idempotency_key,
    )


class SqlTokenRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, token: ApiToken, token_hash: str) -> None:
        self._db.execute(
            insert(api_tokens).values(
                id=token.id,
                name=token.name,
                token_hash=token_hash,
                is_admin=token.is_admin,
                created_at=token.created_at,
            )
        )

    def find_by_hash(self, token_hash: str) -> ApiToken | None:
        row = self._db.execute(
            select(api_tokens).where(api_tokens.c.token_hash == token_hash)
        ).first()
        if row is None:
            return None
        return ApiToken(
            id=row.id,
            name=row.name,
            is_admin=row.is_admin,
            created_at=as_utc(row.created_at),
            revoked_at=as_utc(row.revoked_at) if row.revoked_at else None,
        )
