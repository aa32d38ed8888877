"""The message path cannot half-commit: a crash in an agent turn loses nothing and doubles no
write, and two turns of one conversation never overwrite each other's state.

Service-level, on the generated demo store, with the real agent, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from frontline.agent.engine.tools import WriteJournal
from frontline.agent.engine.turn import Turn
from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.bootstrap import Frontline, build
from frontline.config import Settings
from frontline.domain.actions import ActionOutcome
from frontline.domain.conversations import Channel
from frontline.domain.ids import ConversationId
from frontline.services.agent_turns import (
    ActionJournal,
    Recovery,
    Responder,
    finish_interrupted_turns,
)
from frontline.services.customer_access import start_customer_conversation
from frontline.services.demo import reset_backoffice
from frontline.services.messages import receive_customer_message

MAREN = DEMO_CUSTOMERS[0]
RETURN = "return_delivered_order_items"
NOW = timedelta(0)  # recovery takes every owed turn, however recent


def _far_future() -> datetime:
    return datetime.now(UTC) + timedelta(days=1)


class Crash(BaseException):
    """The process dies here (nothing after this point runs)."""


@pytest.fixture
def frontline(settings: Settings, engine: Engine) -> Frontline:
    frontline = build(settings.model_copy(update={"agent_enabled": True}), engine)
    reset_backoffice(frontline)
    return frontline


def _agent(frontline: Frontline) -> Responder:
    assert frontline.agent is not None
    return frontline.agent


def _return_waiting_for_yes(frontline: Frontline) -> ConversationId:
    """Maren's return of her floor lamp, listed and waiting for her yes."""
    agent = _agent(frontline)
    started = start_customer_conversation(
        frontline.store,
        Channel.chat,
        f"I want to return the floor lamp, my email is {MAREN.email}",
        None,
        frontline.limits,
        responder=agent,
    )
    cid = started.outcome.conversation.id
    asked = receive_customer_message(
        frontline.store, cid, "to my visa card please", frontline.limits, responder=agent
    )
    assert asked.replies[-1].awaiting == "confirmation"
    return cid


def _say_yes_and_crash(
    frontline: Frontline, cid: ConversationId, crashing: Callable[[Responder], Responder]
) -> None:
    """Maren says yes, and the process dies where ``crashing`` makes it die."""
    with pytest.raises(Crash):
        receive_customer_message(
            frontline.store, cid, "yes", frontline.limits, responder=crashing(_agent(frontline))
        )


def _sweep(frontline: Frontline) -> Recovery:
    """The worker's sweep, taking every owed turn however recent."""
    return finish_interrupted_turns(frontline.store, _agent(frontline), frontline.backoffice, NOW)


def _returns(frontline: Frontline, cid: ConversationId) -> list[tuple[ActionOutcome, str | None]]:
    with frontline.store.transaction() as tx:
        actions = tx.actions.for_conversation(cid)
    return [(a.outcome, a.idempotency_key) for a in actions if a.name == RETURN]


def _order_status(frontline: Frontline) -> str:
    order = frontline.backoffice.call("get_order_details", {"order_id": MAREN.delivered_order_id})
    assert isinstance(order, dict)
    return str(order["status"])


class CrashAfterTurn:
    """The agent's turn runs (its writes reach the back office), then the process dies."""

    def __init__(self, agent: Responder) -> None:
        self._agent = agent

    def respond(
        self, state: dict[str, object] | None, text: str, journal: WriteJournal | None = None
    ) -> Turn:
        self._agent.respond(state, text, journal)
        raise Crash


class _JournalThenCrash:
    def __init__(self, journal: WriteJournal) -> None:
        self._journal = journal

    def before_write(self, name: str, arguments: Mapping[str, Any]) -> str:
        self._journal.before_write(name, arguments)
        raise Crash

    def replay(self, name: str, arguments: Mapping[str, Any]) -> str | None:
        return self._journal.replay(name, arguments)


class CrashBeforeWrite:
    """The write is recorded as pending, then the process dies before sending it."""

    def __init__(self, agent: Responder) -> None:
        self._agent = agent

    def respond(
        self, state: dict[str, object] | None, text: str, journal: WriteJournal | None = None
    ) -> Turn:
        assert journal is not None
        return self._agent.respond(state, text, _JournalThenCrash(journal))


def test_that_a_crash_after_the_write_leaves_it_recorded_and_recovery_finishes_the_turn(
    frontline: Frontline,
) -> None:
    # given a return waiting for Maren's yes
    cid = _return_waiting_for_yes(frontline)

    # when she says yes and the process dies after the back office did the return
    _say_yes_and_crash(frontline, cid, CrashAfterTurn)
    after_crash = _returns(frontline, cid)
    status_after_crash = _order_status(frontline)
    # and the worker's sweep finds the turn still owed
    recovery = _sweep(frontline)

    # then the write was on record from before it was sent, the turn ran again without
    # doing it twice, and Maren got her answer
    assert [outcome for outcome, _ in after_crash] == [ActionOutcome.pending]
    assert status_after_crash == "return requested"
    assert recovery.turns == 1
    assert _returns(frontline, cid) == [(ActionOutcome.ok, after_crash[0][1])]
    with frontline.store.transaction() as tx:
        messages = tx.messages.for_conversation(cid)
        owed = tx.agent_states.turns_due(_far_future(), 10)
    yes = next(m for m in reversed(messages) if m.text == "yes")
    answer = " ".join(m.text for m in messages if m.in_reply_to == yes.id)
    assert "return requested" in answer
    assert owed == []
    history = frontline.backoffice.call("get_order_details", {"order_id": MAREN.delivered_order_id})
    assert isinstance(history, dict)
    assert history["return_items"] == ["1161042648"]


