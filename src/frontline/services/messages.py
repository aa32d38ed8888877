"""Use cases for the message path: a customer writes, a human replies.

Every accepted customer message is committed before anything processes it, and a channel
message id that is already stored returns the stored outcome instead of a second copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontline.domain.conversations import (
    DEFAULT_QUEUE,
    AuthorKind,
    Channel,
    Conversation,
    ConversationStatus,
    Direction,
    Message,
    MessageOutcome,
    Priority,
    Reply,
)
from frontline.domain.errors import Conflict, InvalidInput, NotFound
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId, new_conversation_id, new_message_id
from frontline.domain.pii import mask_cards
from frontline.domain.text import names_nothing
from frontline.services.agent_turns import Responder, agent_may_answer, answer_customer_message
from frontline.services.clock import now
from frontline.services.conversations import record_changes, touched
from frontline.services.customers import CustomerDetails, identify_customer
from frontline.services.followups import follow_merge, wake_on_customer_reply
from frontline.services.ports import DuplicateKey, Store, UnitOfWork

MAX_CHANNEL_MESSAGE_ID_CHARS = 200
# C0 controls other than tab, newline and carriage return carry no text and PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TextTooLong(InvalidInput):
    code = "payload_too_large"


@dataclass(frozen=True, slots=True)
class MessageLimits:
    max_chars: int


def check_text(text: str, limits: MessageLimits) -> str:
    cleaned = _CONTROL.sub("", text).strip()
    if not cleaned:
        raise InvalidInput("text is empty")
    if len(cleaned) > limits.max_chars:
        raise TextTooLong(f"text is longer than {limits.max_chars} characters")
    return mask_cards(cleaned)  # a card number is never stored whole, only its last 4 digits


def check_channel_message_id(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > MAX_CHANNEL_MESSAGE_ID_CHARS or names_nothing(value):
        raise InvalidInput(
            f"channel_message_id must be 1 to {MAX_CHANNEL_MESSAGE_ID_CHARS} characters"
        )
    return value


def _stored_outcome(tx: UnitOfWork, message: Message) -> MessageOutcome:
    conversation = tx.conversations.get(message.conversation_id)
    assert conversation is not None  # a stored message always has its conversation
    replies = tuple(
        Reply(text=r.text, awaiting=r.awaiting, options=r.options)
        for r in tx.messages.replies_to(message.id)
    )
    return MessageOutcome(conversation, message, replies, duplicate=True)


def _store_inbound(
    tx: UnitOfWork,
    conversation: Conversation,
    text: str,
    channel_message_id: str | None,
    ai_answers: bool,
) -> Message:
    message = Message(
        id=new_message_id(),
        conversation_id=conversation.id,
        direction=Direction.inbound,
        author_kind=AuthorKind.customer,
        author_id=conversation.customer_id,
        text=text,
        created_at=now(),
        channel_message_id=channel_message_id,
    )
    name = tx.privacy.customer_name(conversation.customer_id) if conversation.customer_id else None
    tx.messages.add(message, conversation.channel, known_names=(name,) if name else ())
    tx.events.append(
        EventKind.message_received,
        conversation.id,
        f"customer:{conversation.customer_id or 'anonymous'}",
        {"message_id": message.id, "chars": len(text)},
        message.created_at,
    )
    if ai_answers and agent_may_answer(conversation):  # owed a turn, whatever happens next
        tx.agent_states.expect_turn(message.id, conversation.id, message.created_at)
    return message


def start_conversation(
    store: Store,
    channel: Channel,
    text: str,
    customer: CustomerDetails | None,
    limits: MessageLimits,
    channel_message_id: str | None = None,
    responder: Responder | None = None,
    *,
    ai_answers: bool | None = None,
) -> MessageOutcome:
    """Open a conversation with the customer's first message; ``responder`` answers it.
    ``ai_answers`` says the caller has the AI answer it (it defaults to whether ``responder``
    is given)."""
    text = check_text(text, limits)
    channel_message_id = check_channel_message_id(channel_message_id)
    will_answer = responder is not None if ai_answers is None else ai_answers
    try:
        outcome = _open_conversation(
            store, channel, text, customer, channel_message_id, will_answer
        )
    except DuplicateKey:
        # A concurrent delivery of the same first message committed first; ours rolled back.
        assert channel_message_id is not None
        with store.transaction() as tx:
            stored = tx.messages.find_by_channel_id(channel, channel_message_id)
            assert stored is not None
            return _stored_outcome(tx, stored)
    return answer_customer_message(store, responder, outcome) if responder else outcome


def _open_conversation(
    store: Store,
    channel: Channel,
    text: str,
    customer: CustomerDetails | None,
    channel_message_id: str | None,
    ai_answers: bool,
) -> MessageOutcome:
    with store.transaction() as tx:
        if channel_message_id is not None:
            stored = tx.messages.find_by_channel_id(channel, channel_message_id)
            if stored is not None:
                return _stored_outcome(tx, stored)
        found = identify_customer(tx, customer) if customer else None
        at = now()
        conversation = Conversation(
            id=new_conversation_id(),
            channel=channel,
            status=ConversationStatus.open,
            customer_id=found.id if found else None,
            queue=DEFAULT_QUEUE,
            priority=Priority.normal,
            created_at=at,
            updated_at=at,
            subject=text.splitlines()[0][:120],
        )
        tx.conversations.add(conversation)
        tx.events.append(
            EventKind.conversation_started,
            conversation.id,
            "system",
            {"channel": channel.value, "customer_id": conversation.customer_id},
            at,
        )
        message = _store_inbound(tx, conversation, text, channel_message_id, ai_answers)
    return MessageOutcome(conversation, message)


def _reopened(conversation: Conversation, ai_answers: bool) -> Conversation:
    """The state a conversation is in after the customer writes again.

    A pending conversation the AI is about to answer stays pending: the agent's turn sets the
    status it ends in, so the event log does not record an ``open`` that lasted one turn (it
    would count as waiting time and as a reopen that never happened).
    """
    if conversation.status is ConversationStatus.closed:
        raise Conflict("the conversation is closed; start a new conversation")
    if (
        ai_answers
        and conversation.status is ConversationStatus.pending
        and agent_may_answer(conversation)
    ):
        return touched(conversation)
    if conversation.status in (ConversationStatus.pending, ConversationStatus.resolved):
        return touched(conversation, ConversationStatus.open)
    return touched(conversation)


def receive_customer_message(
    store: Store,
    conversation_id: ConversationId,
    text: str,
    limits: MessageLimits,
    channel_message_id: str | None = None,
    responder: Responder | None = None,
    *,
    ai_answers: bool | None = None,
) -> MessageOutcome:
    """Store a customer's message in an existing conversation (idempotent per channel id);
    ``responder`` answers it once it is committed. ``ai_answers`` says the caller runs the AI's
    turn right after (it defaults to whether ``responder`` is given)."""
    will_answer = responder is not None if ai_answers is None else ai_answers
    outcome = _receive(store, conversation_id, text, limits, channel_message_id, will_answer)
    return answer_customer_message(store, responder, outcome) if responder else outcome


def _receive(
    store: Store,
    conversation_id: ConversationId,
    text: str,
    limits: MessageLimits,
    channel_message_id: str | None,
    ai_answers: bool,
) -> MessageOutcome:
    text = check_text(text, limits)
    channel_message_id = check_channel_message_id(channel_message_id)
    with store.transaction() as tx:
        conversation = tx.conversations.get(conversation_id)
        if conversation is None:
            raise NotFound(f"conversation {conversation_id} not found")
        if channel_message_id is not None:
            stored = tx.messages.find_by_channel_id(conversation.channel, channel_message_id)
            if stored is not None:
                return _stored_outcome(tx, stored)
        conversation = follow_merge(tx, conversation)  # a merged one lives on in another
        updated = _reopened(conversation, ai_answers)
        try:
            message = _store_inbound(tx, updated, text, channel_message_id, ai_answers)
        except DuplicateKey:
            # A concurrent delivery of the same message committed first: answer with its result.
            assert channel_message_id is not None
            stored = tx.messages.find_by_channel_id(conversation.channel, channel_message_id)
            assert stored is not None
            return _stored_outcome(tx, stored)
        tx.conversations.update(updated)
        if updated.status is not conversation.status:
            tx.events.append(
                EventKind.status_changed,
                conversation.id,
                "system",
                {"from": conversation.status.value, "to": updated.status.value},
                message.created_at,
            )
        wake_on_customer_reply(tx, conversation, updated)
    return MessageOutcome(updated, message)


def post_human_reply(
    store: Store, conversation_id: ConversationId, text: str, author_id: str, limits: MessageLimits
) -> MessageOutcome:
    """A member of the support team answers the customer; the conversation waits on them."""
    text = check_text(text, limits)
    with store.transaction() as tx:
        conversation = tx.conversations.get(conversation_id)
        if conversation is None:
            raise NotFound(f"conversation {conversation_id} not found")
        if conversation.status is ConversationStatus.closed:
            raise Conflict("the conversation is closed")
        message = Message(
            id=new_message_id(),
            conversation_id=conversation.id,
            direction=Direction.outbound,
            author_kind=AuthorKind.human,
            author_id=author_id,
            text=text,
            created_at=now(),
        )
        tx.messages.add(message, conversation.channel)
        tx.events.append(
            EventKind.reply_sent,
            conversation.id,
            f"human:{author_id}",
            {"message_id": message.id, "author_kind": AuthorKind.human.value},
            message.created_at,
        )
        waits = conversation.status is ConversationStatus.open
        updated = touched(conversation, ConversationStatus.pending if waits else None)
        tx.conversations.update(updated)
        record_changes(tx, conversation, updated, f"human:{author_id}")
    return MessageOutcome(updated, message)
