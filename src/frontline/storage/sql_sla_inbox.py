"""The inbox sorted by SLA: conversations in scope by the time their next target breaches.

The page walks ``ix_sla_timers_due_at`` in order and joins each timer to its conversation, so
the first page at 100,000 open conversations reads about a page of rows; conversations with no
running clock follow, newest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, func, select

from frontline.domain.conversations import Conversation
from frontline.domain.ids import ConversationId
from frontline.services.ports import InboxQuery
from frontline.storage.codec import as_utc
from frontline.storage.helpdesk_tables import sla_timers
from frontline.storage.sql_conversations import _conversation
from frontline.storage.sql_inbox import _scope, _view
from frontline.storage.tables import conversations

c = conversations.c


class SqlSlaInboxRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def due_times(self, ids: Sequence[ConversationId]) -> dict[ConversationId, datetime]:
        if not ids:
            return {}
        rows = self._db.execute(
            select(sla_timers.c.conversation_id, sla_timers.c.due_at).where(
                sla_timers.c.conversation_id.in_(ids), sla_timers.c.due_at.is_not(None)
            )
        )
        return {ConversationId(r.conversation_id): as_utc(r.due_at) for r in rows}

    def by_due(
        self, query: InboxQuery, offset: int, limit: int
    ) -> tuple[Sequence[Conversation], dict[ConversationId, datetime]]:
        """One page of ``query`` (search ignored) ordered by due time, then the rest newest
        first; ``offset`` counts rows of that whole order."""
        where = [*_scope(query), _view(query.view, query.me)]
        timed = self._db.execute(
            select(conversations, sla_timers.c.due_at)
            .join(sla_timers, sla_timers.c.conversation_id == c.id)
            .where(sla_timers.c.due_at.is_not(None), *where)
            .order_by(sla_timers.c.due_at, c.id)
            .offset(offset)
            .limit(limit)
        ).all()
        items = [_conversation(r) for r in timed]
        due = {ConversationId(r.id): as_utc(r.due_at) for r in timed}
        if len(items) < limit:
            skipped = 0
            if offset > 0 and not items:  # how many timed rows the offset already passed
                skipped = self._count_timed(where)
            rest_offset = max(0, offset - skipped) if not items else 0
            untimed = (
                select(conversations)
                .outerjoin(sla_timers, sla_timers.c.conversation_id == c.id)
                .where(sla_timers.c.due_at.is_(None), *where)
                .order_by(c.id.desc())
                .offset(rest_offset)
                .limit(limit - len(items))
            )
            items += [_conversation(r) for r in self._db.execute(untimed)]
        return items, due

    def _count_timed(self, where: list[ColumnElement[bool]]) -> int:
        return int(
            self._db.execute(
                select(func.count())
                .select_from(conversations)
                .join(sla_timers, sla_timers.c.conversation_id == c.id)
                .where(sla_timers.c.due_at.is_not(None), *where)
            ).scalar_one()
        )
