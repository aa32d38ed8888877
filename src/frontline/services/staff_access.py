"""The member of staff an API token acts for, and what that bounds.

A staff token is an API token owned by a member of staff (``frontline tokens create --name
ana-laptop --user ana``); its calls act as that user, with that user's role and queues. A token
owned by nobody, or by a disabled user, is not a staff token.

What an API token may see of the conversations (list, read, reply, change, notes, emails):

    API token
    ├── admin                       every conversation
    ├── owned by a member of staff  what they see in the workspace (``access.can_see``): an
    │                               admin or supervisor every queue, an agent their queues and
    │                               what is assigned to them; any other conversation does not
    │                               exist (``NotFound``); ``Unauthorized`` once they are disabled
    └── owned by nobody             every conversation (integrations, tokens made before
                                    tokens had owners)
"""

from __future__ import annotations

from dataclasses import replace

from frontline.domain.errors import Forbidden, NotFound, Unauthorized
from frontline.domain.ids import ConversationId
from frontline.domain.staff import StaffUser
from frontline.services.access import can_see
from frontline.services.ports import ApiToken, ConversationFilter, Store


def access_staff_by_token(store: Store, token: ApiToken) -> StaffUser:
    with store.transaction() as tx:
        owner = tx.access.token_owner(token.id)
        staff = tx.staff.get(owner) if owner is not None else None
    if staff is None or staff.disabled:
        raise Forbidden(
            f"the token {token.name!r} is not a staff token: create it with --user for an "
            "active member of staff"
        )
    return staff


def access_token_scope(store: Store, token: ApiToken) -> StaffUser | None:
    """The member of staff whose workspace bounds ``token``; None when nothing does (an admin
    token, a token owned by nobody, or one owned by someone who sees every queue)."""
    if token.is_admin:
        return None
    with store.transaction() as tx:
        owner_id = tx.access.token_owner(token.id)
        owner = tx.staff.get(owner_id) if owner_id is not None else None
    if owner_id is None:
        return None
    if owner is None or owner.disabled:
        raise Unauthorized("the API token's account is disabled")
    return None if owner.sees_every_queue else owner


def access_conversation_by_token(
    store: Store, token: ApiToken, conversation_id: str
) -> ConversationId:
    """``conversation_id`` if ``token`` may see it; NotFound, like an unknown id, if not."""
    scope = access_token_scope(store, token)
    if scope is None:
        return ConversationId(conversation_id)
    with store.transaction() as tx:
        conversation = tx.conversations.get(ConversationId(conversation_id))
    if conversation is None or not can_see(scope, conversation.queue, conversation.assignee):
        raise NotFound(f"conversation {conversation_id} not found")
    return conversation.id


def access_conversation_list(
    store: Store, token: ApiToken, where: ConversationFilter
) -> ConversationFilter:
    """``where`` narrowed to the conversations ``token`` may see."""
    scope = access_token_scope(store, token)
    if scope is None:
        return where
    return replace(where, visible_queues=scope.queues, visible_to=scope.username)
