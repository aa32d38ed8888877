"""The SQL adapter of the routing port."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from frontline.domain.ids import ConversationId
from frontline.domain.routing import DEFAULT_CAPACITY, Presence, Queue, Seat, Strategy
from frontline.domain.staff import StaffId
from frontline.services.ports import DuplicateKey
from frontline.services.routing_ports import PresenceState, Waiting
from frontline.storage.codec import as_utc, dump_json, load_json
from frontline.storage.routing_tables import conversation_routing, queues, staff_presence
from frontline.storage.tables import conversations, staff_queues, staff_users

# What a member holds counts against their capacity until it is done.
HELD = ("open", "pending", "escalated")
DEFAULT_PRESENCE = PresenceState(Presence.offline, DEFAULT_CAPACITY, (), None)


def _queue(row: Row[Any]) -> Queue:
    return Queue(
        name=row.name,
        strategy=Strategy(row.strategy),
        created_at=as_utc(row.created_at),
        last_assignee=row.last_assignee,
    )


class SqlRoutingRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add_queue(self, queue: Queue) -> None:
        try:
            with self._db.begin_nested():
                self._db.execute(
                    insert(queues).values(
                        name=queue.name,
                        strategy=queue.strategy.value,
                        last_assignee=queue.last_assignee,
                        created_at=queue.created_at,
                    )
                )
        except IntegrityError as exc:
            raise DuplicateKey(queue.name) from exc

    def get_queue(self, name: str) -> Queue | None:
        row = self._db.execute(select(queues).where(queues.c.name == name)).first()
        return None if row is None else _queue(row)

    def queues(self) -> Sequence[Queue]:
        return [_queue(r) for r in self._db.execute(select(queues).order_by(queues.c.name))]

    def set_strategy(self, name: str, strategy: Strategy) -> None:
        self._db.execute(
            update(queues).where(queues.c.name == name).values(strategy=strategy.value)
        )

    def delete_queue(self, name: str) -> bool:
        self._db.execute(delete(staff_queues).where(staff_queues.c.queue == name))
        return self._db.execute(delete(queues).where(queues.c.name == name)).rowcount > 0

    def claim_queue(self, name: str) -> Queue | None:
        # A no-op write: on PostgreSQL it locks the row, on SQLite it takes the write lock
        # before anything is read, so the loads read next cannot change under us.
        row = self._db.execute(
            update(queues)
            .where(queues.c.name == name)
            .values(strategy=queues.c.strategy)
            .returning(*queues.c)
        ).first()
        return None if row is None else _queue(row)

    def set_last_assignee(self, name: str, username: str) -> None:
        self._db.execute(update(queues).where(queues.c.name == name).values(last_assignee=username))

    def seats(self, queue: str, lock: bool = False) -> Sequence[Seat]:
        members = (
            select(staff_users.c.id, staff_users.c.username)
            .join(staff_queues, staff_queues.c.staff_id == staff_users.c.id)
            .where(staff_queues.c.queue == queue, staff_users.c.disabled.is_(False))
            .order_by(staff_users.c.id)
        )
        if lock:
            members = members.with_for_update(of=staff_users)
        people = list(self._db.execute(members))
        if not people:
            return []
        ids = [p.id for p in people]
        states = {
            r.staff_id: r
            for r in self._db.execute(
                select(staff_presence).where(staff_presence.c.staff_id.in_(ids))
            )
        }
        names = [p.username for p in people]
        loads: dict[str, int] = {
            str(assignee): int(count)
            for assignee, count in self._db.execute(
                select(conversations.c.assignee, func.count())
                .where(conversations.c.assignee.in_(names), conversations.c.status.in_(HELD))
                .group_by(conversations.c.assignee)
            )
        }
        seats = []
        for person in people:
            state = states.get(person.id)
            seats.append(
                Seat(
                    username=person.username,
                    presence=Presence(state.presence) if state else Presence.offline,
                    capacity=state.capacity if state else DEFAULT_CAPACITY,
                    load=loads.get(person.username, 0),
                    languages=tuple(load_json(state.languages)) if state else (),
                )
            )
        return seats

    def members(self, queue: str) -> Sequence[str]:
        rows = self._db.execute(
            select(staff_users.c.username)
            .join(staff_queues, staff_queues.c.staff_id == staff_users.c.id)
            .where(staff_queues.c.queue == queue)
            .order_by(staff_users.c.username)
        )
        return [r.username for r in rows]

    def add_member(self, staff_id: StaffId, queue: str) -> bool:
        try:
            with self._db.begin_nested():
                self._db.execute(insert(staff_queues).values(staff_id=staff_id, queue=queue))
        except IntegrityError:
            return False
        return True

    def remove_member(self, staff_id: StaffId, queue: str) -> bool:
        result = self._db.execute(
            delete(staff_queues).where(
                staff_queues.c.staff_id == staff_id, staff_queues.c.queue == queue
            )
        )
        return result.rowcount > 0

    def presence(self, staff_id: StaffId) -> PresenceState:
        row = self._db.execute(
            select(staff_presence).where(staff_presence.c.staff_id == staff_id)
        ).first()
        if row is None:
            return DEFAULT_PRESENCE
        return PresenceState(
            Presence(row.presence),
            row.capacity,
            tuple(load_json(row.languages)),
            as_utc(row.updated_at),
        )

    def put_presence(self, staff_id: StaffId, state: PresenceState) -> None:
        values = {
            "presence": state.presence.value,
            "capacity": state.capacity,
            "languages": dump_json(list(state.languages)),
            "updated_at": state.updated_at,
        }
        done = self._db.execute(
            update(staff_presence).where(staff_presence.c.staff_id == staff_id).values(**values)
        )
        if done.rowcount == 0:
            self._db.execute(insert(staff_presence).values(staff_id=staff_id, **values))

    def routing_of(self, conversation_id: ConversationId) -> Waiting | None:
        row = self._db.execute(
            select(conversation_routing).where(
                conversation_routing.c.conversation_id == conversation_id
            )
        ).first()
        if row is None:
            return None
        since = as_utc(row.waiting_since) if row.waiting_since else None
        return Waiting(conversation_id, row.language, since)

    def put_routing(
        self,
        conversation_id: ConversationId,
        queue: str,
        language: str | None,
        waiting_since: datetime | None,
    ) -> None:
        values = {"queue": queue, "language": language, "waiting_since": waiting_since}
        upsert = postgresql_insert if self._db.dialect.name == "postgresql" else sqlite_insert
        statement = upsert(conversation_routing).values(conversation_id=conversation_id, **values)
        self._db.execute(
            statement.on_conflict_do_update(
                index_elements=[conversation_routing.c.conversation_id], set_=values
            )
        )

    def waiting(self, queue: str, limit: int) -> Sequence[Waiting]:
        rows = self._db.execute(
            select(conversation_routing)
            .where(
                conversation_routing.c.queue == queue,
                conversation_routing.c.waiting_since.is_not(None),
            )
            .order_by(conversation_routing.c.waiting_since, conversation_routing.c.conversation_id)
            .limit(limit)
        )
        return [
            Waiting(ConversationId(r.conversation_id), r.language, as_utc(r.waiting_since))
            for r in rows
        ]

    def queues_with_waiting(self) -> Sequence[str]:
        rows = self._db.execute(
            select(conversation_routing.c.queue)
            .where(conversation_routing.c.waiting_since.is_not(None))
            .distinct()
        )
        return sorted(r.queue for r in rows)
