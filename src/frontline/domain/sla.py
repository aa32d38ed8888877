"""Service-level agreements: which policy applies to a conversation and where its clocks stand.

A policy has conditions (channel, queue, priority, customer tag; an empty condition matches
anything) and, per priority, targets for four metrics::

    first_reply      from the first customer message to the first staff reply
    next_reply       from a customer message that waits for us to the next staff reply
    periodic_update  from one staff reply to the next, while the conversation is with us
    resolution       from the first customer message to resolved (a reopen resumes it)

Each target is counted in calendar time or in the business hours of the policy's calendar.
Every clock stops counting while the conversation is ``pending`` (waiting on the customer) or
``resolved``/``closed``; its time left is then frozen. A clock's state is::

    active ──► achieved     stopped before its target
      │  ▲
      ▼  │
    paused                  pending: not counting
      │
      └──────► breached     its counted time passed the target (stays breached)

The clocks are replayed from the conversation's timeline (:class:`Fact`), so a change of
queue or priority re-selects the policy and re-measures the whole history against the new
targets, as Zendesk does. Staff replies are public messages by a human; AI replies and system
notices stop no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from frontline.domain.calendars import Calendar, add_business_seconds, business_seconds_between
from frontline.domain.conversations import Channel, ConversationStatus, Priority
from frontline.domain.errors import InvalidInput

MAX_TARGET_MINUTES = 366 * 24 * 60


class SlaMetric(StrEnum):
    first_reply = "first_reply"  # first customer message → first staff reply
    next_reply = "next_reply"  # a waiting customer message → the next staff reply
    periodic_update = "periodic_update"  # one staff reply → the next, while with us
    resolution = "resolution"  # first customer message → resolved (reopens resume)


class SlaState(StrEnum):
    active = "active"  # counting
    paused = "paused"  # not counting: pending, resolved or closed, before its target
    achieved = "achieved"  # stopped before its target
    breached = "breached"  # counted time passed the target


class EscalationKind(StrEnum):
    raise_priority = "raise_priority"  # one step up (low → normal → high → urgent)
    reassign = "reassign"  # to ``value`` (a staff id), or unassigned when empty
    move_queue = "move_queue"  # to queue ``value``
    webhook = "webhook"  # POST the breach event as JSON to URL ``value``


PRIORITY_ORDER = (Priority.low, Priority.normal, Priority.high, Priority.urgent)
_STOPPED = frozenset({ConversationStatus.pending, ConversationStatus.resolved,
                      ConversationStatus.closed})  # fmt: skip


def raised(priority: Priority) -> Priority:
    index = PRIORITY_ORDER.index(priority)
    return PRIORITY_ORDER[min(index + 1, len(PRIORITY_ORDER) - 1)]


@dataclass(frozen=True, slots=True)
class SlaTarget:
    metric: SlaMetric
    minutes: int
    business_hours: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.minutes <= MAX_TARGET_MINUTES:
            raise InvalidInput(f"a target is 1 to {MAX_TARGET_MINUTES} minutes, not {self.minutes}")


@dataclass(frozen=True, slots=True)
class SlaConditions:
    """All given conditions must hold; an empty set matches anything."""

    channels: frozenset[Channel] = frozenset()
    queues: frozenset[str] = frozenset()
    priorities: frozenset[Priority] = frozenset()
    customer_tags: frozenset[str] = frozenset()  # any one of them on the customer

    def match(self, facts: Subject) -> bool:
        return (
            (not self.channels or facts.channel in self.channels)
            and (not self.queues or facts.queue in self.queues)
            and (not self.priorities or facts.priority in self.priorities)
            and (not self.customer_tags or bool(self.customer_tags & facts.customer_tags))
        )


@dataclass(frozen=True, slots=True)
class Escalation:
    kind: EscalationKind
    value: str = ""


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    """Policies are tried by ascending ``position``; the first that matches applies."""

    name: str
    position: int
    conditions: SlaConditions
    targets: dict[Priority, tuple[SlaTarget, ...]]
    calendar: Calendar | None = None  # needed by business-hours targets
    warn_before_minutes: int = 15
    escalations: tuple[Escalation, ...] = ()

    def __post_init__(self) -> None:
        business = any(t.business_hours for ts in self.targets.values() for t in ts)
        if business and self.calendar is None:
            raise InvalidInput("business-hours targets need a calendar")
        for targets in self.targets.values():
            metrics = [t.metric for t in targets]
            if len(metrics) != len(set(metrics)):
                raise InvalidInput("one target per metric and priority")
        if self.warn_before_minutes < 0:
            raise InvalidInput("the warning comes before the breach: minutes >= 0")

    def target(self, priority: Priority, metric: SlaMetric) -> SlaTarget | None:
        return next((t for t in self.targets.get(priority, ()) if t.metric is metric), None)


@dataclass(frozen=True, slots=True)
class Subject:
    """What policy conditions look at."""

    channel: Channel
    queue: str
    priority: Priority
    customer_tags: frozenset[str] = frozenset()


class FactKind(StrEnum):
    customer_message = "customer_message"  # a message from the customer
    staff_reply = "staff_reply"  # a public reply by a human
    status = "status"  # the status became ``value``
    priority = "priority"  # the priority became ``value``
    queue = "queue"  # the queue became ``value``


@dataclass(frozen=True, slots=True)
class Fact:
    at: datetime
    kind: FactKind
    value: str = ""


def select_policy(policies: Iterable[SlaPolicy], subject: Subject) -> SlaPolicy | None:
    for policy in sorted(policies, key=lambda p: p.position):
        if policy.conditions.match(subject):
            return policy
    return None


@dataclass(frozen=True, slots=True)
class Clock:
    """Where one metric stands at ``now``."""

    metric: SlaMetric
    state: SlaState
    target_minutes: int
    business_hours: bool
    started_at: datetime
    elapsed_seconds: float  # counted time so far (business seconds for business hours)
    due_at: datetime | None  # when it breaches if it keeps counting; None unless active
    warn_at: datetime | None  # when the warning is due; None unless active
    breached_at: datetime | None = None
    stopped_at: datetime | None = None

    @property
    def remaining_seconds(self) -> float:
        return self.target_minutes * 60 - self.elapsed_seconds


@dataclass(slots=True)
class _Run:
    """One occurrence of a metric: the intervals during which it counted."""

    metric: SlaMetric
    started_at: datetime
    intervals: list[tuple[datetime, datetime | None]] = field(default_factory=list)
    stopped_at: datetime | None = None

    @property
    def running(self) -> bool:
        return bool(self.intervals) and self.intervals[-1][1] is None

    def pause(self, at: datetime) -> None:
        if self.running:
            self.intervals[-1] = (self.intervals[-1][0], at)

    def resume(self, at: datetime) -> None:
        if not self.running and self.stopped_at is None:
            self.intervals.append((at, None))

    def stop(self, at: datetime) -> None:
        self.pause(at)
        self.stopped_at = at


@dataclass(slots=True)
class _Timeline:
    """The replay state: the current subject and status, and each metric's latest run."""

    subject: Subject
    status: ConversationStatus
    runs: dict[SlaMetric, _Run] = field(default_factory=dict)
    replied: bool = False

    def start(self, metric: SlaMetric, at: datetime) -> None:
        run = _Run(metric, at)
        self.runs[metric] = run
        if self.status not in _STOPPED:
            run.resume(at)

    def set_status(self, status: ConversationStatus, at: datetime) -> None:
        self.status = status
        for run in self.runs.values():
            if status in _STOPPED:
                run.pause(at)
            else:
                run.resume(at)
        if status in {ConversationStatus.resolved, ConversationStatus.closed}:
            for metric in (SlaMetric.resolution, SlaMetric.periodic_update):
                if metric in self.runs:
                    self.runs[metric].stop(at)

    def apply(self, fact: Fact) -> None:
        at = fact.at
        if fact.kind is FactKind.customer_message:
            self._customer_message(at)
        elif fact.kind is FactKind.staff_reply:
            self._staff_reply(at)
        elif fact.kind is FactKind.status:
            self.set_status(ConversationStatus(fact.value), at)
        elif fact.kind is FactKind.priority:
            self.subject = replace(self.subject, priority=Priority(fact.value))
        elif fact.kind is FactKind.queue:
            self.subject = replace(self.subject, queue=fact.value)

    def _customer_message(self, at: datetime) -> None:
        if SlaMetric.first_reply not in self.runs:
            self.start(SlaMetric.first_reply, at)
        elif self.replied:
            waiting = self.runs.get(SlaMetric.next_reply)
            if waiting is None or waiting.stopped_at is not None:
                self.start(SlaMetric.next_reply, at)
        resolution = self.runs.get(SlaMetric.resolution)
        if resolution is None:
            self.start(SlaMetric.resolution, at)
        elif resolution.stopped_at is not None:  # a reopen: the same clock counts on
            resolution.stopped_at = None
            if self.status not in _STOPPED:
                resolution.resume(at)

    def _staff_reply(self, at: datetime) -> None:
        for metric in (SlaMetric.first_reply, SlaMetric.next_reply):
            run = self.runs.get(metric)
            if run is not None and run.stopped_at is None:
                run.stop(at)
        self.replied = True
        if SlaMetric.first_reply not in self.runs:
            self.runs[SlaMetric.first_reply] = _Run(SlaMetric.first_reply, at, stopped_at=at)
        previous = self.runs.get(SlaMetric.periodic_update)
        if previous is not None and previous.stopped_at is None:
            previous.stop(at)
        if self.status not in {ConversationStatus.resolved, ConversationStatus.closed}:
            self.start(SlaMetric.periodic_update, at)


