"""SQL adapter of the analytics port: KPI facts, daily rollups and their watermark."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select, update

from frontline.domain.events import Event, EventKind
from frontline.domain.ids import ConversationId
from frontline.services.kpi_ports import BacklogItem, RollupKey, StoredFacts, Survey
from frontline.storage.codec import as_utc, dump_json, load_json
from frontline.storage.kpi_tables import (
    conversation_kpis,
    csat_surveys,
    kpi_rollups,
    kpi_watermarks,
)
from frontline.storage.tables import conversations, events

_DIMENSIONS = ("day", "channel", "queue", "agent", "handler")
_UNDONE = ("open", "pending", "escalated")


def _key(row: object) -> RollupKey:
    return (row.day, row.channel, row.queue, row.agent, row.handler)  # type: ignore[attr-defined]  # a result row with the dimension columns


class SqlKpiRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def lock_watermark(self) -> int:
        query = select(kpi_watermarks.c.last_event_id).where(kpi_watermarks.c.id == 1)
        value = self._db.execute(query.with_for_update()).scalar()
        if value is None:
            self._db.execute(insert(kpi_watermarks).values(id=1, last_event_id=0))
            value = self._db.execute(query.with_for_update()).scalar()
        return int(value or 0)

    def set_watermark(self, event_id: int) -> None:
        self._db.execute(
            update(kpi_watermarks).where(kpi_watermarks.c.id == 1).values(last_event_id=event_id)
        )

    def last_event_id(self) -> int:
        return int(self._db.execute(select(func.max(events.c.id))).scalar() or 0)

    def conversations_with_events(self, after: int, up_to: int) -> Sequence[str]:
        query = (
            select(events.c.conversation_id)
            .where(events.c.id > after, events.c.id <= up_to, events.c.conversation_id.is_not(None))
            .distinct()
        )
        return [row[0] for row in self._db.execute(query)]

    def due_rechecks(self, at: datetime, limit: int) -> Sequence[str]:
        c = conversation_kpis.c
        query = select(c.conversation_id).where(c.recheck_at <= at).limit(limit)
        return [row[0] for row in self._db.execute(query)]

    def events_of(self, conversation_ids: Sequence[str]) -> Sequence[Event]:
        if not conversation_ids:
            return []
        query = (
            select(events)
            .where(events.c.conversation_id.in_(list(conversation_ids)))
            .order_by(events.c.id)
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
            for r in self._db.execute(query)
            if r.kind in EventKind.__members__
        ]

    def facts_of(self, conversation_ids: Sequence[str]) -> dict[str, StoredFacts]:
        if not conversation_ids:
            return {}
        c = conversation_kpis.c
        rows = self._db.execute(
            select(conversation_kpis).where(c.conversation_id.in_(list(conversation_ids)))
        )
        return {
            r.conversation_id: StoredFacts(r.conversation_id, _key(r), load_json(r.sums))
            for r in rows
        }

    def put_facts(self, facts: Sequence[tuple[StoredFacts, datetime | None]]) -> None:
        if not facts:
            return
        c = conversation_kpis.c
        ids = [f.conversation_id for f, _ in facts]
        self._db.execute(delete(conversation_kpis).where(c.conversation_id.in_(ids)))
        self._db.execute(
            insert(conversation_kpis),
            [
                {
                    "conversation_id": f.conversation_id,
                    **dict(zip(_DIMENSIONS, f.key, strict=True)),
                    "sums": dump_json(f.sums),
                    "recheck_at": recheck_at,
                }
                for f, recheck_at in facts
            ],
        )

    def add_to_rollups(self, deltas: dict[RollupKey, dict[str, float]]) -> None:
        """Read the rows of the days touched, merge, and write those days back in bulk."""
        if not deltas:
            return
        c = kpi_rollups.c
        days = sorted({key[0] for key in deltas})
        rows = self._db.execute(select(kpi_rollups).where(c.day.in_(days)).with_for_update())
        merged: dict[RollupKey, dict[str, float]] = {_key(r): load_json(r.sums) for r in rows}
        for key, delta in deltas.items():
            sums = merged.get(key, {})
            merged[key] = {name: sums.get(name, 0) + delta.get(name, 0) for name in sums | delta}
        self._db.execute(delete(kpi_rollups).where(c.day.in_(days)))
        values = [
            {**dict(zip(_DIMENSIONS, key, strict=True)), "sums": dump_json(sums)}
            for key, sums in merged.items()
            if any(sums.values())
        ]
        if values:
            self._db.execute(insert(kpi_rollups), values)

    def rollups(
        self, first_day: str, last_day: str
    ) -> Sequence[tuple[RollupKey, dict[str, float]]]:
        c = kpi_rollups.c
        query = select(kpi_rollups).where(c.day >= first_day, c.day <= last_day)
        return [(_key(r), load_json(r.sums)) for r in self._db.execute(query)]

    def backlog(self, first_day: str, last_day: str) -> Sequence[BacklogItem]:
        k, c = conversation_kpis.c, conversations.c
        query = (
            select(k.day, k.channel, k.queue, k.agent, k.handler, c.created_at)
            .join(conversations, c.id == k.conversation_id)
            .where(k.day >= first_day, k.day <= last_day, c.status.in_(_UNDONE))
        )
        return [BacklogItem(_key(r), as_utc(r.created_at)) for r in self._db.execute(query)]

    def conversation_ids(
        self, first_day: str, last_day: str, where: dict[str, str], limit: int
    ) -> Sequence[str]:
        k = conversation_kpis.c
        query = select(k.conversation_id).where(k.day >= first_day, k.day <= last_day)
        for dimension, value in where.items():
            if dimension in _DIMENSIONS:
                query = query.where(getattr(k, dimension) == value)
        query = query.order_by(k.conversation_id.desc()).limit(limit)
        return [row[0] for row in self._db.execute(query)]


def _survey(r: Row[Any]) -> Survey:
    return Survey(
        token=r.token,
        conversation_id=r.conversation_id,
        channel=r.channel,
        requested_at=as_utc(r.requested_at),
        answered_at=as_utc(r.answered_at) if r.answered_at else None,
        score=r.score,
        delivered=r.delivered,
    )


class SqlSurveyRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, survey: Survey) -> None:
        self._db.execute(
            insert(csat_surveys).values(
                token=survey.token,
                conversation_id=survey.conversation_id,
                channel=survey.channel,
                requested_at=survey.requested_at,
                delivered=survey.delivered,
            )
        )

    def get(self, token: str) -> Survey | None:
        row = self._db.execute(select(csat_surveys).where(csat_surveys.c.token == token)).first()
        return None if row is None else _survey(row)

    def latest_for(self, conversation_id: str) -> Survey | None:
        c = csat_surveys.c
        row = self._db.execute(
            select(csat_surveys)
            .where(c.conversation_id == conversation_id)
            .order_by(c.requested_at.desc())
            .limit(1)
        ).first()
        return None if row is None else _survey(row)

    def undelivered(self, channel: str, limit: int) -> Sequence[Survey]:
        c = csat_surveys.c
        query = (
            select(csat_surveys)
            .where(c.channel == channel, c.delivered.is_(False))
            .order_by(c.requested_at)
            .limit(limit)
        )
        return [_survey(r) for r in self._db.execute(query)]

    def mark_delivered(self, token: str) -> None:
        c = csat_surveys.c
        self._db.execute(update(csat_surveys).where(c.token == token).values(delivered=True))

    def answer(self, token: str, score: int, at: datetime) -> None:
        c = csat_surveys.c
        self._db.execute(
            update(csat_surveys).where(c.token == token).values(score=score, answered_at=at)
        )
