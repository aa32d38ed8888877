"""A human takes a conversation over from the AI, and hands it back.

While a human holds a conversation it is ``escalated`` and assigned to them; the AI stays
silent. Handing back clears the assignee and reopens it, so the AI may answer again.
"""

from __future__ import annotations

from dataclasses import replace

from frontline.domain.conversations import Conversation, ConversationStatus
from frontline.domain.errors import Conflict
from frontline.domain.ids import ConversationId
from frontline.domain.staff import StaffUser
from frontline.services.access import access_conversation_as_staff, access_handback
from frontline.services.conversations import record_changes, touched
from frontline.services.ports import Store


def take_over_conversation(
    store: Store, staff: StaffUser, conversation_id: ConversationId
) -> Conversation:
    """``staff`` holds the conversation from now on; the AI stays silent."""
    with store.transaction() as tx:
        conversation = access_conversation_as_staff(tx, staff, conversation_id)
        if conversation.status is ConversationStatus.closed:
            raise Conflict("the conversation is closed")
        access_handback(staff, conversation)  # taking from another human needs a supervisor
        updated = replace(
            touched(conversation, ConversationStatus.escalated), assignee=staff.username
        )
        if updated.assignee == conversation.assignee and updated.status is conversation.status:
            return conversation
        tx.conversations.update(updated)
        record_changes(tx, conversation, updated, f"human:{staff.username}", "take_over")
    return updated


def hand_back_to_ai(
    store: Store, staff: StaffUser, conversation_id: ConversationId
) -> Conversation:
    """Nobody holds the conversation any more and it is open: the AI may answer again."""
    with store.transaction() as tx:
        conversation = access_conversation_as_staff(tx, staff, conversation_id)
        if conversation.status is ConversationStatus.closed:
            raise Conflict("the conversation is closed")
        access_handback(staff, conversation)
        updated = replace(touched(conversation, ConversationStatus.open), assignee=None)
        if conversation.assignee is None and conversation.status is ConversationStatus.open:
            return conversation
        tx.conversations.update(updated)
        record_changes(tx, conversation, updated, f"human:{staff.username}", "hand_back")
    return updated
