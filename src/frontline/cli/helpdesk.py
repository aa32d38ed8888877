"""``frontline calendars``, ``frontline sla`` and ``frontline queues``: set up the helpdesk."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from frontline.bootstrap import build
from frontline.config import Settings
from frontline.domain.calendars import WEEKDAYS
from frontline.domain.conversations import Channel, Priority
from frontline.domain.errors import FrontlineError, InvalidInput
from frontline.domain.routing import Strategy
from frontline.domain.sla import Escalation, EscalationKind, SlaConditions, SlaMetric, SlaTarget
from frontline.services.ports import Store

calendars_app = typer.Typer(help="Business-hours calendars.", no_args_is_help=True)
sla_app = typer.Typer(help="SLA policies.", no_args_is_help=True)
queues_app = typer.Typer(help="Routed queues and their members.", no_args_is_help=True)


def _store() -> Store:
    return build(Settings()).store


def _fail(exc: FrontlineError) -> typer.Exit:
    typer.echo(f"error: {exc.message}", err=True)
    return typer.Exit(1)


def parse_hours(values: list[str]) -> dict[str, list[str]]:
    """``mon-fri=09:00-12:00,13:00-17:00`` and ``sat=10:00-14:00`` as calendar hours."""
    hours: dict[str, list[str]] = {}
    for value in values:
        days, sep, periods = value.partition("=")
        if not sep or not periods:
            raise InvalidInput(f"hours look like mon-fri=09:00-17:00, not {value!r}")
        first, _, last = days.strip().lower().partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise InvalidInput(f"days are {', '.join(WEEKDAYS)}, not {days!r}")
        span = WEEKDAYS[WEEKDAYS.index(first) : WEEKDAYS.index(last or first) + 1]
        for day in span:
            hours.setdefault(day, []).extend(p.strip() for p in periods.split(","))
    return hours


def parse_targets(values: list[str], business_hours: bool) -> dict[Priority, tuple[SlaTarget, ...]]:
    """``first_reply=30`` (every priority) or ``urgent:first_reply=10`` as targets."""
    targets: dict[Priority, dict[SlaMetric, SlaTarget]] = {p: {} for p in Priority}
    for value in values:
        head, sep, minutes = value.partition("=")
        priority, _, metric = head.rpartition(":")
        try:
            target = SlaTarget(SlaMetric(metric.strip()), int(minutes), business_hours)
            priorities = [Priority(priority.strip())] if priority else list(Priority)
        except ValueError as exc:
            raise InvalidInput(
                f"a target looks like first_reply=30 or urgent:resolution=240, not {value!r} "
                f"(metrics: {', '.join(SlaMetric)}; priorities: {', '.join(Priority)})"
            ) from exc
        if not sep:
            raise InvalidInput(f"a target needs minutes: {value!r}")
        for p in priorities:
            targets[p][target.metric] = target
    return {p: tuple(t.values()) for p, t in targets.items() if t}


@calendars_app.command("create")
def calendar_create(
    name: str,
    timezone: Annotated[str, typer.Option(help="An IANA zone, e.g. Europe/Paris.")] = "UTC",
    hours: Annotated[
        list[str] | None, typer.Option("--hours", help="mon-fri=09:00-17:00 (repeatable).")
    ] = None,
    holiday: Annotated[
        list[str] | None, typer.Option("--holiday", help="A closed day, 2026-12-25 (repeatable).")
    ] = None,
) -> None:
    """Create a business-hours calendar for SLA targets."""
    from frontline.services.sla import create_business_calendar

    try:
        holidays = [date.fromisoformat(h) for h in holiday or []]
    except ValueError as exc:
        typer.echo(f"error: holidays are dates like 2026-12-25: {exc}", err=True)
        raise typer.Exit(1) from exc
    try:
        stored = create_business_calendar(
            _store(), name, timezone, parse_hours(hours or ["mon-fri=09:00-17:00"]), holidays
        )
    except FrontlineError as exc:
        raise _fail(exc) from exc
    typer.echo(f"created calendar {stored.calendar.name} ({stored.id}), {timezone}")


@calendars_app.command("list")
def calendar_list() -> None:
    """List the calendars."""
    from frontline.domain.calendars import hours_of
    from frontline.services.sla import list_business_calendars

    for stored in list_business_calendars(_store()):
        cal = stored.calendar
        week = "; ".join(f"{d} {','.join(p)}" for d, p in hours_of(cal).items() if p)
        typer.echo(f"{stored.id}  {cal.name}  {cal.timezone}  {week}")


@calendars_app.command("delete")
def calendar_delete(calendar_id: str) -> None:
    """Delete a calendar no policy uses."""
    from frontline.services.sla import delete_business_calendar

    try:
        delete_business_calendar(_store(), calendar_id)
    except FrontlineError as exc:
        raise _fail(exc) from exc
    typer.echo(f"deleted calendar {calendar_id}")


@sla_app.command("create")
def sla_create(
    name: str,
    target: Annotated[
        list[str], typer.Option("--target", help="first_reply=30 or urgent:resolution=240.")
    ],
    calendar: Annotated[
        str | None, typer.Option(help="A calendar name or id: targets count its hours.")
    ] = None,
    queue: Annotated[list[str] | None, typer.Option("--queue", help="Only these queues.")] = None,
    channel: Annotated[
        list[Channel] | None, typer.Option("--channel", help="Only these channels.")
    ] = None,
    position: Annotated[int, typer.Option(help="Lower is tried first.")] = 0,
    warn_before: Annotated[int, typer.Option(help="Minutes of warning before a breach.")] = 15,
    escalate: Annotated[
        list[str] | None,
        typer.Option(
            "--escalate", help="raise_priority, move_queue=NAME, reassign=ID, webhook=URL."
        ),
    ] = None,
) -> None:
    """Create an SLA policy (targets in business hours when a calendar is given)."""
    from frontline.services.sla import PolicyCreate, create_sla_policy

    try:
        escalations = []
        for value in escalate or []:
            kind, _, argument = value.partition("=")
            try:
                escalations.append(Escalation(EscalationKind(kind.strip()), argument.strip()))
            except ValueError as exc:
                raise InvalidInput(f"escalations are {', '.join(EscalationKind)}") from exc
        stored = create_sla_policy(
            _store(),
            PolicyCreate(
                name=name,
                targets=parse_targets(target, business_hours=calendar is not None),
                conditions=SlaConditions(
                    channels=frozenset(channel or ()),
                    queues=frozenset(q.strip().lower() for q in queue or ()),
                ),
                position=position,
                calendar=calendar,
                warn_before_minutes=warn_before,
                escalations=tuple(escalations),
            ),
        )
    except FrontlineError as exc:
        raise _fail(exc) from exc
    typer.echo(f"created SLA policy {stored.policy.name} ({stored.id})")


@sla_app.command("list")
def sla_list() -> None:
    """List the SLA policies in the order they are tried."""
    from frontline.services.sla import list_sla_policies

    for stored in list_sla_policies(_store()):
        policy = stored.policy
        targets = ", ".join(
            f"{p.value}:{t.metric.value}={t.minutes}"
            for p, ts in policy.targets.items()
            for t in ts
        )
        typer.echo(f"{stored.id}  {policy.position}  {policy.name}  {targets}")


@sla_app.command("delete")
def sla_delete(policy_id: str) -> None:
    """Delete an SLA policy."""
    from frontline.services.sla import delete_sla_policy

    try:
        delete_sla_policy(_store(), policy_id)
    except FrontlineError as exc:
        raise _fail(exc) from exc
    typer.echo(f"deleted SLA policy {policy_id}")


@queues_app.command("create")
def queue_create(
    name: str,
    strategy: Annotated[Strategy, typer.Option(help="round_robin or least_loaded.")] = (
        Strategy.least_loaded
    ),
    member: Annotated[
        list[str] | None, typer.Option("--member", help="A staff username (repeatable).")
    ] = None,
) -> None:
    """Create a routed queue: new human work goes to its online members with room."""
    from frontline.services.routing import add_queue

    try:
        queue = add_queue(_store(), name, strategy, member or ())
    except FrontlineError as exc:
        raise _fail(exc) from exc
    typer.echo(
        f"created queue {queue.name} ({queue.strategy.value}), members: {', '.join(member or [])}"
    )


@queues_app.command("add-member")
def queue_add_member(queue: str, username: str) -> None:
    """Add a member of staff to a queue."""
    from frontline.services.routing import join_queue

    try:
        view = join_queue(_store(), queue, username)
    except FrontlineError as exc:
        raise _fail(exc) from exc
    typer.echo(f"{view.queue.name}: {', '.join(view.members)}")


@queues_app.command("list")
def queue_list() -> None:
    """List the queues, their strategy, members and waiting conversations."""
    from frontline.services.routing import list_queues

    for view in list_queues(_store()):
        typer.echo(
            f"{view.queue.name}  {view.queue.strategy.value}  waiting {view.waiting}  "
            f"members: {', '.join(view.members) or '-'}"
        )
