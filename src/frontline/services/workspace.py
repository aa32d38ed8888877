"""Use cases of the agent workspace: the inbox, one conversation with its context, and the
helpdesk's writes, each behind the staff gatekeepers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from frontline.backoffice.port import BackOffice
from frontline.domain.conversations import (
    Conversation,
    ConversationStatus,
    Message,
    MessageOutcome,
    Note,
)
from frontline.domain.events import Event
from frontline.domain.ids import ConversationId
from frontline.domain.staff import Role, StaffUser
from frontline.services import conversations, messages, privacy
from frontline.services.access import access_conversation_as_staff, access_inbox
from frontline.services.conversations import ConversationChanges, ConversationDetails
from frontline.services.customers import customer_orders
from frontline.services.macros import fill_macro, list_macros
from frontline.services.messages import MessageLimits
from frontline.services.ports import ConversationFilter, InboxView, Store

INBOX_PAGE = 50
COUNT_CAP = 1_000  # the inbox shows "1000+" beyond this: exact counts cost a full scan
HISTORY_LIMIT = 20
MAX_SEARCH_CHARS = 200


@dataclass(frozen=True, slots=True)
class InboxPage:
    view: InboxView
    items: Sequence[Conversation]
    counts: dict[InboxView, int]
    next_cursor: ConversationId | None
    count_cap: int


@dataclass(frozen=True, slots=True)
class FilledMacro:
    name: str
    text: str
    macro_id: str = ""
    actions: bool = False  # applying it also changes the conversation


@dataclass(frozen=True, slots=True)
class WorkspaceConversation:
    details: ConversationDetails
    events: Sequence[Event]
    history: Sequence[Conversation]  # the customer's other conversations, newest first
    orders: Sequence[Any]  # the customer's orders in the back office, as it returns them
    macros: Sequence[FilledMacro]


def get_inbox(
    store: Store,
    staff: StaffUser,
    view: InboxView,
    queue: str | None = None,
    status: ConversationStatus | None = None,
    search: str | None = None,
    cursor: ConversationId | None = None,
    raw_text_roles: Sequence[Role] = privacy.ALL_ROLES,
) -> InboxPage:
    search = (search or "").strip()[:MAX_SEARCH_CHARS] or None
    query = access_inbox(staff, view, queue=queue or None, status=status, search=search)
    with store.transaction() as tx:
        items, counts = tx.inbox.view(query, cursor, INBOX_PAGE + 1, COUNT_CAP)
    more = len(items) > INBOX_PAGE
    items = items[:INBOX_PAGE]
    if not privacy.may_see_raw_text(staff.role, raw_text_roles):
        items = [privacy.redacted_conversation(c) for c in items]
    return InboxPage(view, items, counts, items[-1].id if more else None, COUNT_CAP)


def get_workspace_conversation(
    store: Store,
    backoffice: BackOffice,
    staff: StaffUser,
    conversation_id: ConversationId,
    raw_text_roles: Sequence[Role] = privacy.ALL_ROLES,
) -> WorkspaceConversation:
    with store.transaction() as tx:
        conversation = access_conversation_as_staff(tx, staff, conversation_id)
        customer = tx.customers.get(conversation.customer_id) if conversation.customer_id else None
        details = ConversationDetails(
            conversation=conversation,
            customer=customer,
            messages=tx.messages.for_conversation(conversation_id),
            actions=tx.actions.for_conversation(conversation_id),
            notes=tx.notes.for_conversation(conversation_id),
        )
        if not privacy.may_see_raw_text(staff.role, raw_text_roles):
            details = replace(
                details,
                conversation=privacy.redacted_conversation(conversation),
                customer=None,  # the profile, its history and orders are personal data too
                messages=privacy.redacted_messages(tx, details.messages),
                actions=privacy.redacted_actions(details.actions),
                notes=privacy.redacted_notes(details.notes),
            )
            customer = None
        events = tx.events.for_conversation(conversation_id)
        history = (
            [
                c
                for c in tx.conversations.list(
                    ConversationFilter(customer_id=customer.id), None, HISTORY_LIMIT + 1
                )
                if c.id != conversation_id
            ][:HISTORY_LIMIT]
            if customer
            else []
        )
    orders = customer_orders(store, backoffice, customer.id) if customer else []
    values = {
        "customer.name": customer.name if customer else None,
        "customer.email": customer.email if customer else None,
        "agent.name": staff.name,
        "conversation.id": conversation_id,
    }
    filled = [
        FilledMacro(m.name, fill_macro(m.body, values), m.id, not m.actions.empty)
        for m in list_macros(store)
    ]
    return WorkspaceConversation(details, events, history, orders, filled)


def get_transcript(
    store: Store,
    staff: StaffUser,
    conversation_id: ConversationId,
    raw_text_roles: Sequence[Role] = privacy.ALL_ROLES,
) -> tuple[Conversation, Sequence[Message], Sequence[Note]]:
    with store.transaction() as tx:
        conversation = access_conversation_as_staff(tx, staff, conversation_id)
        found = tx.messages.for_conversation(conversation_id)
        notes = tx.notes.for_conversation(conversation_id)
        if privacy.may_see_raw_text(staff.role, raw_text_roles):
            return conversation, found, notes
        return (
            privacy.redacted_conversation(conversation),
            privacy.redacted_messages(tx, found),
            privacy.redacted_notes(notes),
        )


def reply_as_staff(
    store: Store,
    staff: StaffUser,
    conversation_id: ConversationId,
    text: str,
    limits: MessageLimits,
) -> MessageOutcome:
    get_visible_conversation(store, staff, conversation_id)
    return messages.post_human_reply(store, conversation_id, text, staff.username, limits)


def add_note_as_staff(
    store: Store, staff: StaffUser, conversation_id: ConversationId, text: str
) -> tuple[Conversation, Note]:
    get_visible_conversation(store, staff, conversation_id)
    return conversations.add_internal_note(store, conversation_id, text, staff.username)


def update_as_staff(
    store: Store, staff: StaffUser, conversation_id: ConversationId, changes: ConversationChanges
) -> Conversation:
    get_visible_conversation(store, staff, conversation_id)
    return conversations.update_conversation(
        store, conversation_id, changes, f"human:{staff.username}"
    )


def get_conversation(store: Store, conversation_id: ConversationId) -> Conversation:
    """The conversation as stored, for announcing a change made elsewhere."""
    with store.transaction() as tx:
        return conversations.access_conversation(tx, conversation_id)


def messages_after(
    store: Store, conversation_id: ConversationId, after: str | None
) -> Sequence[Message]:
    """The customer-visible transcript after message ``after`` (ids sort by time)."""
    with store.transaction() as tx:
        conversations.access_conversation(tx, conversation_id)
        found = tx.messages.for_conversation(conversation_id)
    return [m for m in found if after is None or m.id > after]


def get_visible_conversation(
    store: Store, staff: StaffUser, conversation_id: ConversationId
) -> Conversation:
    with store.transaction() as tx:
        return access_conversation_as_staff(tx, staff, conversation_id)
