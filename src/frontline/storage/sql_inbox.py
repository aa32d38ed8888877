"""The workspace inbox: pages and counts of conversations in a member of staff's scope."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Connection, Select, and_, func, or_, select, true

from frontline.domain.conversations import Conversation, ConversationStatus
from frontline.domain.ids import ConversationId
from frontline.services.ports import InboxQuery, InboxView
from frontline.storage.sql_conversations import _conversation
from frontline.storage.tables import conversations

c = conversations.c
_NOT_DONE = (
    ConversationStatus.open.value,
    ConversationStatus.pending.value,
    ConversationStatus.escalated.value,
)


def _scope(query: InboxQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if query.queues is not None:
        where.append(or_(c.queue.in_(query.queues), c.assignee == query.me))
    if query.queue is not None:
        where.append(c.queue == query.queue)
    if query.status is not None:
        where.append(c.status == query.status.value)
    if query.search:
        term = query.search.strip()
        where.append(or_(c.subject.icontains(term, autoescape=True), c.id == term))
    return where


def _view(view: InboxView, me: str) -> ColumnElement[bool]:
    if view is InboxView.unassigned:
        return and_(c.assignee.is_(None), c.status.in_(_NOT_DONE))
    if view is InboxView.mine:
        return and_(c.assignee == me, c.status.in_(_NOT_DONE))
    if view is InboxView.escalated:
        return c.status == ConversationStatus.escalated.value
    return true()


def _in_view(view: InboxView, me: str, status: str, assignee: str | None) -> bool:
    """``_view`` for a row already in memory."""
    if view is InboxView.unassigned:
        return assignee is None and status in _NOT_DONE
    if view is InboxView.mine:
        return assignee == me and status in _NOT_DONE
    if view is InboxView.escalated:
        return status == ConversationStatus.escalated.value
    return True


class SqlInboxRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def view(
        self, query: InboxQuery, after: ConversationId | None, limit: int, cap: int
    ) -> tuple[Sequence[Conversation], dict[InboxView, int]]:
        if query.search:
            return self._search(query, after, limit, cap)
        statement: Select[tuple[object, ...]] = (
            select(conversations)
            .where(*_scope(query), _view(query.view, query.me))
            .order_by(c.id.desc())
            .limit(limit)
        )
        if after is not None:
            statement = statement.where(c.id < after)
        items = [_conversation(row) for row in self._db.execute(statement)]
        # Each view is counted only up to ``cap``: a count stops early on its index instead
        # of visiting every row of a large inbox.
        counts = {}
        for view in InboxView:
            capped = select(c.id).where(*_scope(query), _view(view, query.me)).limit(cap).subquery()
            counts[view] = int(
                self._db.execute(select(func.count()).select_from(capped)).scalar_one()
            )
        return items, counts

    def _search(
        self, query: InboxQuery, after: ConversationId | None, limit: int, cap: int
    ) -> tuple[Sequence[Conversation], dict[InboxView, int]]:
        """A search has to read every subject: read them once, for the page and the counts."""
        matches = self._db.execute(
            select(c.id, c.status, c.assignee)
            .where(*_scope(query))
            .order_by(c.id.desc())
            .limit(cap + 1)
        ).all()
        counts = dict.fromkeys(InboxView, 0)
        for _, status, assignee in matches[:cap]:
            for view in InboxView:
                counts[view] += _in_view(view, query.me, status, assignee)
        if len(matches) > cap:  # a broad search: count exactly, in a second pass
            counts = {view: min(n, cap) for view, n in self._grouped_counts(query).items()}
        wanted = [
            cid
            for cid, status, assignee in matches
            if _in_view(query.view, query.me, status, assignee) and (after is None or cid < after)
        ][:limit]
        if len(wanted) < limit and len(matches) > cap:  # the page goes past what was read
            statement = (
                select(conversations)
                .where(*_scope(query), _view(query.view, query.me))
                .order_by(c.id.desc())
                .limit(limit)
            )
            if after is not None:
                statement = statement.where(c.id < after)
            return [_conversation(row) for row in self._db.execute(statement)], counts
        by_id: dict[str, Conversation] = {}
        if wanted:
            found = self._db.execute(select(conversations).where(c.id.in_(wanted)))
            by_id = {row.id: _conversation(row) for row in found}
        return [by_id[cid] for cid in wanted], counts

    def _grouped_counts(self, query: InboxQuery) -> dict[InboxView, int]:
        rows = self._db.execute(
            select(c.status, c.assignee, func.count())
            .where(*_scope(query))
            .group_by(c.status, c.assignee)
        )
        counts = dict.fromkeys(InboxView, 0)
        for status, assignee, count in rows:
            unassigned, mine = assignee is None, assignee == query.me
            counts[InboxView.all] += count
            if status == ConversationStatus.escalated.value:
                counts[InboxView.escalated] += count
            if status in _NOT_DONE and unassigned:
                counts[InboxView.unassigned] += count
            if status in _NOT_DONE and mine:
                counts[InboxView.mine] += count
        return counts