def _measure(target: SlaTarget, calendar: Calendar | None, low: datetime, high: datetime) -> float:
    if target.business_hours and calendar is not None:
        return business_seconds_between(calendar, low, high)
    return max(0.0, (high - low).total_seconds())


def _advance(
    target: SlaTarget, calendar: Calendar | None, at: datetime, seconds: float
) -> datetime:
    if target.business_hours and calendar is not None:
        return add_business_seconds(calendar, at, seconds)
    return at + timedelta(seconds=max(0.0, seconds))


def _clock(run: _Run, target: SlaTarget, policy: SlaPolicy, now: datetime) -> Clock:
    calendar, limit = policy.calendar, target.minutes * 60.0
    elapsed, breached_at = 0.0, None
    for low, high in run.intervals:
        end = high or now
        counted = _measure(target, calendar, low, end)
        if breached_at is None and elapsed + counted >= limit:
            breached_at = _advance(target, calendar, low, limit - elapsed)
            breached_at = min(breached_at, end)
        elapsed += counted
    running, due_at, warn_at = run.running, None, None
    if breached_at is not None:
        state = SlaState.breached
    elif run.stopped_at is not None:
        state = SlaState.achieved
    elif running:
        state = SlaState.active
        due_at = _advance(target, calendar, now, limit - elapsed)
        warn_seconds = limit - policy.warn_before_minutes * 60 - elapsed
        warn_at = _advance(target, calendar, now, warn_seconds)
    else:
        state = SlaState.paused
    return Clock(
        metric=run.metric,
        state=state,
        target_minutes=target.minutes,
        business_hours=target.business_hours,
        started_at=run.started_at,
        elapsed_seconds=elapsed,
        due_at=due_at,
        warn_at=warn_at,
        breached_at=breached_at,
        stopped_at=run.stopped_at,
    )


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The policy in force at ``now`` and its clocks, most urgent first."""

    policy: SlaPolicy | None
    clocks: tuple[Clock, ...]

    @property
    def next_due_at(self) -> datetime | None:
        due = [c.due_at for c in self.clocks if c.due_at is not None]
        return min(due) if due else None


def evaluate(
    policies: Sequence[SlaPolicy],
    initial: Subject,
    initial_status: ConversationStatus,
    facts: Iterable[Fact],
    now: datetime,
) -> Evaluation:
    """Replay ``facts`` (in time order) and measure every metric the policy in force targets."""
    if now.tzinfo is None:
        raise InvalidInput("SLA clocks need aware datetimes")
    timeline = _Timeline(initial, initial_status)
    for fact in sorted(facts, key=lambda f: f.at):
        if fact.at > now:
            break
        timeline.apply(fact)
    policy = select_policy(policies, timeline.subject)
    if policy is None:
        return Evaluation(None, ())
    clocks = []
    for metric in SlaMetric:
        target = policy.target(timeline.subject.priority, metric)
        run = timeline.runs.get(metric)
        if target is not None and run is not None:
            clocks.append(_clock(run, target, policy, now.astimezone(UTC)))
    far = datetime.max.replace(tzinfo=UTC)
    clocks.sort(key=lambda c: c.due_at or c.breached_at or far)
    return Evaluation(policy, tuple(clocks))
