"""Contact reasons and their weekly trend from constructed events, against counts by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from frontline.analytics.reasons import (
    conversation_reasons,
    is_emerging,
    reason_trends,
    turn_intents,
    week_starts,
)
from frontline.domain.events import Event, EventKind
from frontline.domain.ids import ConversationId

LAST_DAY = date(2026, 11, 30)  # a Monday: weeks run Tuesday to Monday in this report


def _event(kind: EventKind, day: date, **data: Any) -> Event:
    at = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    return Event(1, kind, ConversationId("c1"), "ai", data, at)


def _turn(intent: str, confidence: float, answering: str | None = None, **extra: Any) -> Event:
    data = {"intent": intent, "confidence": confidence, "answering": answering, **extra}
    return _event(EventKind.intent_recognized, LAST_DAY, **data)


def test_that_a_conversation_has_its_confident_request_intents_and_its_last_tags() -> None:
    # given a conversation asking to cancel, then giving its order id when asked for it,
    # then asking where another order is, tagged twice
    events = [
        _event(EventKind.conversation_started, date(2026, 11, 3), channel="chat"),
        _turn("cancel_order", 0.91),
        _turn("order_status", 0.95, answering="order_id"),  # an answer, not a new reason
        _turn("oos", 0.99),
        _turn("product_info", 0.41),  # too unsure
        _turn("order_status", 0.8, answering="anything_else"),
        _event(EventKind.tags_changed, LAST_DAY, **{"from": [], "to": ["vip", "late"]}),
        _event(EventKind.tags_changed, LAST_DAY, **{"from": ["vip", "late"], "to": ["late"]}),
    ]
    # when its reasons are folded
    reasons = conversation_reasons(events)
    # then it counts on the day it started with its two requests and its current tag
    assert reasons is not None
    assert reasons.day == "2026-11-03"
    assert reasons.reasons == {"intent:cancel_order", "intent:order_status", "tag:late"}


def test_that_every_request_of_a_message_with_several_is_a_reason() -> None:
    data = {
        "intent": "cancel_order",
        "confidence": 0.5,
        "requests": [
            {"intent": "cancel_order", "confidence": 0.7},
            {"intent": "order_status", "confidence": 0.65},
            {"intent": "return_items", "confidence": 0.3},
        ],
        "answering": None,
    }
    assert turn_intents(data) == ["cancel_order", "order_status"]


def test_that_a_conversation_without_its_start_has_no_reasons_yet() -> None:
    assert conversation_reasons([_turn("cancel_order", 0.9)]) is None


def test_that_weeks_are_seven_day_windows_ending_on_the_last_day() -> None:
    starts = week_starts(date(2026, 11, 10), LAST_DAY)
    assert starts == [date(2026, 11, 10), date(2026, 11, 17), date(2026, 11, 24)]
    assert week_starts(date(2026, 11, 9), LAST_DAY)[0] == date(2026, 11, 3)


def test_that_a_reason_doubling_its_trailing_mean_is_emerging() -> None:
    # given four quiet weeks of returns and refunds, then a surge of returns in the newest week,
    # a steady reason, and a brand-new reason seen a few times
    newest = LAST_DAY - timedelta(days=6)
    daily: dict[tuple[str, str], int] = {}

    def put(reason: str, week: int, count: int) -> None:
        day = (newest - timedelta(days=7 * week)).isoformat()
        daily[(day, reason)] = count

    for week, count in ((4, 2), (3, 3), (2, 1), (1, 2)):  # trailing mean 2
        put("intent:return_items", week, count)
        put("intent:order_status", week, 10)
    put("intent:return_items", 0, 6)
    put("intent:order_status", 0, 11)
    put("tag:recall", 0, 4)
    put("tag:damaged", 0, 5)
    # when the trend of the last two weeks is computed
    trends = {t.reason: t for t in reason_trends(daily, date(2026, 11, 17), LAST_DAY)}
    # then counts are per week, totals cover the period only, and the flags follow the rule
    returns = trends["intent:return_items"]
    assert returns.weeks == ((date(2026, 11, 17), 2), (date(2026, 11, 24), 6))
    assert returns.total == 8
    assert returns.trailing_mean == 2.0
    assert returns.emerging
    assert not trends["intent:order_status"].emerging  # 11 is not twice 10
    assert not trends["tag:recall"].emerging  # new, but under the minimum of 5
    assert trends["tag:damaged"].emerging  # new and at the minimum
    assert next(iter(trends)) == "intent:order_status"  # most frequent first


def test_that_the_emerging_rule_needs_both_the_minimum_and_the_growth() -> None:
    assert is_emerging(5, [0, 0, 0, 0])
    assert not is_emerging(4, [0, 0, 0, 0])
    assert is_emerging(8, [4, 4, 4, 4])
    assert not is_emerging(7, [4, 4, 4, 4])
    assert not is_emerging(0, [])
