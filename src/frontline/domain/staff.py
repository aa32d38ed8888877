"""Members of the support team: their roles and the queues they work.

Roles are ordered by what they may do::

    admin        everything, including managing users
      └── supervisor   every queue and every conversation
            └── agent        only the queues they belong to (and what is assigned to them)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NewType

from frontline.domain.ids import new_id

StaffId = NewType("StaffId", str)
MacroId = NewType("MacroId", str)

MAX_USERNAME_CHARS = 64
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 256
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class Role(StrEnum):
    admin = "admin"  # runs the installation: users, queues, macros, and all of supervisor
    supervisor = "supervisor"  # sees and works every queue
    agent = "agent"  # works the queues they belong to


@dataclass(frozen=True, slots=True)
class StaffUser:
    id: StaffId
    username: str  # what the workspace shows and what a conversation's assignee holds
    name: str
    role: Role
    created_at: datetime
    queues: tuple[str, ...] = ()
    disabled: bool = False

    @property
    def sees_every_queue(self) -> bool:
        return self.role in (Role.admin, Role.supervisor)


@dataclass(frozen=True, slots=True)
class MacroActions:
    """What applying a macro sets on the conversation; None (or no tags) leaves it alone.

    ``assignee`` is a username, or ``me`` for whoever applies the macro; ``tags`` are added.
    """

    status: str | None = None
    priority: str | None = None
    tags: tuple[str, ...] = ()
    queue: str | None = None
    assignee: str | None = None

    @property
    def empty(self) -> bool:
        return self == MacroActions()


@dataclass(frozen=True, slots=True)
class Macro:
    """A canned reply; ``{{customer.name}}``-style placeholders are filled when it is used."""

    id: MacroId
    name: str
    body: str
    created_at: datetime
    actions: MacroActions = MacroActions()


def new_staff_id() -> StaffId:
    return StaffId(new_id("stf"))


def new_macro_id() -> MacroId:
    return MacroId(new_id("mac"))


def normalize_username(value: str) -> str | None:
    value = value.strip().lower()
    if not value or len(value) > MAX_USERNAME_CHARS or not _USERNAME.match(value):
        return None
    return value
