"""The AI agent answers a stored customer message.

The message is already committed (``messages.receive_customer_message``); the agent's turn
runs after it, outside any store transaction (its back-office calls commit on their own), and
one transaction then stores what the turn produced: replies, actions, state, status, hand-off.
The agent stays silent while a human holds the conversation or it is escalated.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from frontline.domain.actions import Action
from frontline.domain.conversations import (
    AuthorKind,
    Conversation,
    ConversationStatus,
    Direction,
    Message,
    MessageOutcome,
    Reply,
)
from frontline.domain.events import EventKind
from frontline.domain.ids import new_action_id, new_message_id
from frontline.services.audit import record_backoffice_action
from frontline.services.clock import now
from frontline.services.conversations import record_changes, touched
from frontline.services.customers import CustomerDetails, identify_customer
from frontline.services.ports import Store, UnitOfWork
from frontline.services.routing import route_in
from frontline.services.survey_offers import offer_survey

if TYPE_CHECKING:
    from frontline.agent.engine import Turn

AI_ACTOR = "ai"


class Responder(Protocol):
    def respond(self, state: dict[str, object] | None, text: str) -> Turn: ...


def agent_may_answer(conversation: Conversation) -> bool:
    """The AI answers only conversations no human holds and nobody escalated."""
    return conversation.assignee is None and conversation.status in (
        ConversationStatus.open,
        ConversationStatus.pending,
    )


def answer_customer_message(
    store: Store, agent: Responder, outcome: MessageOutcome
) -> MessageOutcome:
    """Run the agent on the stored message and store its turn; the outcome with the replies."""
    if outcome.duplicate or not agent_may_answer(outcome.conversation):
        return outcome
    conversation_id = outcome.conversation.id
    with store.transaction() as tx:
        state = tx.agent_states.get(conversation_id)
    # the agent's ports (one-time identity codes) speak of the conversation by its id
    state = {**(state or {}), "conversation_id": conversation_id}
    turn = agent.respond(state, outcome.message.text)
    with store.transaction() as tx:
        conversation = tx.conversations.get(conversation_id)
        assert conversation is not None  # conversations are never deleted
        if not agent_may_answer(conversation):
            return replace(outcome, conversation=conversation)  # a human took over meanwhile
        _store_understanding(tx, conversation, state, turn)
        _store_actions(tx, conversation, turn)
        sent = _store_replies(tx, conversation, outcome.message, turn.replies)
        tx.agent_states.put(conversation_id, turn.state, now())
        updated = _conversation_after(tx, conversation, turn)
    return replace(outcome, conversation=updated, replies=turn.replies, sent=sent)


def _asked(state: dict[str, object] | None) -> str | None:
    """The question the agent's last reply asked (the frame's ``asked``), if any."""
    frames = (state or {}).get("frames")
    if isinstance(frames, list) and frames and isinstance(frames[-1], dict):
        asked = frames[-1].get("asked")
        return str(asked) if asked else None
    return None


def _store_understanding(
    tx: UnitOfWork, conversation: Conversation, state: dict[str, object] | None, turn: Turn
) -> None:
    """What the AI understood of the message: the contact reasons are read from these."""
    heard = turn.understanding
    tx.events.append(
        EventKind.intent_recognized,
        conversation.id,
        AI_ACTOR,
        {
            "intent": heard.intent,
            "confidence": round(heard.confidence, 3),
            "requests": [
                {"intent": r.intent, "confidence": round(r.confidence, 3)} for r in heard.requests
            ],
            "answering": _asked(state),
        },
        now(),
    )


def _store_actions(tx: UnitOfWork, conversation: Conversation, turn: Turn) -> None:
    for call in turn.calls:
        at = now()
        tx.actions.add(
            Action(
                id=new_action_id(),
                conversation_id=conversation.id,
                name=call.name,
                arguments=call.arguments,
                outcome=call.outcome,
                result=call.result,
                actor=AI_ACTOR,
                created_at=at,
            )
        )
        tx.events.append(
            EventKind.action_taken,
            conversation.id,
            AI_ACTOR,
            {"name": call.name, "outcome": call.outcome.value},
            at,
        )
        record_backoffice_action(
            tx, AI_ACTOR, call.name, call.arguments, call.outcome.value, conversation.id
        )


def _store_replies(
    tx: UnitOfWork, conversation: Conversation, inbound: Message, replies: tuple[Reply, ...]
) -> tuple[Message, ...]:
    sent: list[Message] = []
    for reply in replies:
        message = Message(
            id=new_message_id(),
            conversation_id=conversation.id,
            direction=Direction.outbound,
            author_kind=AuthorKind.ai,
            author_id=AI_ACTOR,
            text=reply.text,
            created_at=now(),
            in_reply_to=inbound.id,
            awaiting=reply.awaiting,
            options=reply.options,
        )
        tx.messages.add(message, conversation.channel)
        tx.events.append(
            EventKind.reply_sent,
            conversation.id,
            AI_ACTOR,
            {"message_id": message.id, "author_kind": AuthorKind.ai.value},
            message.created_at,
        )
        sent.append(message)
    return tuple(sent)


def _conversation_after(tx: UnitOfWork, conversation: Conversation, turn: Turn) -> Conversation:
    updated = touched(conversation, turn.status)
    if turn.handoff is not None:
        updated = replace(updated, handoff=turn.handoff, queue=turn.handoff.queue)
        tx.events.append(
            EventKind.handed_off,
            conversation.id,
            AI_ACTOR,
            {"queue": turn.handoff.queue, "reason": turn.handoff.reason},
            updated.updated_at,
        )
    user = turn.state.get("user")
    if conversation.customer_id is None and isinstance(user, dict) and user.get("email"):
        updated = _link_customer(tx, updated, user)
    tx.conversations.update(updated)
    record_changes(tx, conversation, updated, AI_ACTOR)
    offer_survey(tx, conversation, updated)
    if turn.handoff is not None:  # new human work: a member of the queue takes it, or it waits
        updated = route_in(tx, updated, AI_ACTOR)
    return updated


def _link_customer(
    tx: UnitOfWork, conversation: Conversation, user: dict[str, object]
) -> Conversation:
    """The verified back-office customer becomes the conversation's CRM customer."""
    name = user.get("name") if isinstance(user.get("name"), dict) else {}
    assert isinstance(name, dict)
    full_name = f"{name.get('first_name', '')} {name.get('last_name', '')}".strip() or None
    customer = identify_customer(tx, CustomerDetails(email=str(user["email"]), name=full_name))
    if customer is None:
        return conversation
    if user.get("user_id"):
        tx.customers.set_backoffice_user(customer.id, str(user["user_id"]))
    tx.events.append(
        EventKind.customer_identified,
        conversation.id,
        AI_ACTOR,
        {"customer_id": customer.id},
        conversation.updated_at,
    )
    return replace(conversation, customer_id=customer.id)
