"""KPIs of a constructed event log against figures computed by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from frontline.analytics.kpis import (
    Dimension,
    KpiTotals,
    conversation_facts,
    facts_from_log,
    group_facts,
)
from frontline.analytics.working_time import CalendarHours
from frontline.domain.events import Event, EventKind
from frontline.domain.ids import ConversationId

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
AS_OF = datetime(2026, 11, 5, 0, 0, tzinfo=UTC)


class Log:
    """Builds events with increasing ids; ``at`` is minutes after T0."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(
        self, cid: str, kind: EventKind, minute: float, actor: str = "system", **data: Any
    ) -> None:
        self.events.append(
            Event(
                id=len(self.events) + 1,
                kind=kind,
                conversation_id=ConversationId(cid),
                actor=actor,
                data=data,
                created_at=T0 + timedelta(minutes=minute),
            )
        )

    def status(self, cid: str, minute: float, old: str, new: str, actor: str = "system") -> None:
        self.add(cid, EventKind.status_changed, minute, actor, **{"from": old, "to": new})


def _month_log() -> Log:
    log = Log()
    # c1: chat, the AI answers at once and resolves it when the customer confirms; CSAT 5
    log.add("c1", EventKind.conversation_started, 0, channel="chat")
    log.add("c1", EventKind.message_received, 0, "customer:x")
    log.add("c1", EventKind.reply_sent, 1, "ai", author_kind="ai")
    log.status("c1", 1, "open", "pending", "ai")
    log.add("c1", EventKind.message_received, 5, "customer:x")
    log.add("c1", EventKind.reply_sent, 5, "ai", author_kind="ai")
    log.status("c1", 5, "pending", "resolved", "ai")
    log.add("c1", EventKind.csat_answered, 6, "customer:x", score=5)
    # c2: email, the AI hands off to billing; ana takes it at 30, replies at 40, resolves at 100;
    # the customer writes again at 200 (reopen), ana resolves again at 260; CSAT 2
    log.add("c2", EventKind.conversation_started, 10, channel="email")
    log.add("c2", EventKind.message_received, 10, "customer:y")
    log.add("c2", EventKind.reply_sent, 12, "ai", author_kind="ai")
    log.add("c2", EventKind.handed_off, 12, "ai", queue="billing", reason="asked")
    log.status("c2", 12, "open", "escalated", "ai")
    log.add("c2", EventKind.assigned, 30, "human:ana", **{"from": None, "to": "ana"})
    log.add("c2", EventKind.reply_sent, 40, "human:ana", author_kind="human")
    log.status("c2", 40, "escalated", "pending", "human:ana")
    log.status("c2", 100, "pending", "resolved", "human:ana")
    log.add("c2", EventKind.message_received, 200, "customer:y")
    log.status("c2", 200, "resolved", "open")
    log.status("c2", 260, "open", "resolved", "human:ana")
    log.add("c2", EventKind.csat_answered, 261, "customer:y", score=2)
    # c3: chat, the AI answered and the customer never wrote back (assumed resolution)
    log.add("c3", EventKind.conversation_started, 20, channel="chat")
    log.add("c3", EventKind.message_received, 20, "customer:z")
    log.add("c3", EventKind.reply_sent, 20.5, "ai", author_kind="ai")
    # c4: chat, nobody answered yet: backlog, open since minute 60 of day one
    log.add("c4", EventKind.conversation_started, 60, channel="chat")
    log.add("c4", EventKind.message_received, 60, "customer:w")
    return log


def test_that_conversation_facts_match_the_hand_computed_figures() -> None:
    # given the c2 conversation (hand-off, reopen, two resolutions)
    log = _month_log()
    c2 = [e for e in log.events if e.conversation_id == "c2"]

    # when its facts are computed
    facts = conversation_facts(c2, AS_OF, CalendarHours())

    # then each figure is the one counted by hand from the timeline
    assert facts is not None
    assert facts.first_reply_seconds == 2 * 60
    # waiting on us: open 10-12, escalated 12-40, open 200-260 = 2 + 28 + 60 minutes
    assert facts.requester_wait_seconds == 90 * 60
    assert facts.resolution_seconds == 250 * 60  # from start (10) to the last resolution (260)
    assert facts.handle_seconds == 230 * 60  # from ana's assignment (30) to resolution (260)
    assert (facts.queue, facts.agent, facts.handler, facts.channel) == (
        "billing",
        "ana",
        "human",
        "email",
    )
    assert facts.reopens == 1
    assert facts.escalated
    assert facts.ai_involved
    assert not facts.confirmed_ai_resolution


def test_that_the_kpis_of_a_log_match_the_hand_computed_figures() -> None:
    # given four conversations: AI-resolved, handed off and reopened, assumed, unanswered
    log = _month_log()

    # when the KPIs of the whole log are computed
    totals = group_facts(facts_from_log(log.events, AS_OF, CalendarHours()), [])[()]
    kpis = totals.kpis()

    # then
    assert kpis["conversations"] == 4
    assert kpis["first_reply_seconds_mean"] == pytest.approx((60 + 120 + 30) / 3)
    assert kpis["resolved"] == 2
    assert kpis["full_resolution_seconds_mean"] == pytest.approx((5 * 60 + 250 * 60) / 2)
    assert kpis["requester_wait_seconds_mean"] == pytest.approx((1 * 60 + 90 * 60) / 2)
    assert kpis["handle_seconds_mean"] == 230 * 60
    assert kpis["reopen_rate"] == 0.5
    assert kpis["first_contact_resolution_rate"] == 0.5  # c1
    assert kpis["one_touch_rate"] == 0.0  # c1 took two AI replies, c2 was reopened
    assert kpis["csat_answers"] == 2
    assert kpis["csat_satisfied_rate"] == 0.5
    assert kpis["csat_mean"] == 3.5
    assert kpis["ai_conversations"] == 3
    assert kpis["ai_confirmed_resolutions"] == 1  # c1
    assert kpis["ai_assumed_resolutions"] == 1  # c3: silent for more than 24 hours
    assert kpis["ai_escalation_rate"] == pytest.approx(1 / 3)
    assert kpis["ai_containment_rate"] == pytest.approx(2 / 3)
    assert kpis["backlog"] == 2  # c3 and c4 are still waiting
    c3_age = (AS_OF - (T0 + timedelta(minutes=20))).total_seconds()
    c4_age = (AS_OF - (T0 + timedelta(minutes=60))).total_seconds()
    assert kpis["backlog_age_seconds_mean"] == pytest.approx((c3_age + c4_age) / 2)


def test_that_kpis_split_by_channel_and_handler_add_up_to_the_whole() -> None:
    # given the log grouped by channel and handler
    facts = facts_from_log(_month_log().events, AS_OF, CalendarHours())
    groups = group_facts(facts, [Dimension.channel, Dimension.handler])

    # when the groups are added back together
    whole = KpiTotals()
    for totals in groups.values():
        whole.add(totals)

    # then each slice holds its own conversations and the sum is the ungrouped totals
    assert sorted(groups) == [("chat", "ai"), ("email", "human")]
    assert groups[("email", "human")].kpis()["csat_mean"] == 2
    assert whole.sums() == group_facts(facts, [])[()].sums()


def test_that_a_customer_answer_within_a_day_is_not_an_assumed_resolution() -> None:
    # given c3 seen only two hours after the AI's answer
    c3 = [e for e in _month_log().events if e.conversation_id == "c3"]

    # when its facts are computed then
    facts = conversation_facts(c3, T0 + timedelta(hours=2), CalendarHours())
    assert facts is not None
    assert not facts.assumed_ai_resolution
