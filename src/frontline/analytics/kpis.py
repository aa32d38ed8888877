"""Support KPIs as pure functions over the event log (definitions: docs/analytics.md).

``conversation_facts`` folds one conversation's events into the figures it contributes;
``KpiTotals`` holds only sums and counts, so totals of days, channels, queues or agents add
up (the worker's rollups store them), and every rate or mean is derived from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from enum import StrEnum

from frontline.analytics.working_time import WorkingTime
from frontline.domain.events import Event, EventKind

DEFAULT_QUEUE = "general"
WAITING_ON_US = frozenset({"open", "escalated"})  # Zendesk's new, open and on-hold
DONE = frozenset({"resolved", "closed"})
ASSUMED_RESOLUTION_AFTER = timedelta(hours=24)
SATISFIED_SCORES = frozenset({4, 5})


class Dimension(StrEnum):
    day = "day"  # the UTC day the conversation started
    channel = "channel"  # chat, email, ...
    queue = "queue"  # the last queue it was in
    agent = "agent"  # the last human who held or answered it ("" when none)
    handler = "handler"  # "ai" when no human took part, else "human"


@dataclass(frozen=True, slots=True)
class ConversationFacts:
    """What one conversation contributes to the KPIs, as of a moment."""

    conversation_id: str
    day: date
    channel: str
    queue: str
    agent: str
    handler: str
    first_reply_seconds: float | None
    requester_wait_seconds: float
    resolution_seconds: float | None  # full resolution time; None while unresolved
    handle_seconds: float | None  # human handle time; None when no human handled it
    resolved: bool
    reopens: int
    agent_replies: int
    ai_involved: bool
    escalated: bool
    confirmed_ai_resolution: bool
    assumed_ai_resolution: bool
    csat_score: int | None
    backlog_age_seconds: float | None  # set while it waits on us or the customer
    assumable_at: datetime | None = None  # when it becomes an assumed AI resolution, if silent


def dimension_value(facts: ConversationFacts, dimension: Dimension) -> str:
    if dimension is Dimension.day:
        return facts.day.isoformat()
    value: str = getattr(facts, dimension.value)
    return value


def _human(actor: str) -> str | None:
    return actor.removeprefix("human:") if actor.startswith("human:") else None


def conversation_facts(  # noqa: PLR0915  # one pass over the events, one branch per kind
    events: Sequence[Event], as_of: datetime, clock: WorkingTime
) -> ConversationFacts | None:
    """The facts of one conversation's events (in log order); None without a start event."""
    start = next((e for e in events if e.kind is EventKind.conversation_started), None)
    if start is None:
        return None
    status, since = "open", start.created_at
    wait = 0.0
    first_reply: datetime | None = None
    resolved_at: datetime | None = None
    human_from: datetime | None = None
    queue, agent = DEFAULT_QUEUE, ""
    reopens = agent_replies = 0
    ai_replies = human_replies = 0
    handed_off = confirmed = False
    csat: int | None = None
    last_ai_reply: datetime | None = None
    last_customer: datetime | None = None
    for event in events:
        at, data = event.created_at, event.data
        if event.kind is EventKind.message_received:
            last_customer = at
        elif event.kind is EventKind.reply_sent:
            first_reply = first_reply or at
            agent_replies += 1
            if data.get("author_kind") == "human":
                human_replies += 1
                agent = _human(event.actor) or agent
                human_from = human_from or at
            else:
                ai_replies += 1
                last_ai_reply = at
        elif event.kind is EventKind.status_changed:
            new = str(data["to"])
            if status in WAITING_ON_US:
                wait += clock.seconds_between(since, at)
            if status in DONE and new not in DONE:
                reopens += 1
            if new == "resolved":
                resolved_at = at
                confirmed = event.actor == "ai"
            status, since = new, at
        elif event.kind is EventKind.assigned:
            if data.get("to"):
                agent = str(data["to"])
                human_from = human_from or at
        elif event.kind in (EventKind.queue_changed, EventKind.handed_off):
            queue = str(data.get("to") or data.get("queue") or queue)
            handed_off = handed_off or event.kind is EventKind.handed_off
        elif event.kind is EventKind.csat_answered:
            csat = int(data["score"])
    if status in WAITING_ON_US:
        wait += clock.seconds_between(since, as_of)
    resolved = status in DONE
    humans = bool(human_replies or human_from)
    escalated = handed_off or humans
    ai_involved = ai_replies > 0
    silent_since = (
        last_ai_reply
        if last_ai_reply and (last_customer is None or last_customer < last_ai_reply)
        else None
    )
    assumed = (
        ai_involved
        and not escalated
        and not resolved
        and silent_since is not None
        and as_of - silent_since >= ASSUMED_RESOLUTION_AFTER
    )
    done_at = resolved_at if resolved and resolved_at else None
    return ConversationFacts(
        conversation_id=str(start.conversation_id),
        day=start.created_at.date(),
        channel=str(start.data.get("channel", "")),
        queue=queue,
        agent=agent,
        handler="human" if escalated else "ai",
        first_reply_seconds=None
        if first_reply is None
        else clock.seconds_between(start.created_at, first_reply),
        requester_wait_seconds=wait,
        resolution_seconds=None
        if done_at is None
        else clock.seconds_between(start.created_at, done_at),
        handle_seconds=None
        if human_from is None or done_at is None
        else clock.seconds_between(human_from, done_at),
        resolved=resolved,
        reopens=reopens,
        agent_replies=agent_replies,
        ai_involved=ai_involved,
        escalated=escalated,
        confirmed_ai_resolution=resolved and confirmed and not escalated,
        assumed_ai_resolution=assumed,
        csat_score=csat,
        backlog_age_seconds=None if resolved else (as_of - start.created_at).total_seconds(),
        assumable_at=silent_since + ASSUMED_RESOLUTION_AFTER
        if silent_since and ai_involved and not escalated and not resolved and not assumed
        else None,
    )


