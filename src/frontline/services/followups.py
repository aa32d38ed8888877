"""Follow-ups: snoozing, resolving what waits on a silent customer, reopening, merging and
linking conversations.

- A snoozed conversation is ``pending`` until its time comes (the worker's sweep wakes it)
  or the customer writes first; it wakes ``open`` (``escalated`` if a human had it).
- A ``pending`` conversation the customer has not answered for ``days`` is resolved, with a
  notice to the customer (an outbound system message, sent by its channel like any reply).
- A customer writing to a resolved conversation reopens it: a ``reopened`` event.
- Merging moves every message and note of one conversation into another of the same case
  and closes it with a pointer (``merged_into``); customer messages to it follow the pointer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from frontline.domain.conversations import (
    AuthorKind,
    Conversation,
    ConversationStatus,
    Direction,
    Message,
)
from frontline.domain.errors import Conflict, InvalidInput
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId, new_message_id
from frontline.domain.staff import StaffUser
from frontline.services.access import access_conversation_as_staff
from frontline.services.clock import now
from frontline.services.conversations import record_changes, touched
from frontline.services.followup_ports import Link, LinkKind, Snooze
from frontline.services.ports import Store, UnitOfWork
from frontline.services.survey_offers import offer_survey

MAX_SNOOZE = timedelta(days=365)
SWEEP_BATCH = 500
MAX_MERGE_HOPS = 10
SYSTEM = "system"


def snooze_conversation(
    store: Store, staff: StaffUser, conversation_id: ConversationId, until: datetime
) -> Conversation:
    """Set the conversation aside until ``until`` (UTC)."""
    at = now()
    if until.tzinfo is None:
        raise InvalidInput("the snooze time needs a time zone, e.g. 2026-12-04T09:00:00Z")
    if not at < until <= at + MAX_SNOOZE:
        raise InvalidInput("a snooze ends in the future, within a year")
    actor = f"human:{staff.username}"
    with store.transaction() as tx:
        conversation = access_conversation_as_staff(tx, staff, conversation_id)
        if conversation.status in (ConversationStatus.resolved, ConversationStatus.closed):
            raise Conflict(f"a {conversation.status.value} conversation cannot be snoozed")
        earlier = tx.followups.snooze_of(conversation_id)
        before = earlier.status_before if earlier else conversation.status
        tx.followups.put_snooze(Snooze(conversation_id, until, before, actor, at))
        updated = touched(conversation, ConversationStatus.pending)
        tx.conversations.update(updated)
        tx.events.append(
            EventKind.snoozed, conversation_id, actor, {"until": until.isoformat()}, at
        )
        record_changes(tx, conversation, updated, actor, "snoozed")
    return updated


def unsnooze_conversation(
    store: Store, staff: StaffUser, conversation_id: ConversationId
) -> Conversation:
    with store.transaction() as tx:
        conversation = access_conversation_as_staff(tx, staff, conversation_id)
        snooze = tx.followups.snooze_of(conversation_id)
        if snooze is None:
            raise Conflict("the conversation is not snoozed")
        return _wake(tx, conversation, snooze, "staff", f"human:{staff.username}")


def wake_snoozed(store: Store, at: datetime | None = None) -> int:
    """Wake every conversation whose snooze has ended; how many woke."""
    at = at or now()
    with store.transaction() as tx:
        due = tx.followups.due_snoozes(at, SWEEP_BATCH)
    woke = 0
    for snooze in due:
        with store.transaction() as tx:
            current = tx.followups.snooze_of(snooze.conversation_id)
            conversation = tx.conversations.get(snooze.conversation_id)
            if current is None or current.until > at or conversation is None:
                continue  # woken (or snoozed again) meanwhile
            _wake(tx, conversation, current, "time", SYSTEM)
            woke += 1
    return woke


def _wake(
    tx: UnitOfWork, conversation: Conversation, snooze: Snooze, by: str, actor: str
) -> Conversation:
    tx.followups.delete_snooze(conversation.id)
    escalated = snooze.status_before is ConversationStatus.escalated
    status = ConversationStatus.escalated if escalated else ConversationStatus.open
    updated = touched(
        conversation, status if conversation.status is ConversationStatus.pending else None
    )
    tx.conversations.update(updated)
    tx.events.append(EventKind.woken, conversation.id, actor, {"by": by}, updated.updated_at)
    record_changes(tx, conversation, updated, actor, "woken")
    return updated


def wake_on_customer_reply(tx: UnitOfWork, before: Conversation, after: Conversation) -> None:
    """The message path's follow-up bookkeeping once a customer message is stored."""
    actor = f"customer:{after.customer_id or 'anonymous'}"
    # A snoozed conversation is pending (snoozing sets it): others need no look-up.
    snoozed = before.status is ConversationStatus.pending
    if snoozed and tx.followups.delete_snooze(after.id):
        tx.events.append(EventKind.woken, after.id, actor, {"by": "customer"}, after.updated_at)
    if before.status is ConversationStatus.resolved:
        tx.events.append(
            EventKind.reopened, after.id, actor, {"from": before.status.value}, after.updated_at
        )


