"""Contact reasons: why customers wrote, read from the event log, and their weekly trend.

A conversation's reasons are the intents the AI recognised in its customer's requests
(``intent_recognized`` events, one per AI turn) and the tags it carries now (the last
``tags_changed``). Each reason is a key ``"<source>:<name>"``::

    intent:cancel_order     the AI heard a request to cancel an order
    tag:billing             a human (or a rule) tagged the conversation "billing"

A turn names a reason only when the customer stated a request: the classifier's confidence
is at least ``REASON_CONFIDENCE``, the intent is not out of scope, and the message was not the
answer to a question the agent asked (an order id given when asked for it reads like "order
status" but is no new reason). A conversation counts once per reason, in the UTC day it
started, like the KPIs.

Trends are counted in 7-day windows that end on the report's last day, so the newest window is
always a full week. A reason is **emerging** when its newest week has at least
``EMERGING_MIN_COUNT`` conversations and at least ``EMERGING_FACTOR`` times the mean of the
``TRAILING_WEEKS`` weeks before it (a reason never seen before qualifies on the minimum alone).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from frontline.domain.events import Event, EventKind

REASON_CONFIDENCE = 0.6  # the engine's own bar for a new request (agent.engine.INTENT_CONFIDENCE)
OUT_OF_SCOPE = "oos"
# Questions whose answer may be a new request: "anything else?", "how can I help?"
OPEN_QUESTIONS = frozenset({"free_text", "anything_else"})
TRAILING_WEEKS = 4
EMERGING_MIN_COUNT = 5
EMERGING_FACTOR = 2.0
WEEK = timedelta(days=7)


class ReasonSource(StrEnum):
    intent = "intent"  # recognised by the AI in a customer's request
    tag = "tag"  # a tag on the conversation


@dataclass(frozen=True, slots=True)
class ConversationReasons:
    conversation_id: str
    day: str  # ISO date (UTC) of conversation_started
    reasons: frozenset[str]


def reason_key(source: ReasonSource, name: str) -> str:
    return f"{source.value}:{name}"


def split_reason(key: str) -> tuple[str, str]:
    source, _, name = key.partition(":")
    return source, name


def turn_intents(data: Mapping[str, Any]) -> list[str]:
    """The request intents one ``intent_recognized`` event names as contact reasons."""
    answering = data.get("answering")
    if answering is not None and answering not in OPEN_QUESTIONS:
        return []
    requests = [r for r in data.get("requests") or [] if isinstance(r, Mapping)]
    candidates = requests or [data]
    return [
        str(r["intent"])
        for r in candidates
        if r.get("intent")
        and r["intent"] != OUT_OF_SCOPE
        and float(r.get("confidence") or 0.0) >= REASON_CONFIDENCE
    ]


def conversation_reasons(events: Iterable[Event]) -> ConversationReasons | None:
    """Fold one conversation's events (log order) into its reasons; None before it started."""
    day: str | None = None
    cid = ""
    intents: set[str] = set()
    tags: list[str] = []
    for event in events:
        if event.kind is EventKind.conversation_started:
            day = event.created_at.date().isoformat()
            cid = str(event.conversation_id)
        elif event.kind is EventKind.intent_recognized:
            intents.update(turn_intents(event.data))
        elif event.kind is EventKind.tags_changed:
            tags = [str(tag) for tag in event.data.get("to") or []]
    if day is None:
        return None
    reasons = {reason_key(ReasonSource.intent, i) for i in intents}
    reasons |= {reason_key(ReasonSource.tag, t) for t in tags}
    return ConversationReasons(cid, day, frozenset(reasons))


def week_starts(first_day: date, last_day: date) -> list[date]:
    """First days of the 7-day windows ending on ``last_day`` that cover ``first_day``."""
    starts = [last_day - WEEK + timedelta(days=1)]
    while starts[0] > first_day:
        starts.insert(0, starts[0] - WEEK)
    return starts


def is_emerging(current: int, previous: Sequence[int]) -> bool:
    mean = sum(previous) / len(previous) if previous else 0.0
    return current >= EMERGING_MIN_COUNT and current >= EMERGING_FACTOR * mean and current > mean


@dataclass(frozen=True, slots=True)
class ReasonTrend:
    reason: str
    weeks: tuple[tuple[date, int], ...]  # (first day of the week, conversations), oldest first
    total: int  # conversations with this reason in the report's period
    current: int  # in the newest week
    trailing_mean: float  # mean of the TRAILING_WEEKS weeks before the newest
    emerging: bool

    @property
    def source(self) -> str:
        return split_reason(self.reason)[0]

    @property
    def name(self) -> str:
        return split_reason(self.reason)[1]


def reason_trends(
    daily: Mapping[tuple[str, str], int], first_day: date, last_day: date
) -> list[ReasonTrend]:
    """Trends from ``{(ISO day, reason): conversations}``, which must hold the
    ``TRAILING_WEEKS`` weeks before the period too; most frequent reasons first."""
    starts = week_starts(first_day, last_day)
    newest = starts[-1]
    trailing = [newest - WEEK * n for n in range(TRAILING_WEEKS, 0, -1)]
    buckets: dict[str, dict[date, int]] = {}
    totals: dict[str, int] = {}
    period = (first_day.isoformat(), last_day.isoformat())
    for (day, reason), count in daily.items():
        when = date.fromisoformat(day)
        if when > last_day:
            continue
        week = newest - WEEK * ((last_day - when).days // 7)
        per_week = buckets.setdefault(reason, {})
        per_week[week] = per_week.get(week, 0) + count
        if period[0] <= day <= period[1]:
            totals[reason] = totals.get(reason, 0) + count
    trends = []
    for reason, per_week in buckets.items():
        if not totals.get(reason):
            continue
        current = per_week.get(newest, 0)
        previous = [per_week.get(w, 0) for w in trailing]
        trends.append(
            ReasonTrend(
                reason=reason,
                weeks=tuple((w, per_week.get(w, 0)) for w in starts),
                total=totals[reason],
                current=current,
                trailing_mean=sum(previous) / len(previous),
                emerging=is_emerging(current, previous),
            )
        )
    return sorted(trends, key=lambda t: (-t.total, t.reason))