@dataclass(slots=True)
class KpiTotals:
    """Additive sums, durations in whole milliseconds so that adding and subtracting rollup
    rows is exact; the KPIs are ``kpis()``."""

    conversations: int = 0
    replied: int = 0
    first_reply_ms: int = 0
    resolved: int = 0
    resolution_ms: int = 0
    requester_wait_ms: int = 0  # over resolved conversations
    handled: int = 0
    handle_ms: int = 0
    reopened: int = 0  # resolved conversations that were reopened at least once
    first_contact: int = 0  # resolved, never reopened
    one_touch: int = 0  # resolved with one agent reply, never reopened
    ai_involved: int = 0
    ai_escalated: int = 0
    ai_confirmed: int = 0
    ai_assumed: int = 0
    csat_answers: int = 0
    csat_score_sum: int = 0
    csat_satisfied: int = 0
    backlog: int = 0
    backlog_age_ms: int = 0

    def add_facts(self, f: ConversationFacts) -> None:
        self.conversations += 1
        if f.first_reply_seconds is not None:
            self.replied += 1
            self.first_reply_ms += _ms(f.first_reply_seconds)
        if f.resolution_seconds is not None:
            self.resolved += 1
            self.resolution_ms += _ms(f.resolution_seconds)
            self.requester_wait_ms += _ms(f.requester_wait_seconds)
            self.reopened += f.reopens > 0
            self.first_contact += f.reopens == 0
            self.one_touch += f.reopens == 0 and f.agent_replies == 1
        if f.handle_seconds is not None:
            self.handled += 1
            self.handle_ms += _ms(f.handle_seconds)
        if f.ai_involved:
            self.ai_involved += 1
            self.ai_escalated += f.escalated
        self.ai_confirmed += f.confirmed_ai_resolution
        self.ai_assumed += f.assumed_ai_resolution
        if f.csat_score is not None:
            self.csat_answers += 1
            self.csat_score_sum += f.csat_score
            self.csat_satisfied += f.csat_score in SATISFIED_SCORES
        if f.backlog_age_seconds is not None:
            self.backlog += 1
            self.backlog_age_ms += _ms(f.backlog_age_seconds)

    def add(self, other: KpiTotals) -> None:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    def subtract(self, other: KpiTotals) -> None:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) - getattr(other, field.name))

    @classmethod
    def from_sums(cls, sums: Mapping[str, float]) -> KpiTotals:
        return cls(**{f.name: sums.get(f.name, 0) for f in fields(cls)})  # type: ignore[arg-type]  # numbers of the right kind by field

    def sums(self) -> dict[str, float]:
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def kpis(self) -> dict[str, float | None]:
        """The KPIs; None where the denominator is zero."""

        def ratio(num: float, den: float) -> float | None:
            return None if den == 0 else num / den

        return {
            "conversations": self.conversations,
            "first_reply_seconds_mean": ratio(self.first_reply_ms / 1000, self.replied),
            "resolved": self.resolved,
            "full_resolution_seconds_mean": ratio(self.resolution_ms / 1000, self.resolved),
            "requester_wait_seconds_mean": ratio(self.requester_wait_ms / 1000, self.resolved),
            "handle_seconds_mean": ratio(self.handle_ms / 1000, self.handled),
            "first_contact_resolution_rate": ratio(self.first_contact, self.resolved),
            "one_touch_rate": ratio(self.one_touch, self.resolved),
            "reopen_rate": ratio(self.reopened, self.resolved),
            "csat_answers": self.csat_answers,
            "csat_satisfied_rate": ratio(self.csat_satisfied, self.csat_answers),
            "csat_mean": ratio(self.csat_score_sum, self.csat_answers),
            "ai_conversations": self.ai_involved,
            "ai_confirmed_resolutions": self.ai_confirmed,
            "ai_assumed_resolutions": self.ai_assumed,
            "ai_resolution_rate": ratio(self.ai_confirmed + self.ai_assumed, self.ai_involved),
            "ai_escalation_rate": ratio(self.ai_escalated, self.ai_involved),
            "ai_containment_rate": ratio(self.ai_involved - self.ai_escalated, self.ai_involved),
            "backlog": self.backlog,
            "backlog_age_seconds_mean": ratio(self.backlog_age_ms / 1000, self.backlog),
        }


