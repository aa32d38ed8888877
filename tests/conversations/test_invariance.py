"""Invariance (CheckList-style): a customer who says the same thing differently gets the same
outcome.

Every development scenario is played once as written and once with each customer turn rewritten
by a meaning-preserving perturbation (``perturb.py``: lowercase, no punctuation, common typos in
words that carry no request, contractions, fillers, polite padding). The outcome (the writes
with their arguments, whether and where the conversation was handed off, its final status)
must be the same. Each perturbation must keep the outcome of at least ``MIN_INVARIANT`` of the
scenarios; the ones that change are listed in the failure, with both outcomes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from chat_session import ChatSession
from perturb import PERTURBATIONS, perturb
from scenario import ConversationView, Scenario, load_scenarios
from sqlalchemy import Engine

from frontline.agent.engine.turn import Agent
from frontline.agent.reading.understander import Understander
from frontline.agent.retail.pack import RETAIL
from frontline.backoffice.retail.memory import InMemoryRetailStore
from frontline.backoffice.retail.operations import RetailBackOffice
from frontline.backoffice.retail.records import StoreData
from frontline.storage.sql_store import SqlStore

MIN_INVARIANT = 0.95
SCENARIOS = [s for s in load_scenarios(Path(__file__).parent / "scenarios") if s.known_gap is None]
WRITES = {
    "cancel_pending_order",
    "modify_pending_order_address",
    "modify_pending_order_items",
    "modify_pending_order_payment",
    "modify_user_address",
    "return_delivered_order_items",
    "exchange_delivered_order_items",
}


def _outcome(conversation: ConversationView) -> dict[str, object]:
    writes = sorted(
        json.dumps({"name": a["name"], "arguments": a["arguments"]}, sort_keys=True)
        for a in conversation.actions
        if a["name"] in WRITES and a["outcome"] == "ok"
    )
    handoff = conversation.handoff or {}
    return {"writes": writes, "handoff": handoff.get("queue"), "status": conversation.status}


def _play(
    scenario: Scenario,
    rewrite: Callable[[str], str],
    understander: Understander,
    initial: StoreData,
    engine: Engine,
) -> dict[str, object]:
    agent = Agent(understander, RetailBackOffice(InMemoryRetailStore(initial)), pack=RETAIL)
    session = ChatSession(SqlStore(engine), agent)
    for step in scenario.steps:
        session.send(rewrite(step.customer))
    return _outcome(session.finish())


@pytest.mark.parametrize("name", sorted(PERTURBATIONS))
def test_that_a_customer_gets_the_same_outcome_when_saying_it_differently(
    name: str,
    understander: Understander,
    tau2_store: StoreData,
    demo_store: StoreData,
    scenario_engine: Engine,
) -> None:
    changed = []
    for scenario in SCENARIOS:
        # given: the scenario's outcome as written
        initial = tau2_store if scenario.store == "tau2" else demo_store
        written = _play(scenario, lambda t: t, understander, initial, scenario_engine)
        # when: every customer turn is said differently
        said = _play(scenario, lambda t: perturb(t, name), understander, initial, scenario_engine)
        if said != written:
            changed.append(f"{scenario.id}:\n  as written {written}\n  perturbed  {said}")
    # then: the outcome stays the same for nearly every scenario
    invariant = 1 - len(changed) / len(SCENARIOS)
    assert invariant >= MIN_INVARIANT, (
        f"{name}: {invariant:.1%} invariant, {len(changed)} of {len(SCENARIOS)} changed\n"
        + "\n".join(changed)
    )
