"""SQL adapter of the contact-reasons port: reasons per conversation and daily counts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, delete, func, insert, select, update

from frontline.analytics.reasons import ConversationReasons
from frontline.domain.events import Event, EventKind
from frontline.domain.ids import ConversationId
from frontline.storage.codec import as_utc, load_json
from frontline.storage.reason_tables import (
    NO_REASON,
    conversation_reasons,
    reason_counts,
    reason_watermarks,
)
from frontline.storage.tables import events

# The events a conversation's reasons are read from (analytics.reasons.conversation_reasons).
_KINDS = (
    EventKind.conversation_started.value,
    EventKind.intent_recognized.value,
    EventKind.tags_changed.value,
)


class SqlReasonRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def lock_watermark(self) -> int:
        c = reason_watermarks.c
        query = select(c.last_event_id).where(c.id == 1)
        value = self._db.execute(query.with_for_update()).scalar()
        if value is None:
            self._db.execute(insert(reason_watermarks).values(id=1, last_event_id=0))
            value = self._db.execute(query.with_for_update()).scalar()
        return int(value or 0)

    def set_watermark(self, event_id: int) -> None:
        c = reason_watermarks.c
        self._db.execute(update(reason_watermarks).where(c.id == 1).values(last_event_id=event_id))

    def last_event_id(self) -> int:
        return int(self._db.execute(select(func.max(events.c.id))).scalar() or 0)

    def conversations_with_events(self, after: int, up_to: int) -> Sequence[str]:
        e = events.c
        query = (
            select(e.conversation_id)
            .where(e.id > after, e.id <= up_to, e.kind.in_(_KINDS), e.conversation_id.is_not(None))
            .distinct()
        )
        return [row[0] for row in self._db.execute(query)]

    def events_of(self, conversation_ids: Sequence[str]) -> Sequence[Event]:
        if not conversation_ids:
            return []
        e = events.c
        query = (
            select(events)
            .where(e.conversation_id.in_(list(conversation_ids)), e.kind.in_(_KINDS))
            .order_by(e.id)
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
        ]

    def reasons_of(self, conversation_ids: Sequence[str]) -> dict[str, ConversationReasons]:
        if not conversation_ids:
            return {}
        c = conversation_reasons.c
        query = select(conversation_reasons).where(c.conversation_id.in_(list(conversation_ids)))
        found: dict[str, tuple[str, set[str]]] = {}
        for r in self._db.execute(query):
            _, reasons = found.setdefault(r.conversation_id, (r.day, set()))
            if r.reason != NO_REASON:
                reasons.add(r.reason)
        return {
            cid: ConversationReasons(cid, day, frozenset(reasons))
            for cid, (day, reasons) in found.items()
        }

    def put_reasons(self, reasons: Sequence[ConversationReasons]) -> None:
        if not reasons:
            return
        c = conversation_reasons.c
        ids = [r.conversation_id for r in reasons]
        self._db.execute(delete(conversation_reasons).where(c.conversation_id.in_(ids)))
        rows = [
            {"conversation_id": r.conversation_id, "reason": reason, "day": r.day}
            for r in reasons
            for reason in (sorted(r.reasons) or [NO_REASON])
        ]
        self._db.execute(insert(conversation_reasons), rows)

    def add_to_counts(self, deltas: dict[tuple[str, str], int]) -> None:
        """Read the rows of the days touched, merge, and write those days back in bulk."""
        if not deltas:
            return
        c = reason_counts.c
        days = sorted({day for day, _ in deltas})
        rows = self._db.execute(select(reason_counts).where(c.day.in_(days)).with_for_update())
        merged = {(r.day, r.reason): int(r.conversations) for r in rows}
        for key, delta in deltas.items():
            merged[key] = merged.get(key, 0) + delta
        self._db.execute(delete(reason_counts).where(c.day.in_(days)))
        values = [
            {"day": day, "reason": reason, "conversations": count}
            for (day, reason), count in merged.items()
            if count
        ]
        if values:
            self._db.execute(insert(reason_counts), values)

    def counts(self, first_day: str, last_day: str) -> dict[tuple[str, str], int]:
        c = reason_counts.c
        query = select(reason_counts).where(c.day >= first_day, c.day <= last_day)
        return {(r.day, r.reason): int(r.conversations) for r in self._db.execute(query)}

    def examples(
        self, reasons: Sequence[str], first_day: str, last_day: str, per_reason: int
    ) -> dict[str, list[str]]:
        if not reasons:
            return {}
        c = conversation_reasons.c
        # One backward scan of the (reason, day, conversation_id) index per reason: a month of
        # a million conversations costs a few rows per reason, not a sort of the month.
        found: dict[str, list[str]] = {}
        for reason in reasons:
            query = (
                select(c.conversation_id)
                .where(c.reason == reason, c.day >= first_day, c.day <= last_day)
                .order_by(c.day.desc(), c.conversation_id.desc())
                .limit(per_reason)
            )
            found[reason] = [row[0] for row in self._db.execute(query)]
        return found
