"""SLA clocks against hand-computed expectations: pause while pending, reopen, queue change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from frontline.domain.calendars import calendar_from_hours
from frontline.domain.conversations import Channel, ConversationStatus, Priority
from frontline.domain.sla import (
    Evaluation,
    Fact,
    FactKind,
    SlaConditions,
    SlaMetric,
    SlaPolicy,
    SlaState,
    SlaTarget,
    Subject,
    evaluate,
    select_policy,
)

OFFICE = calendar_from_hours(
    "office",
    "Europe/Berlin",
    {d: ["09:00-12:00", "13:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
)
GENERAL = Subject(Channel.chat, "general", Priority.normal)
OPEN = ConversationStatus.open


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def policy(
    *targets: SlaTarget, queues: frozenset[str] = frozenset(), position: int = 0
) -> SlaPolicy:
    return SlaPolicy(
        name="p",
        position=position,
        conditions=SlaConditions(queues=queues),
        targets={Priority.normal: targets, Priority.urgent: targets},
        calendar=OFFICE,
    )


def clock(evaluation: Evaluation, metric: SlaMetric):  # type: ignore[no-untyped-def]
    return next(c for c in evaluation.clocks if c.metric is metric)


def msg(at: datetime) -> Fact:
    return Fact(at, FactKind.customer_message)


def reply(at: datetime) -> Fact:
    return Fact(at, FactKind.staff_reply)


def status(at: datetime, to: ConversationStatus) -> Fact:
    return Fact(at, FactKind.status, to.value)


def test_that_a_first_reply_clock_counts_business_hours_over_a_weekend() -> None:
    # given a 4-business-hour first reply target and a message on Friday 16:00 Berlin
    rules = [policy(SlaTarget(SlaMetric.first_reply, 240))]
    # when it is Saturday noon
    result = evaluate(rules, GENERAL, OPEN, [msg(utc(2026, 1, 9, 15))], utc(2026, 1, 10, 11))
    # then one business hour has passed and it is due Monday 12:00 Berlin
    first = clock(result, SlaMetric.first_reply)
    assert first.state is SlaState.active
    assert first.elapsed_seconds == 3600
    assert first.due_at == utc(2026, 1, 12, 11)
    assert first.warn_at == utc(2026, 1, 12, 10, 45)


def test_that_a_reply_before_the_target_achieves_it() -> None:
    rules = [policy(SlaTarget(SlaMetric.first_reply, 60, business_hours=False))]
    facts = [msg(utc(2026, 1, 12, 9)), reply(utc(2026, 1, 12, 9, 40))]
    first = clock(
        evaluate(rules, GENERAL, OPEN, facts, utc(2026, 1, 12, 12)), SlaMetric.first_reply
    )
    assert first.state is SlaState.achieved
    assert first.elapsed_seconds == 40 * 60
    assert first.due_at is None


def test_that_a_late_reply_leaves_the_target_breached_at_the_deadline() -> None:
    rules = [policy(SlaTarget(SlaMetric.first_reply, 60, business_hours=False))]
    facts = [msg(utc(2026, 1, 12, 9)), reply(utc(2026, 1, 12, 10, 30))]
    first = clock(
        evaluate(rules, GENERAL, OPEN, facts, utc(2026, 1, 12, 12)), SlaMetric.first_reply
    )
    assert first.state is SlaState.breached
    assert first.breached_at == utc(2026, 1, 12, 10)


def test_that_the_clock_pauses_while_pending() -> None:
    # given a 60-minute calendar-time target; pending from 10:20 to 11:00
    rules = [policy(SlaTarget(SlaMetric.first_reply, 60, business_hours=False))]
    facts = [
        msg(utc(2026, 1, 12, 10)),
        status(utc(2026, 1, 12, 10, 20), ConversationStatus.pending),
        status(utc(2026, 1, 12, 11), OPEN),
    ]
    # when it is pending, then the clock is paused with 40 minutes left
    paused = clock(
        evaluate(rules, GENERAL, OPEN, facts[:2], utc(2026, 1, 12, 10, 50)), SlaMetric.first_reply
    )
    assert paused.state is SlaState.paused
    assert paused.remaining_seconds == 40 * 60
    assert paused.due_at is None
    # when it is 11:30, then 50 minutes were counted and it is due at 11:40
    running = clock(
        evaluate(rules, GENERAL, OPEN, facts, utc(2026, 1, 12, 11, 30)), SlaMetric.first_reply
    )
    assert running.state is SlaState.active
    assert running.elapsed_seconds == 50 * 60
    assert running.due_at == utc(2026, 1, 12, 11, 40)


def test_that_a_reopen_resumes_the_resolution_clock_and_starts_a_next_reply() -> None:
    # given 8 business hours to resolve; Monday 09:00-11:00 Berlin to resolution
    rules = [
        policy(
            SlaTarget(SlaMetric.resolution, 480),
            SlaTarget(SlaMetric.next_reply, 120),
            SlaTarget(SlaMetric.first_reply, 60),
        )
    ]
    facts = [
        msg(utc(2026, 1, 12, 8)),
        reply(utc(2026, 1, 12, 8, 30)),
        status(utc(2026, 1, 12, 10), ConversationStatus.resolved),
        msg(utc(2026, 1, 13, 8)),  # Tuesday 09:00 Berlin: the customer writes again
        status(utc(2026, 1, 13, 8), OPEN),
    ]
    result = evaluate(rules, GENERAL, ConversationStatus.open, facts, utc(2026, 1, 13, 9))
    # then 3 business hours count towards resolution; 5 remain: 10-12 and 13-16 Berlin
    resolution = clock(result, SlaMetric.resolution)
    assert resolution.state is SlaState.active
    assert resolution.elapsed_seconds == 3 * 3600
    assert resolution.due_at == utc(2026, 1, 13, 15)
    # and the reopening message waits for a next reply, due 11:00 Berlin
    assert clock(result, SlaMetric.next_reply).due_at == utc(2026, 1, 13, 10)
    # and the first reply stays achieved: a reopen is not a new conversation
    assert clock(result, SlaMetric.first_reply).state is SlaState.achieved


def test_that_while_resolved_every_clock_is_stopped() -> None:
    rules = [policy(SlaTarget(SlaMetric.resolution, 60, business_hours=False))]
    facts = [msg(utc(2026, 1, 12, 9)), status(utc(2026, 1, 12, 9, 30), ConversationStatus.resolved)]
    resolution = clock(
        evaluate(rules, GENERAL, OPEN, facts, utc(2026, 1, 14)), SlaMetric.resolution
    )
    assert resolution.state is SlaState.achieved
    assert resolution.elapsed_seconds == 30 * 60


def test_that_a_queue_change_measures_the_history_against_the_new_policy() -> None:
    # given 4 hours in billing and 1 hour for vip, calendar time
    rules = [
        policy(
            SlaTarget(SlaMetric.first_reply, 240, business_hours=False),
            queues=frozenset({"billing"}),
        ),
        policy(
            SlaTarget(SlaMetric.first_reply, 60, business_hours=False), queues=frozenset({"vip"})
        ),
    ]
    billing = Subject(Channel.chat, "billing", Priority.normal)
    facts = [msg(utc(2026, 1, 12, 10)), Fact(utc(2026, 1, 12, 10, 30), FactKind.queue, "vip")]
    before = evaluate(rules, billing, OPEN, facts[:1], utc(2026, 1, 12, 10, 20))
    assert clock(before, SlaMetric.first_reply).due_at == utc(2026, 1, 12, 14)
    # when moved to vip at 10:30, then it is due at 11:00, and breached by 11:15
    after = evaluate(rules, billing, OPEN, facts, utc(2026, 1, 12, 10, 30))
    assert clock(after, SlaMetric.first_reply).due_at == utc(2026, 1, 12, 11)
    late = clock(
        evaluate(rules, billing, OPEN, facts, utc(2026, 1, 12, 11, 15)), SlaMetric.first_reply
    )
    assert late.state is SlaState.breached
    assert late.breached_at == utc(2026, 1, 12, 11)


def test_that_periodic_updates_do_not_move_the_next_reply_target() -> None:
    # given next reply within 2 hours and an update every 30 minutes (calendar time)
    rules = [
        policy(
            SlaTarget(SlaMetric.next_reply, 120, business_hours=False),
            SlaTarget(SlaMetric.periodic_update, 30, business_hours=False),
        )
    ]
    start = utc(2026, 1, 12, 9)
    facts = [msg(start), reply(start + timedelta(minutes=5)), msg(start + timedelta(minutes=10))]
    result = evaluate(rules, GENERAL, OPEN, facts, start + timedelta(minutes=20))
    assert clock(result, SlaMetric.next_reply).due_at == start + timedelta(minutes=130)
    assert clock(result, SlaMetric.periodic_update).due_at == start + timedelta(minutes=35)
    assert result.next_due_at == start + timedelta(minutes=35)


def test_that_the_first_matching_policy_by_position_applies() -> None:
    loose = policy(SlaTarget(SlaMetric.first_reply, 600), position=2)
    strict = SlaPolicy(
        name="vip email",
        position=1,
        conditions=SlaConditions(
            channels=frozenset({Channel.email}), customer_tags=frozenset({"vip"})
        ),
        targets={Priority.normal: (SlaTarget(SlaMetric.first_reply, 30, business_hours=False),)},
    )
    vip = Subject(Channel.email, "general", Priority.normal, frozenset({"vip", "b2b"}))
    assert select_policy([loose, strict], vip) is strict
    assert select_policy([loose, strict], GENERAL) is loose
    assert select_policy([strict], GENERAL) is None


def test_that_no_policy_means_no_clocks() -> None:
    rules = [policy(SlaTarget(SlaMetric.first_reply, 60), queues=frozenset({"vip"}))]
    result = evaluate(rules, GENERAL, OPEN, [msg(utc(2026, 1, 12, 9))], utc(2026, 1, 12, 10))
    assert result.policy is None
    assert result.clocks == ()
