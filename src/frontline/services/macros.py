"""Macros: canned replies with placeholders, filled in for one conversation, and actions
applied with them (status, priority, tags added, queue, assignee).

Placeholders are ``{{customer.name}}``, ``{{customer.email}}``, ``{{agent.name}}`` and
``{{conversation.id}}``; an unknown placeholder is left as written so a typo shows. A macro
has a text, actions, or both. Supervisors add, edit and delete them; anyone applies them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from frontline.domain.conversations import Conversation, ConversationStatus, Priority
from frontline.domain.errors import Conflict, InvalidInput, NotFound
from frontline.domain.ids import ConversationId
from frontline.domain.staff import (
    Macro,
    MacroActions,
    MacroId,
    StaffUser,
    new_macro_id,
    normalize_username,
)
from frontline.domain.text import drop_control_characters
from frontline.services.access import (
    access_conversation_as_staff,
    access_handback,
    access_supervision,
)
from frontline.services.audit import CLI_ACTOR, record_audit, staff_actor
from frontline.services.clock import now
from frontline.services.conversations import (
    ConversationChanges,
    check_changes,
    record_changes,
    touched,
)
from frontline.services.ports import DuplicateKey, Store, UnitOfWork
from frontline.services.routing import DONE, route_in
from frontline.services.survey_offers import offer_survey

MAX_MACRO_NAME_CHARS = 100
MAX_MACRO_BODY_CHARS = 5_000
_E = TypeVar("_E", ConversationStatus, Priority)
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z]+\.[a-z_]+)\s*\}\}")


def add_team_macro(
    store: Store, staff: StaffUser, name: str, body: str, actions: MacroActions | None = None
) -> Macro:
    """A supervisor adds a macro for the whole team."""
    access_supervision(staff)
    return create_macro(store, name, body, actions, actor=staff_actor(staff.username))


def create_macro(
    store: Store,
    name: str,
    body: str,
    actions: MacroActions | None = None,
    *,
    actor: str = CLI_ACTOR,
) -> Macro:
    name, body, checked = _check_macro(name, body, actions or MacroActions())
    macro = Macro(id=new_macro_id(), name=name, body=body, created_at=now(), actions=checked)
    try:
        with store.transaction() as tx:
            tx.macros.add(macro)
            record_audit(tx, actor, "settings.macro.create", f"macro:{macro.id}", {"name": name})
    except DuplicateKey as exc:
        raise Conflict(f"a macro named {name!r} exists") from exc
    return macro


def edit_macro(
    store: Store,
    staff: StaffUser,
    macro_id: MacroId,
    name: str | None = None,
    body: str | None = None,
    actions: MacroActions | None = None,
) -> Macro:
    """A supervisor changes a macro's name, text or actions (None keeps what it has)."""
    access_supervision(staff)
    try:
        with store.transaction() as tx:
            macro = _existing(tx, macro_id)
            new_name, new_body, checked = _check_macro(
                macro.name if name is None else name,
                macro.body if body is None else body,
                macro.actions if actions is None else actions,
            )
            edited = replace(macro, name=new_name, body=new_body, actions=checked)
            tx.macros.update(edited)
            record_audit(
                tx,
                staff_actor(staff.username),
                "settings.macro.edit",
                f"macro:{macro_id}",
                {"name": new_name},
            )
    except DuplicateKey as exc:
        raise Conflict(f"a macro named {new_name!r} exists") from exc
    return edited


def delete_macro(store: Store, staff: StaffUser, macro_id: MacroId) -> None:
    access_supervision(staff)
    with store.transaction() as tx:
        if not tx.macros.delete(macro_id):
            raise NotFound(f"macro {macro_id} not found")
        record_audit(tx, staff_actor(staff.username), "settings.macro.delete", f"macro:{macro_id}")


def _existing(tx: UnitOfWork, macro_id: MacroId) -> Macro:
    macro = tx.macros.get(macro_id)
    if macro is None:
        raise NotFound(f"macro {macro_id} not found")
    return macro


def _check_macro(name: str, body: str, actions: MacroActions) -> tuple[str, str, MacroActions]:
    name = " ".join(drop_control_characters(name).split())
    body = drop_control_characters(body).strip()
    if not name or len(name) > MAX_MACRO_NAME_CHARS:
        raise InvalidInput(f"a macro name has 1 to {MAX_MACRO_NAME_CHARS} characters")
    checked = check_macro_actions(actions)
    if len(body) > MAX_MACRO_BODY_CHARS or (not body and checked.empty):
        raise InvalidInput(
            f"a macro has a text of 1 to {MAX_MACRO_BODY_CHARS} characters, actions, or both"
        )
    return name, body, checked


