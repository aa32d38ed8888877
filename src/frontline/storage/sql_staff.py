"""SQL repositories for the support team's accounts and their macros."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from frontline.domain.staff import Macro, MacroActions, MacroId, Role, StaffId, StaffUser
from frontline.services.ports import DuplicateKey
from frontline.storage.codec import as_utc, dump_json, load_json
from frontline.storage.followup_tables import macro_actions
from frontline.storage.tables import macros, staff_queues, staff_users


def _user(row: Row[Any], queues: Sequence[str]) -> StaffUser:
    return StaffUser(
        id=StaffId(row.id),
        username=row.username,
        name=row.name,
        role=Role(row.role),
        created_at=as_utc(row.created_at),
        queues=tuple(sorted(queues)),
        disabled=bool(row.disabled),
    )


class SqlStaffRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def _queues(self, staff_ids: Sequence[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        if staff_ids:
            rows = self._db.execute(
                select(staff_queues).where(staff_queues.c.staff_id.in_(staff_ids))
            )
            for row in rows:
                found[row.staff_id].append(row.queue)
        return found

    def add(self, user: StaffUser, password_hash: str) -> None:
        try:
            with self._db.begin_nested():
                self._db.execute(
                    insert(staff_users).values(
                        id=user.id,
                        username=user.username,
                        name=user.name,
                        role=user.role.value,
                        password_hash=password_hash,
                        disabled=user.disabled,
                        created_at=user.created_at,
                    )
                )
        except IntegrityError as exc:
            raise DuplicateKey(user.username) from exc
        if user.queues:
            self._db.execute(
                insert(staff_queues), [{"staff_id": user.id, "queue": q} for q in user.queues]
            )

    def get(self, staff_id: StaffId) -> StaffUser | None:
        row = self._db.execute(select(staff_users).where(staff_users.c.id == staff_id)).first()
        return None if row is None else _user(row, self._queues([row.id])[row.id])

    def find_by_username(self, username: str) -> tuple[StaffUser, str] | None:
        row = self._db.execute(
            select(staff_users).where(staff_users.c.username == username)
        ).first()
        if row is None:
            return None
        return _user(row, self._queues([row.id])[row.id]), row.password_hash

    def set_password_hash(self, staff_id: StaffId, password_hash: str) -> None:
        self._db.execute(
            update(staff_users)
            .where(staff_users.c.id == staff_id)
            .values(password_hash=password_hash)
        )

    def list(self) -> Sequence[StaffUser]:
        rows = list(self._db.execute(select(staff_users).order_by(staff_users.c.username)))
        queues = self._queues([r.id for r in rows])
        return [_user(r, queues[r.id]) for r in rows]


class SqlMacroRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, macro: Macro) -> None:
        try:
            with self._db.begin_nested():
                self._db.execute(
                    insert(macros).values(
                        id=macro.id, name=macro.name, body=macro.body, created_at=macro.created_at
                    )
                )
        except IntegrityError as exc:
            raise DuplicateKey(macro.name) from exc
        self._put_actions(macro)

    def list(self) -> Sequence[Macro]:
        rows = list(self._db.execute(select(macros).order_by(macros.c.name)))
        actions = {r.macro_id: r.actions for r in self._db.execute(select(macro_actions))}
        return [_macro(r, actions.get(r.id)) for r in rows]

    def get(self, macro_id: MacroId) -> Macro | None:
        row = self._db.execute(select(macros).where(macros.c.id == macro_id)).first()
        if row is None:
            return None
        found = self._db.execute(
            select(macro_actions.c.actions).where(macro_actions.c.macro_id == macro_id)
        ).first()
        return _macro(row, found.actions if found else None)

    def update(self, macro: Macro) -> None:
        try:
            with self._db.begin_nested():
                self._db.execute(
                    update(macros)
                    .where(macros.c.id == macro.id)
                    .values(name=macro.name, body=macro.body)
                )
        except IntegrityError as exc:
            raise DuplicateKey(macro.name) from exc
        self._put_actions(macro)

    def delete(self, macro_id: MacroId) -> bool:
        self._db.execute(delete(macro_actions).where(macro_actions.c.macro_id == macro_id))
        return self._db.execute(delete(macros).where(macros.c.id == macro_id)).rowcount > 0

    def _put_actions(self, macro: Macro) -> None:
        self._db.execute(delete(macro_actions).where(macro_actions.c.macro_id == macro.id))
        if not macro.actions.empty:
            data = asdict(macro.actions)
            data["tags"] = list(macro.actions.tags)
            self._db.execute(
                insert(macro_actions).values(macro_id=macro.id, actions=dump_json(data))
            )


def _macro(row: Row[Any], actions: str | None) -> Macro:
    data = load_json(actions) or {}
    return Macro(
        id=MacroId(row.id),
        name=row.name,
        body=row.body,
        created_at=as_utc(row.created_at),
        actions=MacroActions(
            status=data.get("status"),
            priority=data.get("priority"),
            tags=tuple(data.get("tags") or ()),
            queue=data.get("queue"),
            assignee=data.get("assignee"),
        ),
    )
