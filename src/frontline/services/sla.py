"""Use cases of SLAs: set up calendars and policies, read a conversation's clocks, and the scan.

The scan (:func:`scan_slas`) runs on the worker's sweep. It re-evaluates the conversations
whose timer is due or that changed since their last evaluation, and in the same transaction
records what is new — an ``sla_warning``, ``sla_breached`` or ``sla_achieved`` event, and a
breach's escalations — with the keys of what it recorded on the timer row. A scan killed
half-way commits nothing for the conversation it was on; the next scan does that work once.
Webhook escalations are enqueued as jobs after the commit.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from frontline.domain.calendars import calendar_from_hours
from frontline.domain.conversations import (
    AuthorKind,
    Conversation,
    ConversationStatus,
    Priority,
)
from frontline.domain.errors import Conflict, InvalidInput, NotFound
from frontline.domain.events import Event, EventKind
from frontline.domain.ids import ConversationId, new_id
from frontline.domain.sla import (
    Clock,
    Escalation,
    EscalationKind,
    Evaluation,
    Fact,
    FactKind,
    SlaConditions,
    SlaPolicy,
    SlaState,
    SlaTarget,
    Subject,
    evaluate,
    raised,
)
from frontline.domain.text import drop_control_characters
from frontline.services.audit import CLI_ACTOR, record_audit
from frontline.services.clock import now
from frontline.services.conversations import access_conversation, record_changes, touched
from frontline.services.jobs import JobQueue
from frontline.services.ports import Store, UnitOfWork
from frontline.services.sla_ports import SlaTimer, StoredCalendar, StoredPolicy

SEND_SLA_WEBHOOK = "send_sla_webhook_job"
SCAN_BATCH = 500
MAX_NAME_CHARS = 100


def _check_name(name: str) -> str:
    name = drop_control_characters(name).strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise InvalidInput(f"a name has 1 to {MAX_NAME_CHARS} characters")
    return name


# --- calendars -------------------------------------------------------------------------


def create_business_calendar(
    store: Store,
    name: str,
    timezone: str,
    hours: dict[str, list[str]],
    holidays: Sequence[date] = (),
    *,
    actor: str = CLI_ACTOR,
) -> StoredCalendar:
    calendar = calendar_from_hours(_check_name(name), timezone.strip(), hours, list(holidays))
    with store.transaction() as tx:
        if any(c.calendar.name == calendar.name for c in tx.sla.calendars()):
            raise Conflict(f"a calendar named {calendar.name!r} exists")
        stored = StoredCalendar(new_id("cal"), calendar, now())
        tx.sla.add_calendar(stored)
        _audit_setting(tx, actor, "calendar.create", stored.id, calendar.name)
    return stored


def set_calendar_holidays(
    store: Store, calendar_id: str, holidays: Sequence[date], *, actor: str = CLI_ACTOR
) -> StoredCalendar:
    with store.transaction() as tx:
        stored = _access_calendar(tx, calendar_id)
        updated = replace(stored, calendar=replace(stored.calendar, holidays=frozenset(holidays)))
        tx.sla.replace_calendar(updated)
        _audit_setting(tx, actor, "calendar.holidays", stored.id, stored.calendar.name)
    return updated


def list_business_calendars(store: Store) -> Sequence[StoredCalendar]:
    with store.transaction() as tx:
        return tx.sla.calendars()


def delete_business_calendar(store: Store, calendar_id: str, *, actor: str = CLI_ACTOR) -> None:
    with store.transaction() as tx:
        stored = _access_calendar(tx, calendar_id)
        if tx.sla.calendar_in_use(stored.id):
            raise Conflict("an SLA policy counts business hours on this calendar")
        tx.sla.delete_calendar(stored.id)
        _audit_setting(tx, actor, "calendar.delete", stored.id, stored.calendar.name)


def _audit_setting(tx: UnitOfWork, actor: str, what: str, target_id: str, name: str) -> None:
    record_audit(tx, actor, f"settings.{what}", target_id, {"name": name})


def _access_calendar(tx: UnitOfWork, calendar_id: str) -> StoredCalendar:
    for stored in tx.sla.calendars():
        if calendar_id in {stored.id, stored.calendar.name}:
            return stored
    raise NotFound(f"calendar {calendar_id} not found")


# --- policies --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PolicyCreate:
    name: str
    targets: dict[Priority, tuple[SlaTarget, ...]]
    conditions: SlaConditions = field(default_factory=SlaConditions)
    position: int = 0
    calendar: str | None = None  # a calendar id or name
    warn_before_minutes: int = 15
    escalations: tuple[Escalation, ...] = ()


def create_sla_policy(
    store: Store, create: PolicyCreate, *, actor: str = CLI_ACTOR
) -> StoredPolicy:
    name = _check_name(create.name)
    if not any(create.targets.values()):
        raise InvalidInput("a policy has at least one target")
    for escalation in create.escalations:
        _check_escalation(escalation)
    with store.transaction() as tx:
        calendar = _access_calendar(tx, create.calendar) if create.calendar else None
        policy = SlaPolicy(
            name=name,
            position=create.position,
            conditions=create.conditions,
            targets=create.targets,
            calendar=calendar.calendar if calendar else None,
            warn_before_minutes=create.warn_before_minutes,
            escalations=create.escalations,
        )
        if any(p.policy.name == name for p in tx.sla.policies()):
            raise Conflict(f"a policy named {name!r} exists")
        stored = StoredPolicy(new_id("sla"), policy, calendar.id if calendar else None, now())
        tx.sla.add_policy(stored)
        _audit_setting(tx, actor, "sla_policy.create", stored.id, name)
    return stored


def _check_escalation(escalation: Escalation) -> None:
    value = escalation.value.strip()
    if escalation.kind is EscalationKind.move_queue and not value:
        raise InvalidInput("move_queue names a queue")
    if escalation.kind is EscalationKind.webhook and not value.startswith(("http://", "https://")):
        raise InvalidInput("a webhook escalation needs an http(s) URL")


def list_sla_policies(store: Store) -> Sequence[StoredPolicy]:
    with store.transaction() as tx:
        return tx.sla.policies()


def delete_sla_policy(store: Store, policy_id: str, *, actor: str = CLI_ACTOR) -> None:
    with store.transaction() as tx:
        found = [p for p in tx.sla.policies() if policy_id in {p.id, p.policy.name}]
        if not found:
            raise NotFound(f"SLA policy {policy_id} not found")
        tx.sla.delete_policy(found[0].id)
        _audit_setting(tx, actor, "sla_policy.delete", found[0].id, found[0].policy.name)


# --- clocks ----------------------------------------------------------------------------


def facts_of(
    conversation: Conversation, events: Sequence[Event]
) -> tuple[Subject, ConversationStatus, list[Fact]]:
    """The subject and status a conversation started with, and its timeline, from its events."""
    facts: list[Fact] = []
    first: dict[EventKind, str] = {}
    for event in events:
        kind, data = event.kind, event.data
        if kind in {EventKind.status_changed, EventKind.priority_changed, EventKind.queue_changed}:
            first.setdefault(kind, str(data.get("from") or ""))
            fact_kind = _FACT_OF_CHANGE[kind]
            facts.append(Fact(event.created_at, fact_kind, str(data.get("to") or "")))
        elif kind is EventKind.message_received:
            facts.append(Fact(event.created_at, FactKind.customer_message))
        elif kind is EventKind.reply_sent and data.get("author_kind") == AuthorKind.human.value:
            facts.append(Fact(event.created_at, FactKind.staff_reply))
    subject = Subject(
        channel=conversation.channel,
        queue=first.get(EventKind.queue_changed) or conversation.queue,
        priority=Priority(first.get(EventKind.priority_changed) or conversation.priority),
        customer_tags=frozenset(conversation.tags),
    )
    status = ConversationStatus(first.get(EventKind.status_changed) or ConversationStatus.open)
    return subject, status, facts


_FACT_OF_CHANGE = {
    EventKind.status_changed: FactKind.status,
    EventKind.priority_changed: FactKind.priority,
    EventKind.queue_changed: FactKind.queue,
}


def _evaluate(
    tx: UnitOfWork, conversation: Conversation, at: datetime
) -> tuple[Evaluation, str | None]:
    stored = tx.sla.policies()
    subject, status, facts = facts_of(conversation, tx.events.for_conversation(conversation.id))
    evaluation = evaluate([p.policy for p in stored], subject, status, facts, at)
    policy_id = next((p.id for p in stored if p.policy is evaluation.policy), None)
    return evaluation, policy_id


def conversation_sla(store: Store, conversation_id: ConversationId) -> Evaluation:
    """The clocks of one conversation as of now."""
    with store.transaction() as tx:
        conversation = access_conversation(tx, conversation_id)
        return _evaluate(tx, conversation, now())[0]


def clock_json(clock: Clock) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "metric": clock.metric.value,
        "state": clock.state.value,
        "target_minutes": clock.target_minutes,
        "business_hours": clock.business_hours,
        "started_at": iso(clock.started_at),
        "elapsed_seconds": clock.elapsed_seconds,
        "due_at": iso(clock.due_at),
        "warn_at": iso(clock.warn_at),
        "breached_at": iso(clock.breached_at),
        "stopped_at": iso(clock.stopped_at),
    }


# --- the scan --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScanReport:
    evaluated: int
    warnings: int
    breaches: int
    achievements: int


@dataclass(slots=True)
class _Outcome:
    warnings: int = 0
    breaches: int = 0
    achievements: int = 0


def scan_slas(
    store: Store, jobs: JobQueue, at: datetime | None = None, batch: int = SCAN_BATCH
) -> ScanReport:
    """Evaluate every conversation whose timer is due or that changed; see the module doc."""
    at = at or now()
    with store.transaction() as tx:
        # Without a policy there are no clocks; the first policy finds every timer missing.
        stale = tx.sla.stale_conversations(at, batch) if tx.sla.policies() else ()
    total = _Outcome()
    for conversation_id in stale:
        webhooks: list[tuple[str, dict[str, Any]]] = []
        with store.transaction() as tx:
            outcome = refresh_sla_timer(tx, conversation_id, at, webhooks)
        for url, payload in webhooks:
            jobs.enqueue(SEND_SLA_WEBHOOK, _webhook_argument(url, payload))
        total.warnings += outcome.warnings
        total.breaches += outcome.breaches
        total.achievements += outcome.achievements
    return ScanReport(len(stale), total.warnings, total.breaches, total.achievements)


def _webhook_argument(url: str, payload: dict[str, Any]) -> str:
    return json.dumps({"url": url, "payload": payload})


def refresh_sla_timer(
    tx: UnitOfWork,
    conversation_id: ConversationId,
    at: datetime,
    webhooks: list[tuple[str, dict[str, Any]]],
) -> _Outcome:
    """Re-evaluate one conversation's clocks, record what is new, and store its timer."""
    timer = tx.sla.timer(conversation_id, lock=True)
    conversation = tx.conversations.get(conversation_id)
    if conversation is None:
        raise NotFound(f"conversation {conversation_id} not found")
    evaluation, policy_id = _evaluate(tx, conversation, at)
    recorded = set(timer.recorded) if timer else set()
    outcome = _Outcome()
    policy = evaluation.policy
    for clock in evaluation.clocks if policy else ():
        assert policy is not None
        outcome_kind = _new_event(clock, at, recorded)
        if outcome_kind is None:
            continue
        kind, key, when = outcome_kind
        data: dict[str, Any] = {
            "policy": policy.name,
            "metric": clock.metric.value,
            "started_at": clock.started_at.isoformat(),
        }
        if kind is EventKind.sla_achieved:
            data["elapsed_seconds"] = clock.elapsed_seconds
            outcome.achievements += 1
        else:
            due = clock.breached_at if kind is EventKind.sla_breached else clock.due_at
            data["due_at"] = due.isoformat() if due else None
        tx.events.append(kind, conversation_id, f"sla:{policy.name}", data, when)
        recorded.add(key)
        if kind is EventKind.sla_warning:
            outcome.warnings += 1
        elif kind is EventKind.sla_breached:
            outcome.breaches += 1
            conversation = _escalate(tx, conversation, policy, data, webhooks)
    check = [
        moment
        for clock in evaluation.clocks
        for moment, key in (
            (clock.warn_at, _key(clock, "warning")),
            (clock.due_at, _key(clock, "breached")),
        )
        if moment is not None and key not in recorded
    ]
    tx.sla.put_timer(
        SlaTimer(
            conversation_id=conversation_id,
            policy_id=policy_id,
            due_at=evaluation.next_due_at,
            check_at=min(check) if check else None,
            clocks=[clock_json(c) for c in evaluation.clocks],
            recorded=frozenset(recorded),
            refreshed_at=conversation.updated_at,
        )
    )
    return outcome


