"""Gatekeepers: what a member of staff or a chatting customer may see and touch.

Every read and write the workspace and the widget make goes through one of these. A
conversation someone may not see does not exist for them (``NotFound``, never ``Forbidden``),
so ids cannot be probed.

- admin, supervisor: every queue
- agent: conversations in their queues, and those assigned to them
- customer (API or widget): the one conversation their customer token was issued for
  (``frontline.services.customer_access``)
"""

from __future__ import annotations

from frontline.domain.conversations import Conversation, ConversationStatus
from frontline.domain.errors import Forbidden, NotFound, Unauthorized
from frontline.domain.ids import ConversationId
from frontline.domain.staff import Role, StaffId, StaffUser
from frontline.domain.text import names_nothing
from frontline.services.ports import InboxQuery, InboxView, Store, UnitOfWork


def can_see(staff: StaffUser, queue: str, assignee: str | None) -> bool:
    """The one rule of visibility, for stored conversations and for live events alike."""
    return staff.sees_every_queue or queue in staff.queues or assignee == staff.username


def access_staff(store: Store, staff_id: StaffId | None) -> StaffUser:
    """The active member of staff a session names."""
    if staff_id is None:
        raise Unauthorized("log in first")
    with store.transaction() as tx:
        staff = tx.staff.get(staff_id)
    if staff is None or staff.disabled:
        raise Unauthorized("log in first")
    return staff


def access_conversation_as_staff(
    tx: UnitOfWork, staff: StaffUser, conversation_id: ConversationId
) -> Conversation:
    conversation = None if names_nothing(conversation_id) else tx.conversations.get(conversation_id)
    if conversation is None or not can_see(staff, conversation.queue, conversation.assignee):
        raise NotFound(f"conversation {conversation_id} not found")
    return conversation


def access_handback(staff: StaffUser, conversation: Conversation) -> None:
    """Only the holder hands a conversation back, unless a supervisor steps in."""
    if conversation.assignee not in (None, staff.username) and not staff.sees_every_queue:
        raise Forbidden(f"{conversation.assignee} holds this conversation")


def access_inbox(
    staff: StaffUser,
    view: InboxView,
    queue: str | None = None,
    status: ConversationStatus | None = None,
    search: str | None = None,
) -> InboxQuery:
    """The inbox query ``staff`` may run: an agent's scope is their queues."""
    if queue is not None and not staff.sees_every_queue and queue not in staff.queues:
        raise Forbidden(f"you are not a member of the queue {queue!r}")
    queues = None if staff.sees_every_queue else staff.queues
    return InboxQuery(
        me=staff.username, queues=queues, view=view, queue=queue, status=status, search=search
    )


def access_supervision(staff: StaffUser) -> StaffUser:
    """Team-wide settings (macros) are for supervisors and admins."""
    if not staff.sees_every_queue:
        raise Forbidden("this needs a supervisor")
    return staff


def access_admin(staff: StaffUser) -> StaffUser:
    if staff.role is not Role.admin:
        raise Forbidden("this needs an administrator")
    return staff
