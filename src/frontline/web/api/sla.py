"""Business calendars and SLA policies over HTTP: anyone with a token reads them, a
supervisor's staff token changes them."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from frontline.domain.calendars import hours_of
from frontline.domain.conversations import Channel, Priority
from frontline.domain.sla import Escalation, EscalationKind, SlaConditions, SlaMetric, SlaTarget
from frontline.services import sla
from frontline.services.access import access_supervision
from frontline.services.sla_ports import StoredCalendar, StoredPolicy
from frontline.web.api.staff_auth import StaffToken
from frontline.web.deps import App, Token

router = APIRouter(prefix="/api/v1", tags=["sla"])


class CalendarCreate(BaseModel):
    name: str
    timezone: str = "UTC"
    hours: dict[str, list[str]] = Field(
        description='{"mon": ["09:00-12:00", "13:00-17:00"], ...}; a missing day is closed'
    )
    holidays: list[date] = Field(default_factory=list)


class CalendarOut(BaseModel):
    id: str
    name: str
    timezone: str
    hours: dict[str, list[str]]
    holidays: list[date]
    created_at: datetime


class TargetIn(BaseModel):
    priority: Priority | None = Field(default=None, description="None: every priority")
    metric: SlaMetric
    minutes: int
    business_hours: bool = True


class ConditionsIn(BaseModel):
    channels: list[Channel] = Field(default_factory=list)
    queues: list[str] = Field(default_factory=list)
    priorities: list[Priority] = Field(default_factory=list)
    customer_tags: list[str] = Field(default_factory=list)


class EscalationIn(BaseModel):
    kind: EscalationKind
    value: str = ""


class PolicyCreateIn(BaseModel):
    name: str
    targets: list[TargetIn]
    conditions: ConditionsIn = Field(default_factory=ConditionsIn)
    position: int = 0
    calendar: str | None = Field(default=None, description="A calendar id or name")
    warn_before_minutes: int = 15
    escalations: list[EscalationIn] = Field(default_factory=list)


class PolicyOut(BaseModel):
    id: str
    name: str
    position: int
    calendar_id: str | None
    targets: list[TargetIn]
    warn_before_minutes: int
    created_at: datetime


def _calendar_out(stored: StoredCalendar) -> CalendarOut:
    cal = stored.calendar
    return CalendarOut(
        id=stored.id,
        name=cal.name,
        timezone=cal.timezone,
        hours={d: p for d, p in hours_of(cal).items() if p},
        holidays=sorted(cal.holidays),
        created_at=stored.created_at,
    )


def _policy_out(stored: StoredPolicy) -> PolicyOut:
    policy = stored.policy
    return PolicyOut(
        id=stored.id,
        name=policy.name,
        position=policy.position,
        calendar_id=stored.calendar_id,
        targets=[
            TargetIn(
                priority=p, metric=t.metric, minutes=t.minutes, business_hours=t.business_hours
            )
            for p, ts in policy.targets.items()
            for t in ts
        ],
        warn_before_minutes=policy.warn_before_minutes,
        created_at=stored.created_at,
    )


@router.get("/calendars")
def list_calendars(app: App, _: Token) -> list[CalendarOut]:
    return [_calendar_out(c) for c in sla.list_business_calendars(app.store)]


@router.post("/calendars", status_code=201)
def create_calendar(body: CalendarCreate, app: App, staff: StaffToken) -> CalendarOut:
    access_supervision(staff)
    stored = sla.create_business_calendar(
        app.store, body.name, body.timezone, body.hours, body.holidays
    )
    return _calendar_out(stored)


@router.delete("/calendars/{calendar_id}", status_code=204)
def delete_calendar(calendar_id: str, app: App, staff: StaffToken) -> Response:
    access_supervision(staff)
    sla.delete_business_calendar(app.store, calendar_id)
    return Response(status_code=204)


@router.get("/sla-policies")
def list_policies(app: App, _: Token) -> list[PolicyOut]:
    return [_policy_out(p) for p in sla.list_sla_policies(app.store)]


@router.post("/sla-policies", status_code=201)
def create_policy(body: PolicyCreateIn, app: App, staff: StaffToken) -> PolicyOut:
    access_supervision(staff)
    targets: dict[Priority, dict[SlaMetric, SlaTarget]] = {p: {} for p in Priority}
    for t in body.targets:
        for p in [t.priority] if t.priority else list(Priority):
            targets[p][t.metric] = SlaTarget(t.metric, t.minutes, t.business_hours)
    c = body.conditions
    stored = sla.create_sla_policy(
        app.store,
        sla.PolicyCreate(
            name=body.name,
            targets={p: tuple(ts.values()) for p, ts in targets.items() if ts},
            conditions=SlaConditions(
                channels=frozenset(c.channels),
                queues=frozenset(q.strip().lower() for q in c.queues),
                priorities=frozenset(c.priorities),
                customer_tags=frozenset(c.customer_tags),
            ),
            position=body.position,
            calendar=body.calendar,
            warn_before_minutes=body.warn_before_minutes,
            escalations=tuple(Escalation(e.kind, e.value) for e in body.escalations),
        ),
    )
    return _policy_out(stored)


@router.delete("/sla-policies/{policy_id}", status_code=204)
def delete_policy(policy_id: str, app: App, staff: StaffToken) -> Response:
    access_supervision(staff)
    sla.delete_sla_policy(app.store, policy_id)
    return Response(status_code=204)
