"""The SQL adapter of the SLA port: calendars, policies and the timer rows the scan reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, insert, or_, select, update

from frontline.domain.calendars import calendar_from_hours, hours_of
from frontline.domain.conversations import Channel, Priority
from frontline.domain.ids import ConversationId
from frontline.domain.sla import (
    Escalation,
    EscalationKind,
    SlaConditions,
    SlaMetric,
    SlaPolicy,
    SlaTarget,
)
from frontline.services.sla_ports import SlaTimer, StoredCalendar, StoredPolicy
from frontline.storage.codec import as_utc, dump_json, load_json
from frontline.storage.helpdesk_tables import business_calendars, sla_policies, sla_timers
from frontline.storage.tables import conversations

# Conversations whose clocks can still change; a closed one keeps its last timer row.
_LIVE = ("open", "pending", "escalated", "resolved")


def conditions_json(conditions: SlaConditions) -> dict[str, list[str]]:
    return {
        "channels": sorted(c.value for c in conditions.channels),
        "queues": sorted(conditions.queues),
        "priorities": sorted(p.value for p in conditions.priorities),
        "customer_tags": sorted(conditions.customer_tags),
    }


def conditions_from_json(data: dict[str, list[str]]) -> SlaConditions:
    return SlaConditions(
        channels=frozenset(Channel(c) for c in data.get("channels", [])),
        queues=frozenset(data.get("queues", [])),
        priorities=frozenset(Priority(p) for p in data.get("priorities", [])),
        customer_tags=frozenset(data.get("customer_tags", [])),
    )


def targets_json(targets: dict[Priority, tuple[SlaTarget, ...]]) -> dict[str, list[Any]]:
    return {
        priority.value: [
            {"metric": t.metric.value, "minutes": t.minutes, "business_hours": t.business_hours}
            for t in found
        ]
        for priority, found in targets.items()
    }


def targets_from_json(data: dict[str, list[Any]]) -> dict[Priority, tuple[SlaTarget, ...]]:
    return {
        Priority(priority): tuple(
            SlaTarget(SlaMetric(t["metric"]), int(t["minutes"]), bool(t["business_hours"]))
            for t in found
        )
        for priority, found in data.items()
    }


class SqlSlaRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add_calendar(self, stored: StoredCalendar) -> None:
        self._db.execute(insert(business_calendars), self._calendar_row(stored))

    def replace_calendar(self, stored: StoredCalendar) -> None:
        row = self._calendar_row(stored)
        self._db.execute(
            update(business_calendars).where(business_calendars.c.id == stored.id), row
        )

    @staticmethod
    def _calendar_row(stored: StoredCalendar) -> dict[str, Any]:
        calendar = stored.calendar
        return {
            "id": stored.id,
            "name": calendar.name,
            "timezone": calendar.timezone,
            "hours": dump_json(hours_of(calendar)),
            "holidays": dump_json(sorted(d.isoformat() for d in calendar.holidays)),
            "created_at": stored.created_at,
        }

    def calendars(self) -> Sequence[StoredCalendar]:
        rows = self._db.execute(select(business_calendars).order_by(business_calendars.c.name))
        return [
            StoredCalendar(
                id=row.id,
                calendar=calendar_from_hours(
                    row.name,
                    row.timezone,
                    load_json(row.hours),
                    [date.fromisoformat(d) for d in load_json(row.holidays)],
                ),
                created_at=as_utc(row.created_at),
            )
            for row in rows
        ]

    def delete_calendar(self, calendar_id: str) -> bool:
        table = business_calendars
        return self._db.execute(delete(table).where(table.c.id == calendar_id)).rowcount > 0

    def calendar_in_use(self, calendar_id: str) -> bool:
        found = self._db.execute(
            select(sla_policies.c.id).where(sla_policies.c.calendar_id == calendar_id).limit(1)
        ).first()
        return found is not None

    def add_policy(self, stored: StoredPolicy) -> None:
        policy = stored.policy
        self._db.execute(
            insert(sla_policies),
            {
                "id": stored.id,
                "name": policy.name,
                "position": policy.position,
                "conditions": dump_json(conditions_json(policy.conditions)),
                "targets": dump_json(targets_json(policy.targets)),
                "calendar_id": stored.calendar_id,
                "warn_before_minutes": policy.warn_before_minutes,
                "escalations": dump_json(
                    [{"kind": e.kind.value, "value": e.value} for e in policy.escalations]
                ),
                "created_at": stored.created_at,
            },
        )

    def policies(self) -> Sequence[StoredPolicy]:
        calendars = {c.id: c.calendar for c in self.calendars()}
        rows = self._db.execute(
            select(sla_policies).order_by(sla_policies.c.position, sla_policies.c.name)
        )
        return [self._policy(row, calendars) for row in rows]

    @staticmethod
    def _policy(row: Row[Any], calendars: dict[str, Any]) -> StoredPolicy:
        policy = SlaPolicy(
            name=row.name,
            position=row.position,
            conditions=conditions_from_json(load_json(row.conditions)),
            targets=targets_from_json(load_json(row.targets)),
            calendar=calendars.get(row.calendar_id) if row.calendar_id else None,
            warn_before_minutes=row.warn_before_minutes,
            escalations=tuple(
                Escalation(EscalationKind(e["kind"]), str(e["value"]))
                for e in load_json(row.escalations)
            ),
        )
        return StoredPolicy(row.id, policy, row.calendar_id, as_utc(row.created_at))

    def delete_policy(self, policy_id: str) -> bool:
        table = sla_policies
        return self._db.execute(delete(table).where(table.c.id == policy_id)).rowcount > 0

    def stale_conversations(self, now: datetime, limit: int) -> Sequence[ConversationId]:
        """Timers due by ``now``, then live conversations changed since their last refresh."""
        due = self._db.execute(
            select(sla_timers.c.conversation_id)
            .where(sla_timers.c.check_at <= now)
            .order_by(sla_timers.c.check_at)
            .limit(limit)
        ).scalars()
        found = [ConversationId(c) for c in due]
        if len(found) < limit:
            changed = self._db.execute(
                select(conversations.c.id)
                .select_from(
                    conversations.outerjoin(
                        sla_timers, sla_timers.c.conversation_id == conversations.c.id
                    )
                )
                .where(
                    conversations.c.status.in_(_LIVE),
                    or_(
                        sla_timers.c.conversation_id.is_(None),
                        and_(
                            conversations.c.updated_at > sla_timers.c.refreshed_at,
                            or_(sla_timers.c.check_at.is_(None), sla_timers.c.check_at > now),
                        ),
                    ),
                )
                .order_by(conversations.c.updated_at)
                .limit(limit - len(found))
            ).scalars()
            found.extend(ConversationId(c) for c in changed)
        return found

    def timer(self, conversation_id: ConversationId, lock: bool = False) -> SlaTimer | None:
        query = select(sla_timers).where(sla_timers.c.conversation_id == conversation_id)
        row = self._db.execute(query.with_for_update() if lock else query).first()
        if row is None:
            return None
        return SlaTimer(
            conversation_id=ConversationId(row.conversation_id),
            policy_id=row.policy_id,
            due_at=as_utc(row.due_at) if row.due_at else None,
            check_at=as_utc(row.check_at) if row.check_at else None,
            clocks=load_json(row.clocks),
            recorded=frozenset(load_json(row.recorded)),
            refreshed_at=as_utc(row.refreshed_at),
        )

    def put_timer(self, timer: SlaTimer) -> None:
        values = {
            "policy_id": timer.policy_id,
            "due_at": timer.due_at,
            "check_at": timer.check_at,
            "clocks": dump_json(timer.clocks),
            "recorded": dump_json(sorted(timer.recorded)),
            "refreshed_at": timer.refreshed_at,
        }
        table = sla_timers
        changed = self._db.execute(
            update(table).where(table.c.conversation_id == timer.conversation_id), values
        ).rowcount
        if not changed:
            self._db.execute(insert(table), {"conversation_id": timer.conversation_id, **values})
