"""The AI agent answers a stored customer message, and nothing is half-done if it crashes.

The message is committed first (``messages.receive_customer_message``), and in its transaction
the turn the AI owes it (``agent_states.expect_turn``, an outbox of turns). The turn then runs
outside any store transaction. Each back-office write it makes is first recorded as a
``pending`` action with an idempotency key (``ActionJournal``), then sent with that key, so the
back office applies it once however often it is sent. One transaction then stores what the
turn produced (replies, settled actions, state, status, hand-off) and clears the owed turn;
it stores the state only over the version the turn read, and a turn that lost that race runs
again on the newer state. A turn a crash interrupted is still owed: ``finish_interrupted_turns``
runs it again (its writes come back from the back office's record) and settles any pending
action whose turn ended without it. The agent stays silent while a human holds the
conversation or it is escalated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from frontline.backoffice.port import BackOffice, call_digest
from frontline.domain.actions import Action, ActionOutcome
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
from frontline.domain.ids import ConversationId, MessageId, new_action_id, new_message_id
from frontline.services.audit import record_backoffice_action
from frontline.services.backoffice import record_pending_write
from frontline.services.clock import now
from frontline.services.conversations import record_changes, touched
from frontline.services.customers import CustomerDetails, identify_customer
from frontline.services.ports import StaleState, Store, UnitOfWork
from frontline.services.routing import route_in
from frontline.services.survey_offers import offer_survey

if TYPE_CHECKING:
    from frontline.agent.engine.tools import WriteJournal
    from frontline.agent.engine.turn import Turn

AI_ACTOR = "ai"
MAX_ATTEMPTS = 5  # a turn that keeps losing the race to store its state is left owed


class Responder(Protocol):
    def respond(
        self, state: dict[str, object] | None, text: str, journal: WriteJournal | None = None
    ) -> Turn: ...


def agent_may_answer(conversation: Conversation) -> bool:
    """The AI answers only conversations no human holds and nobody escalated."""
    return conversation.assignee is None and conversation.status in (
        ConversationStatus.open,
        ConversationStatus.pending,
    )


class ActionJournal:
    """The ``WriteJournal`` of one turn: a pending action row, committed before each write.

    A write's key is the message, its place among the turn's writes and the call's digest: the
    same turn run again sends the same key; a turn that decides differently sends another.
    """

    def __init__(self, store: Store, conversation_id: ConversationId, message_id: MessageId):
        self._store = store
        self._conversation_id = conversation_id
        self._message_id = message_id
        self._writes = 0
        self._sent: dict[str, str] | None = None  # digest -> key, of an interrupted run

    def replay(self, name: str, arguments: Mapping[str, Any]) -> str | None:
        if self._sent is None:
            prefix = f"{self._message_id}/"
            with self._store.transaction() as tx:
                pending = tx.actions.for_conversation(self._conversation_id)
            self._sent = {
                call_digest(a.name, a.arguments): a.idempotency_key
                for a in pending
                if a.outcome in (ActionOutcome.pending, ActionOutcome.ok)
                and a.idempotency_key is not None
                and a.idempotency_key.startswith(prefix)
            }
        return self._sent.get(call_digest(name, arguments))

    def before_write(self, name: str, arguments: Mapping[str, Any]) -> str:
        self._writes += 1
        key = f"{self._message_id}/{self._writes}/{call_digest(name, arguments)[:24]}"
        record_pending_write(self._store, self._conversation_id, name, arguments, AI_ACTOR, key)
        return key


def answer_customer_message(
    store: Store, agent: Responder, outcome: MessageOutcome
) -> MessageOutcome:
    """Run the agent on the stored message and store its turn; the outcome with the replies."""
    if outcome.duplicate or not agent_may_answer(outcome.conversation):
        return outcome
    for _ in range(MAX_ATTEMPTS):
        try:
            return _take_turn(store, agent, outcome)
        except StaleState:
            continue  # another turn of this conversation stored first: run on its state
    return outcome  # still owed: finish_interrupted_turns answers it


def _take_turn(store: Store, agent: Responder, outcome: MessageOutcome) -> MessageOutcome:
    conversation_id, message = outcome.conversation.id, outcome.message
    with store.transaction() as tx:
        if not tx.agent_states.turn_due(message.id):
            return outcome  # another process answered it, or no answer is owed
        read = tx.agent_states.read(conversation_id)
    # the agent's ports (one-time identity codes) speak of the conversation by its id
    state = {**(read.state or {}), "conversation_id": conversation_id}
    journal = ActionJournal(store, conversation_id, message.id)
    turn = agent.respond(state, message.text, journal)
    with store.transaction() as tx:
        conversation = tx.conversations.get(conversation_id)
        assert conversation is not None  # conversations are never deleted
        if not agent_may_answer(conversation):
            # a human took over meanwhile: the writes stay recorded, nothing is said
            tx.agent_states.finish_turn(message.id)
            _store_actions(tx, conversation, turn)
            return replace(outcome, conversation=conversation)
        tx.agent_states.store_turn(conversation_id, turn.state, now(), read_version=read.version)
        if not tx.agent_states.finish_turn(message.id):
            raise StaleState(conversation_id)  # taken meanwhile; rolls this transaction back
        _store_understanding(tx, conversation, state, turn)
        _store_actions(tx, conversation, turn)
        sent = _store_replies(tx, conversation, message, turn.replies)
        updated = _conversation_after(tx, conversation, turn)
    return replace(outcome, conversation=updated, replies=turn.replies, sent=sent)


@dataclass(frozen=True, slots=True)
class Recovery:
    turns: int  # owed turns run again
    settled: int  # pending actions settled from the back office's record


def finish_interrupted_turns(
    store: Store,
    agent: Responder,
    backoffice: BackOffice,
    older_than: timedelta,
    *,
    limit: int = 100,
) -> Recovery:
    """Answer the messages whose turn was owed for ``older_than`` (a crash interrupted it),
    then settle the pending actions of turns that ended without them (the back office says
    whether each write happened)."""
    before = now() - older_than
    with store.transaction() as tx:
        owed = tx.agent_states.turns_due(before, limit)
    turns = 0
    for conversation_id, message_id in owed:
        with store.transaction() as tx:
            conversation = tx.conversations.get(conversation_id)
            message = tx.messages.get(message_id)
            if (
                conversation is None
                or message is None
                or not agent_may_answer(conversation)
                or _answered_after(tx, message)
            ):
                tx.agent_states.finish_turn(message_id)  # nobody to answer any more
                continue
        answer_customer_message(store, agent, MessageOutcome(conversation, message))
        turns += 1
    return Recovery(turns, _settle_pending(store, backoffice, before, limit))


def _answered_after(tx: UnitOfWork, message: Message) -> bool:
    """The customer wrote again and was answered: the conversation has moved on, and a turn
    on its newer state must not read the old message (an old "yes" would confirm something
    else)."""
    later = [
        m
        for m in tx.messages.for_conversation(message.conversation_id)
        if m.direction is Direction.inbound and m.created_at > message.created_at
    ]
    return any(not tx.agent_states.turn_due(m.id) for m in later)


def _settle_pending(store: Store, backoffice: BackOffice, before: datetime, limit: int) -> int:
    with store.transaction() as tx:
        pending = tx.actions.pending(before, limit)
    for action in pending:
        assert action.idempotency_key is not None  # only keyed writes are pending
        done = backoffice.recorded(action.idempotency_key)
        with store.transaction() as tx:
            if done is None:
                outcome, result = ActionOutcome.error, {"error": "not applied: the turn ended"}
            else:
                outcome, result = ActionOutcome.ok, done.result
            tx.actions.settle(action.idempotency_key, outcome, result)
            record_backoffice_action(
                tx, AI_ACTOR, action.name, action.arguments, outcome.value, action.conversation_id
            )
    return len(pending)


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
        if call.idempotency_key is not None:  # recorded before it was sent: settle it
            tx.actions.settle(call.idempotency_key, call.outcome, call.result)
        else:
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