def test_that_a_crash_before_the_write_was_sent_makes_it_once_on_recovery(
    frontline: Frontline,
) -> None:
    # given a return waiting for Maren's yes
    cid = _return_waiting_for_yes(frontline)

    # when she says yes and the process dies once the write is on record, before it is sent
    _say_yes_and_crash(frontline, cid, CrashBeforeWrite)
    status_after_crash = _order_status(frontline)
    recovery = _sweep(frontline)

    # then nothing had happened yet; recovery ran the confirmed turn and made the return once
    assert status_after_crash == "delivered"
    assert recovery.turns == 1
    assert [outcome for outcome, _ in _returns(frontline, cid)] == [ActionOutcome.ok]
    assert _order_status(frontline) == "return requested"


def test_that_pending_writes_of_a_turn_that_ended_without_them_are_settled_from_the_back_office(
    frontline: Frontline,
) -> None:
    # given a conversation with two writes on record as pending: one the back office made,
    # one that was never sent
    cid = _return_waiting_for_yes(frontline)
    with frontline.store.transaction() as tx:
        message = tx.messages.for_conversation(cid)[-1]
    journal = ActionJournal(frontline.store, cid, message.id)
    sent = {"order_id": MAREN.pending_order_id, "reason": "no longer needed"}
    sent_key = journal.before_write("cancel_pending_order", sent)
    frontline.backoffice.call("cancel_pending_order", sent, idempotency_key=sent_key)
    unsent = {**sent, "reason": "ordered by mistake"}
    unsent_key = journal.before_write("cancel_pending_order", unsent)

    # when the sweep runs
    recovery = _sweep(frontline)

    # then the one made is ok with the back office's result, the other one an error
    with frontline.store.transaction() as tx:
        made = tx.actions.find_by_key(sent_key)
        never = tx.actions.find_by_key(unsent_key)
    assert recovery.settled == 2
    assert made is not None
    assert made.outcome is ActionOutcome.ok
    assert made.result["status"] == "cancelled"
    assert never is not None
    assert never.outcome is ActionOutcome.error


class AnswersAnotherMessageFirst:
    """While this turn runs, another turn of the same conversation stores its state first."""

    def __init__(self, frontline: Frontline, cid: ConversationId, text: str) -> None:
        self._frontline = frontline
        self._cid = cid
        self._text = text
        self.calls = 0

    def respond(
        self, state: dict[str, object] | None, text: str, journal: WriteJournal | None = None
    ) -> Turn:
        self.calls += 1
        agent = _agent(self._frontline)
        if self.calls == 1:
            receive_customer_message(
                self._frontline.store,
                self._cid,
                self._text,
                self._frontline.limits,
                responder=agent,
            )
        return agent.respond(state, text, journal)


def test_that_a_turn_that_lost_the_race_runs_again_on_the_newer_state(
    frontline: Frontline,
) -> None:
    # given a conversation whose first turn asked for the customer's identity
    agent = _agent(frontline)
    started = start_customer_conversation(
        frontline.store,
        Channel.chat,
        "I want to return the floor lamp",
        None,
        frontline.limits,
        responder=agent,
    )
    cid = started.outcome.conversation.id

    # when her email and the payment choice are answered concurrently: the payment turn read
    # the state first, but the email turn stored first
    racing = AnswersAnotherMessageFirst(frontline, cid, f"my email is {MAREN.email}")
    second = receive_customer_message(
        frontline.store, cid, "to my visa card please", frontline.limits, responder=racing
    )

    # then the payment turn ran twice and its answer builds on the email turn: nothing lost
    assert racing.calls == 2
    assert second.replies[-1].awaiting == "confirmation"
    with frontline.store.transaction() as tx:
        state = tx.agent_states.read(cid)
        owed = tx.agent_states.turns_due(_far_future(), 10)
    assert state.version == 3
    assert owed == []


def test_that_an_interrupted_yes_is_not_taken_up_once_the_customer_has_moved_on(
    frontline: Frontline,
) -> None:
    # given a return waiting for Maren's yes, and her yes interrupted before the write was sent
    cid = _return_waiting_for_yes(frontline)
    _say_yes_and_crash(frontline, cid, CrashBeforeWrite)

    # when she writes again and is answered before the sweep comes
    receive_customer_message(
        frontline.store, cid, "no wait, don't do it", frontline.limits, responder=_agent(frontline)
    )
    recovery = _sweep(frontline)

    # then the old yes confirms nothing: no turn ran for it, and its write stays unmade
    assert recovery.turns == 0
    assert [outcome for outcome, _ in _returns(frontline, cid)] == [ActionOutcome.error]
    assert _order_status(frontline) == "delivered"