def check_macro_actions(actions: MacroActions) -> MacroActions:
    """``actions`` with valid, normalized values, else ``InvalidInput`` naming the field."""
    status = _enum(ConversationStatus, actions.status, "status")
    priority = _enum(Priority, actions.priority, "priority")
    wanted = check_changes(
        ConversationChanges(tags=list(actions.tags) or None, queue=actions.queue)
    )
    assignee = None
    if actions.assignee is not None:
        assignee = normalize_username(actions.assignee)
        if assignee is None:
            raise InvalidInput("assignee must be a username, or 'me'")
    tags = wanted.get("tags", ())
    assert isinstance(tags, tuple)  # check_changes normalizes tags to a tuple
    return MacroActions(
        status=status.value if status else None,
        priority=priority.value if priority else None,
        tags=tags,
        queue=str(wanted["queue"]) if "queue" in wanted else None,
        assignee=assignee,
    )


def _enum(kind: type[_E], value: str | None, field: str) -> _E | None:
    if value is None:
        return None
    try:
        return kind(value.strip().lower())
    except ValueError as exc:
        choices = ", ".join(kind)
        raise InvalidInput(f"{field} must be one of: {choices}") from exc


def list_macros(store: Store) -> Sequence[Macro]:
    with store.transaction() as tx:
        return tx.macros.list()


def fill_macro(body: str, values: Mapping[str, str | None]) -> str:
    """``body`` with each known placeholder replaced; a known but empty value becomes ''."""

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        return (values.get(key) or "") if key in values else match.group(0)

    return _PLACEHOLDER.sub(fill, body)


@dataclass(frozen=True, slots=True)
class AppliedMacro:
    conversation: Conversation
    text: str  # the macro's text filled in for this conversation ('' when it has none)


def apply_macro(
    store: Store, staff: StaffUser, conversation_id: ConversationId, macro_id: MacroId
) -> AppliedMacro:
    """Set what the macro's actions say on the conversation, in one transaction, one event
    per field that changed (reason ``macro <name>``); return its text filled in."""
    actor = f"human:{staff.username}"
    with store.transaction() as tx:
        conversation = access_conversation_as_staff(tx, staff, conversation_id)
        macro = _existing(tx, macro_id)
        changed = _macro_changes(tx, staff, conversation, macro.actions)
        updated = conversation
        if changed:
            if "assignee" in changed:
                access_handback(staff, conversation)  # taking from another human
            updated = replace(touched(conversation), **changed)  # type: ignore[arg-type]  # field names from _macro_changes
            tx.conversations.update(updated)
            record_changes(tx, conversation, updated, actor, f"macro {macro.name}")
            offer_survey(tx, conversation, updated)
            if "queue" in changed and updated.assignee is None:
                updated = route_in(tx, updated, actor)
        customer = tx.customers.get(conversation.customer_id) if conversation.customer_id else None
    values = {
        "customer.name": customer.name if customer else None,
        "customer.email": customer.email if customer else None,
        "agent.name": staff.name,
        "conversation.id": conversation_id,
    }
    return AppliedMacro(updated, fill_macro(macro.body, values))


def _macro_changes(
    tx: UnitOfWork, staff: StaffUser, conversation: Conversation, actions: MacroActions
) -> dict[str, object]:
    changed: dict[str, object] = {}
    if actions.status is not None:
        changed["status"] = ConversationStatus(actions.status)
    if actions.priority is not None:
        changed["priority"] = Priority(actions.priority)
    if actions.tags:
        changed["tags"] = tuple(dict.fromkeys((*conversation.tags, *actions.tags)))
    if actions.queue is not None:
        changed["queue"] = actions.queue
        changed["assignee"] = None  # a new queue routes it afresh, unless assigned below
    if actions.assignee is not None:
        username = staff.username if actions.assignee == "me" else actions.assignee
        found = tx.staff.find_by_username(username)
        if found is None or found[0].disabled:
            raise NotFound(f"the macro assigns to {username!r}, who is not an active member")
        changed["assignee"] = username
        status = changed.get("status", conversation.status)
        if status not in DONE:
            changed.setdefault("status", ConversationStatus.escalated)
    return {f: v for f, v in changed.items() if getattr(conversation, f) != v}