def _key(clock: Clock, what: str) -> str:
    return f"{clock.metric.value}@{clock.started_at.isoformat()}:{what}"


def _new_event(
    clock: Clock, at: datetime, recorded: set[str]
) -> tuple[EventKind, str, datetime] | None:
    """The one event ``clock`` has newly earned, if any (a breach outranks a warning)."""
    if clock.state is SlaState.breached and _key(clock, "breached") not in recorded:
        return EventKind.sla_breached, _key(clock, "breached"), clock.breached_at or at
    if clock.state is SlaState.achieved and _key(clock, "achieved") not in recorded:
        return EventKind.sla_achieved, _key(clock, "achieved"), clock.stopped_at or at
    if (
        clock.state is SlaState.active
        and clock.warn_at is not None
        and clock.warn_at <= at
        and _key(clock, "warning") not in recorded
    ):
        return EventKind.sla_warning, _key(clock, "warning"), clock.warn_at
    return None


def _escalate(
    tx: UnitOfWork,
    conversation: Conversation,
    policy: SlaPolicy,
    breach: dict[str, Any],
    webhooks: list[tuple[str, dict[str, Any]]],
) -> Conversation:
    """Apply the policy's escalations for one breach; the conversation as it is afterwards."""
    updated = conversation
    for escalation in policy.escalations:
        value = escalation.value.strip()
        if escalation.kind is EscalationKind.raise_priority:
            updated = replace(updated, priority=raised(updated.priority))
        elif escalation.kind is EscalationKind.reassign:
            updated = replace(updated, assignee=value or None)
        elif escalation.kind is EscalationKind.move_queue:
            updated = replace(updated, queue=value.lower())
        elif escalation.kind is EscalationKind.webhook:
            webhooks.append((value, _webhook_payload(conversation, breach)))
    if updated != conversation:
        updated = touched(updated)
        tx.conversations.update(updated)
        record_changes(tx, conversation, updated, f"sla:{policy.name}", reason="sla breached")
    return updated


def _webhook_payload(conversation: Conversation, breach: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": EventKind.sla_breached.value,
        "conversation_id": conversation.id,
        "queue": conversation.queue,
        "priority": conversation.priority.value,
        "assignee": conversation.assignee,
        **breach,
    }