def follow_merge(tx: UnitOfWork, conversation: Conversation) -> Conversation:
    """The conversation a closed, merged one now lives in (itself if it was not merged)."""
    for _ in range(MAX_MERGE_HOPS):
        if conversation.status is not ConversationStatus.closed:
            return conversation
        pointer = next(
            (
                link
                for link in tx.followups.links_of(conversation.id)
                if link.kind is LinkKind.merged_into
            ),
            None,
        )
        target = tx.conversations.get(pointer.other_id) if pointer else None
        if target is None:
            return conversation
        conversation = target
    return conversation


def resolve_stale_pending(
    store: Store, days: float, notice: str, at: datetime | None = None
) -> int:
    """Resolve pending conversations with no customer reply for ``days``; how many."""
    if days <= 0:
        return 0
    at = at or now()
    before = at - timedelta(days=days)
    with store.transaction() as tx:
        stale = tx.followups.stale_pending(before, SWEEP_BATCH)
    resolved = 0
    for conversation_id in stale:
        with store.transaction() as tx:
            conversation = tx.conversations.get(conversation_id)
            if (
                conversation is None
                or conversation.status is not ConversationStatus.pending
                or conversation.updated_at >= before
                or tx.followups.snooze_of(conversation_id) is not None
            ):
                continue  # the customer wrote, or someone acted, meanwhile
            _resolve_with_notice(tx, conversation, days, notice)
            resolved += 1
    return resolved


def _resolve_with_notice(
    tx: UnitOfWork, conversation: Conversation, days: float, notice: str
) -> None:
    message = Message(
        id=new_message_id(),
        conversation_id=conversation.id,
        direction=Direction.outbound,
        author_kind=AuthorKind.system,
        author_id=SYSTEM,
        text=notice,
        created_at=now(),
    )
    tx.messages.add(message, conversation.channel)
    tx.events.append(
        EventKind.reply_sent,
        conversation.id,
        SYSTEM,
        {"message_id": message.id, "author_kind": AuthorKind.system.value},
        message.created_at,
    )
    updated = touched(conversation, ConversationStatus.resolved)
    tx.conversations.update(updated)
    tx.events.append(
        EventKind.auto_resolved, conversation.id, SYSTEM, {"days": days}, updated.updated_at
    )
    record_changes(tx, conversation, updated, SYSTEM, "no reply")
    offer_survey(tx, conversation, updated)


def merge_conversations(
    store: Store, staff: StaffUser, source_id: ConversationId, target_id: ConversationId
) -> Conversation:
    """Move ``source``'s messages and notes into ``target`` and close ``source`` with a
    pointer to it. Both must be the same customer's (one case) and ``target`` not closed."""
    if source_id == target_id:
        raise InvalidInput("a conversation cannot be merged into itself")
    actor = f"human:{staff.username}"
    with store.transaction() as tx:
        source = access_conversation_as_staff(tx, staff, source_id)
        target = access_conversation_as_staff(tx, staff, target_id)
        if ConversationStatus.closed in (source.status, target.status):
            raise Conflict("a closed conversation cannot be merged")
        if source.customer_id and target.customer_id and source.customer_id != target.customer_id:
            raise Conflict("the two conversations are different customers': not one case")
        moved = tx.followups.move_messages(source_id, target_id)
        tx.followups.delete_snooze(source_id)
        at = now()
        tx.followups.add_link(Link(source_id, target_id, LinkKind.merged_into, actor, at))
        closed = replace(touched(source, ConversationStatus.closed), assignee=source.assignee)
        tx.conversations.update(closed)
        record_changes(tx, source, closed, actor, "merged")
        grown = touched(target)
        if grown.customer_id is None and source.customer_id is not None:
            grown = replace(grown, customer_id=source.customer_id)
        tx.conversations.update(grown)
        tx.events.append(
            EventKind.merged, source_id, actor, {"into": target_id, "messages": moved}, at
        )
        tx.events.append(
            EventKind.merged, target_id, actor, {"from": source_id, "messages": moved}, at
        )
    return grown


def link_conversations(
    store: Store, staff: StaffUser, conversation_id: ConversationId, other_id: ConversationId
) -> None:
    """Mark two conversations as related, both ways; linking twice changes nothing."""
    if conversation_id == other_id:
        raise InvalidInput("a conversation cannot be linked to itself")
    actor = f"human:{staff.username}"
    with store.transaction() as tx:
        access_conversation_as_staff(tx, staff, conversation_id)
        access_conversation_as_staff(tx, staff, other_id)
        at = now()
        for one, two in ((conversation_id, other_id), (other_id, conversation_id)):
            if tx.followups.add_link(Link(one, two, LinkKind.related, actor, at)):
                tx.events.append(EventKind.linked, one, actor, {"other": two}, at)


def list_links(store: Store, staff: StaffUser, conversation_id: ConversationId) -> Sequence[Link]:
    with store.transaction() as tx:
        access_conversation_as_staff(tx, staff, conversation_id)
        return tx.followups.links_of(conversation_id)
