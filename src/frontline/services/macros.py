"""Macros: canned replies with placeholders, filled in for one conversation.

Placeholders are ``{{customer.name}}``, ``{{customer.email}}``, ``{{agent.name}}`` and
``{{conversation.id}}``; an unknown placeholder is left as written so a typo shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from frontline.domain.errors import Conflict, InvalidInput
from frontline.domain.staff import Macro, StaffUser, new_macro_id
from frontline.services.access import access_supervision
from frontline.services.audit import CLI_ACTOR, record_audit, staff_actor
from frontline.services.clock import now
from frontline.services.ports import DuplicateKey, Store

MAX_MACRO_NAME_CHARS = 100
MAX_MACRO_BODY_CHARS = 5_000
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z]+\.[a-z_]+)\s*\}\}")


def add_team_macro(store: Store, staff: StaffUser, name: str, body: str) -> Macro:
    """A supervisor adds a macro for the whole team."""
    access_supervision(staff)
    return create_macro(store, name, body, actor=staff_actor(staff.username))


def create_macro(store: Store, name: str, body: str, *, actor: str = CLI_ACTOR) -> Macro:
    name, body = " ".join(name.split()), body.strip()
    if not name or len(name) > MAX_MACRO_NAME_CHARS:
        raise InvalidInput(f"a macro name has 1 to {MAX_MACRO_NAME_CHARS} characters")
    if not body or len(body) > MAX_MACRO_BODY_CHARS:
        raise InvalidInput(f"a macro has 1 to {MAX_MACRO_BODY_CHARS} characters")
    macro = Macro(id=new_macro_id(), name=name, body=body, created_at=now())
    try:
        with store.transaction() as tx:
            tx.macros.add(macro)
            record_audit(tx, actor, "settings.macro.create", f"macro:{macro.id}", {"name": name})
    except DuplicateKey as exc:
        raise Conflict(f"a macro named {name!r} exists") from exc
    return macro


def list_macros(store: Store) -> Sequence[Macro]:
    with store.transaction() as tx:
        return tx.macros.list()


def fill_macro(body: str, values: Mapping[str, str | None]) -> str:
    """``body`` with each known placeholder replaced; a known but empty value becomes ''."""

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        return (values.get(key) or "") if key in values else match.group(0)

    return _PLACEHOLDER.sub(fill, body)
