"""Use cases for the helpdesk side of a conversation: status, assignment, priority, tags,
internal notes, and reading conversations back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from frontline.domain.actions import Action
from frontline.domain.conversations import (
    MAX_TAG_CHARS,
    MAX_TAGS,
    Conversation,
    ConversationStatus,
    Message,
    Note,
    Priority,
    normalize_tags,
)
from frontline.domain.customers import Customer
from frontline.domain.errors import InvalidInput, NotFound
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId, new_note_id
from frontline.domain.pii import mask_cards
from frontline.domain.text import drop_control_characters, names_nothing
from frontline.services.clock import now
from frontline.services.ports import ConversationFilter, Store, UnitOfWork
from frontline.services.survey_offers import offer_survey

MAX_PAGE = 200
MAX_NOTE_CHARS = 20_000
MAX_ASSIGNEE_CHARS = 100
MAX_QUEUE_CHARS = 64


@dataclass(frozen=True, slots=True)
class ConversationDetails:
    conversation: Conversation
    customer: Customer | None
    messages: Sequence[Message]
    actions: Sequence[Action]
    notes: Sequence[Note]


@dataclass(frozen=True, slots=True)
class ConversationPage:
    items: Sequence[Conversation]
    next_cursor: ConversationId | None


def touched(conversation: Conversation, status: ConversationStatus | None = None) -> Conversation:
    """``conversation`` as of now, optionally in a new status."""
    return replace(conversation, status=status or conversation.status, updated_at=now())


def access_conversation(tx: UnitOfWork, conversation_id: ConversationId) -> Conversation:
    conversation = None if names_nothing(conversation_id) else tx.conversations.get(conversation_id)
    if conversation is None:
        raise NotFound(f"conversation {conversation_id} not found")
    return conversation


def get_conversation_details(store: Store, conversation_id: ConversationId) -> ConversationDetails:
    with store.transaction() as tx:
        conversation = access_conversation(tx, conversation_id)
        customer = tx.customers.get(conversation.customer_id) if conversation.customer_id else None
        return ConversationDetails(
            conversation=conversation,
            customer=customer,
            messages=tx.messages.for_conversation(conversation_id),
            actions=tx.actions.for_conversation(conversation_id),
            notes=tx.notes.for_conversation(conversation_id),
        )


def list_conversations(
    store: Store, where: ConversationFilter, cursor: ConversationId | None, limit: int
) -> ConversationPage:
    """Newest first; ``next_cursor`` fetches the page after this one."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}")
    with store.transaction() as tx:
        items = tx.conversations.list(where, cursor, limit + 1)
    has_more = len(items) > limit
    items = items[:limit]
    return ConversationPage(items, items[-1].id if has_more else None)


@dataclass(frozen=True, slots=True)
class ConversationChanges:
    """The fields a helpdesk update sets; ``unassign`` clears the assignee."""

    status: ConversationStatus | None = None
    assignee: str | None = None
    unassign: bool = False
    priority: Priority | None = None
    tags: list[str] | None = None
    queue: str | None = None


_EVENT_BY_FIELD = {
    "status": EventKind.status_changed,
    "assignee": EventKind.assigned,
    "priority": EventKind.priority_changed,
    "tags": EventKind.tags_changed,
    "queue": EventKind.queue_changed,
}


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    return value.value if isinstance(value, ConversationStatus | Priority) else value


def record_changes(
    tx: UnitOfWork,
    before: Conversation,
    after: Conversation,
    actor: str,
    reason: str | None = None,
) -> None:
    """Append one event per helpdesk field that differs between ``before`` and ``after``."""
    for field, kind in _EVENT_BY_FIELD.items():
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            data = {"from": _plain(old), "to": _plain(new)}
            if reason is not None:
                data["reason"] = reason
            tx.events.append(kind, after.id, actor, data, after.updated_at)


def check_changes(changes: ConversationChanges) -> dict[str, object]:
    """The validated field values ``changes`` asks for."""
    wanted: dict[str, object] = {}
    if changes.status is not None:
        wanted["status"] = changes.status
    if changes.unassign:
        wanted["assignee"] = None
    elif changes.assignee is not None:
        assignee = changes.assignee.strip()
        if not assignee or len(assignee) > MAX_ASSIGNEE_CHARS or names_nothing(assignee):
            raise InvalidInput(f"assignee must be 1 to {MAX_ASSIGNEE_CHARS} characters")
        wanted["assignee"] = assignee
    if changes.priority is not None:
        wanted["priority"] = changes.priority
    if changes.tags is not None:
        tags = normalize_tags(changes.tags)
        if len(tags) > MAX_TAGS or any(len(tag) > MAX_TAG_CHARS for tag in tags):
            raise InvalidInput(f"at most {MAX_TAGS} tags of at most {MAX_TAG_CHARS} characters")
        wanted["tags"] = tags
    if changes.queue is not None:
        queue = changes.queue.strip().lower()
        if not queue or len(queue) > MAX_QUEUE_CHARS or names_nothing(queue):
            raise InvalidInput(f"queue must be 1 to {MAX_QUEUE_CHARS} characters")
        wanted["queue"] = queue
    return wanted


def update_conversation(
    store: Store, conversation_id: ConversationId, changes: ConversationChanges, actor: str
) -> Conversation:
    """Apply a helpdesk update in one transaction, one event per field that really changed."""
    wanted = check_changes(changes)
    with store.transaction() as tx:
        conversation = access_conversation(tx, conversation_id)
        changed = {f: v for f, v in wanted.items() if getattr(conversation, f) != v}
        if not changed:
            return conversation
        updated = replace(touched(conversation), **changed)  # type: ignore[arg-type]  # field names come from check_changes
        tx.conversations.update(updated)
        record_changes(tx, conversation, updated, actor)
        offer_survey(tx, conversation, updated)
    return updated


def change_status(
    store: Store, conversation_id: ConversationId, status: ConversationStatus, actor: str
) -> Conversation:
    return update_conversation(store, conversation_id, ConversationChanges(status=status), actor)


def add_internal_note(
    store: Store, conversation_id: ConversationId, text: str, author_id: str
) -> tuple[Conversation, Note]:
    """A note for the team only; the customer never sees it. Returns the conversation too."""
    text = drop_control_characters(text).strip()
    if not text:
        raise InvalidInput("text is empty")
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(f"a note has at most {MAX_NOTE_CHARS} characters")
    with store.transaction() as tx:
        conversation = access_conversation(tx, conversation_id)
        note = Note(
            id=new_note_id(),
            conversation_id=conversation_id,
            author_id=author_id,
            text=mask_cards(text),
            created_at=now(),
        )
        tx.notes.add(note)
        tx.events.append(
            EventKind.note_added, conversation_id, author_id, {"note_id": note.id}, note.created_at
        )
    return conversation, note
