"""Routing on real storage (SQLite and PostgreSQL): capacity under concurrent arrivals,
waiting work handed out when room frees, strategies, manual assignment and queue changes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from sqlalchemy import Engine
from tests.api.console_helpers import make_staff

from frontline.bootstrap import Frontline, build
from frontline.config import Settings
from frontline.domain.conversations import Channel, ConversationStatus
from frontline.domain.ids import ConversationId
from frontline.domain.routing import Presence, Strategy
from frontline.domain.staff import Role, StaffUser
from frontline.services import routing
from frontline.services.conversations import ConversationChanges, update_conversation
from frontline.services.messages import start_conversation


def team(frontline: Frontline, strategy: Strategy, capacity: int, *names: str) -> StaffUser:
    lead = make_staff(frontline, "lead", Role.supervisor)
    routing.create_queue(frontline.store, lead, "billing", strategy)
    for name in names:
        member = make_staff(frontline, name, Role.agent, queues=("billing",))
        routing.set_seat(frontline.store, lead, name, capacity=capacity)
        routing.set_presence(frontline.store, member, Presence.online)
    return lead


def billing_conversation(frontline: Frontline, text: str = "I was charged twice") -> ConversationId:
    outcome = start_conversation(frontline.store, Channel.chat, text, None, frontline.limits)
    update_conversation(
        frontline.store,
        outcome.conversation.id,
        ConversationChanges(queue="billing", status=ConversationStatus.escalated),
        "test",
    )
    return outcome.conversation.id


def holders(frontline: Frontline, ids: list[ConversationId]) -> list[str | None]:
    with frontline.store.transaction() as tx:
        found = [tx.conversations.get(cid) for cid in ids]
    return [c.assignee if c else None for c in found]


def test_that_no_agent_goes_over_capacity_when_work_arrives_at_once(frontline: Frontline) -> None:
    # given three online agents who hold at most two conversations each
    team(frontline, Strategy.least_loaded, 2, "ana", "bo", "cy")
    ids = [billing_conversation(frontline) for _ in range(16)]
    start = Barrier(8)

    def arrive(cid: ConversationId) -> None:
        if cid in ids[:8]:
            start.wait(timeout=30)  # the first eight start together
        routing.route_conversation(frontline.store, cid, "test")

    # when sixteen conversations are routed from eight threads at once
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(arrive, ids))

    # then six are assigned, two to each agent, and ten wait
    assigned = holders(frontline, ids)
    assert sorted(a for a in assigned if a) == ["ana", "ana", "bo", "bo", "cy", "cy"]
    with frontline.store.transaction() as tx:
        assert len(tx.routing.waiting("billing", 100)) == 10

    # when an agent resolves one, the sweep hands the oldest waiting conversation to them
    held_by_ana = ids[assigned.index("ana")]
    update_conversation(
        frontline.store,
        held_by_ana,
        ConversationChanges(status=ConversationStatus.resolved),
        "human:ana",
    )
    assert routing.assign_waiting(frontline.store) == 1
    assert holders(frontline, ids).count("ana") == 3  # two held, one resolved
    with frontline.store.transaction() as tx:
        assert len(tx.routing.waiting("billing", 100)) == 9


def test_that_round_robin_takes_turns_and_skips_who_is_away(frontline: Frontline) -> None:
    # given a round-robin queue of three where bo is away
    team(frontline, Strategy.round_robin, 10, "ana", "bo", "cy")
    with frontline.store.transaction() as tx:
        found = tx.staff.find_by_username("bo")
    assert found is not None
    routing.set_presence(frontline.store, found[0], Presence.away)

    # when four conversations arrive one after another
    ids = [billing_conversation(frontline) for _ in range(4)]
    for cid in ids:
        routing.route_conversation(frontline.store, cid, "test")

    # then ana and cy take turns
    assert holders(frontline, ids) == ["ana", "cy", "ana", "cy"]


def test_that_language_decides_who_may_take_a_conversation(frontline: Frontline) -> None:
    lead = team(frontline, Strategy.least_loaded, 5, "ana", "bo")
    routing.set_seat(frontline.store, lead, "ana", languages=["en"])
    routing.set_seat(frontline.store, lead, "bo", languages=["es", "en"])
    ids = [billing_conversation(frontline, "me cobraron dos veces") for _ in range(2)]

    for cid in ids:
        routing.route_conversation(frontline.store, cid, "test", language="ES")

    assert holders(frontline, ids) == ["bo", "bo"]


def test_that_a_coming_online_agent_picks_up_waiting_work(frontline: Frontline) -> None:
    # given work that arrived while nobody was online
    lead = team(frontline, Strategy.least_loaded, 2)
    ana = make_staff(frontline, "ana", Role.agent, queues=("billing",))
    cid = billing_conversation(frontline)
    routing.route_conversation(frontline.store, cid, "test")
    assert holders(frontline, [cid]) == [None]

    # when ana comes online, she gets it; a supervisor moves it to another queue
    routing.set_presence(frontline.store, ana, Presence.online)
    assert holders(frontline, [cid]) == ["ana"]
    moved = routing.move_to_queue(frontline.store, lead, cid, "Returns")

    # then it leaves ana, and its events say why
    assert (moved.queue, moved.assignee) == ("returns", None)
    with frontline.store.transaction() as tx:
        reasons = [
            (e.kind.value, e.data.get("reason"))
            for e in tx.events.for_conversation(cid)
            if e.kind.value in ("assigned", "queue_changed")
        ]
    assert reasons == [
        ("queue_changed", None),  # the set-up
        ("assigned", "routing"),
        ("assigned", "queue change"),
        ("queue_changed", "queue change"),
    ]


def test_that_a_hand_off_from_the_ai_goes_to_an_online_member_of_its_queue(
    settings: Settings, engine: Engine
) -> None:
    # given the AI on, and a routed general queue where ana is online
    frontline = build(settings.model_copy(update={"agent_enabled": True}), engine)
    lead = make_staff(frontline, "lead", Role.supervisor)
    routing.create_queue(frontline.store, lead, "general", Strategy.round_robin)
    ana = make_staff(frontline, "ana", Role.agent, queues=("general",))
    routing.set_presence(frontline.store, ana, Presence.online)

    # when a customer asks the AI for a person
    outcome = start_conversation(
        frontline.store,
        Channel.chat,
        "I want to talk to a human please",
        None,
        frontline.limits,
        None,
        frontline.agent,
    )

    # then the hand-off is assigned to ana at once, with a routing event
    assert outcome.conversation.handoff is not None
    assert outcome.conversation.queue == "general"
    assert (outcome.conversation.status, outcome.conversation.assignee) == (
        ConversationStatus.escalated,
        "ana",
    )
    with frontline.store.transaction() as tx:
        assigned = [
            (e.actor, e.data["reason"])
            for e in tx.events.for_conversation(outcome.conversation.id)
            if e.kind.value == "assigned"
        ]
    assert assigned == [("ai", "routing")]