GroupKey = tuple[str, ...]


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def group_facts(
    facts: Iterable[ConversationFacts], group_by: Sequence[Dimension]
) -> dict[GroupKey, KpiTotals]:
    """Totals per combination of ``group_by`` values (one ``()`` group when empty)."""
    groups: dict[GroupKey, KpiTotals] = {}
    for f in facts:
        key = tuple(dimension_value(f, d) for d in group_by)
        groups.setdefault(key, KpiTotals()).add_facts(f)
    return groups


def facts_from_log(
    events: Iterable[Event], as_of: datetime, clock: WorkingTime
) -> list[ConversationFacts]:
    """Facts of every conversation in a raw event log (any order of conversations)."""
    by_conversation: dict[str, list[Event]] = {}
    for event in events:
        if event.conversation_id is not None:
            by_conversation.setdefault(str(event.conversation_id), []).append(event)
    out = []
    for conversation_events in by_conversation.values():
        conversation_events.sort(key=lambda e: e.id)
        facts = conversation_facts(conversation_events, as_of, clock)
        if facts is not None:
            out.append(facts)
    return out


def merge_groups(parts: Iterable[Mapping[GroupKey, KpiTotals]]) -> dict[GroupKey, KpiTotals]:
    merged: dict[GroupKey, KpiTotals] = {}
    for part in parts:
        for key, totals in part.items():
            merged.setdefault(key, KpiTotals()).add(totals)
    return merged
