"""The supervisors' dashboard: KPI charts over a date range with filters, a per-agent table,
the contact reasons with their weekly trend, and the drill-down from a chart's bar to the
conversations behind it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from frontline.analytics.kpis import Dimension, KpiTotals
from frontline.domain.errors import InvalidInput
from frontline.services import kpi_reports, reason_reports
from frontline.services.access import access_supervision
from frontline.web.console.pages import render
from frontline.web.console.session import Staff
from frontline.web.deps import App

router = APIRouter(prefix="/console/dashboard", include_in_schema=False)
Filter = Annotated[str, Query(max_length=100)]

# The charts: (KPI field, title, how the renderer formats a value).
CHARTS = (
    ("conversations", "Conversations", "count"),
    ("first_reply_seconds_mean", "First reply time", "duration"),
    ("full_resolution_seconds_mean", "Full resolution time", "duration"),
    ("csat_satisfied_rate", "CSAT (% of 4 and 5)", "percent"),
    ("ai_containment_rate", "AI containment", "percent"),
    ("backlog", "Backlog", "count"),
)
MAX_REASONS = 20  # the most frequent; the API and CLI give every reason
_FILTERS = (Dimension.channel, Dimension.queue, Dimension.agent, Dimension.handler)


def _period(first: date | None, last: date | None) -> tuple[date, date]:
    default_first, default_last = kpi_reports.default_period()
    return first or default_first, last or default_last


def _where(**values: str) -> dict[Dimension, str]:
    return {Dimension(name): value for name, value in values.items() if value}


@router.get("")
def dashboard(
    request: Request,
    app: App,
    staff: Staff,
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
    channel: Filter = "",
    queue: Filter = "",
    agent: Filter = "",
    handler: Filter = "",
) -> Response:
    access_supervision(staff)
    first_day, last_day = _period(first, last)
    where = _where(channel=channel, queue=queue, agent=agent, handler=handler)
    # one report by day and agent (the KPI sums add up exactly), summed both ways
    both = [Dimension.day, Dimension.agent]
    report = kpi_reports.kpi_report(app.store, first_day, last_day, both, where)
    by_day: dict[str, KpiTotals] = {}
    by_agent: dict[str, KpiTotals] = {}
    for (day, name), totals in report.groups.items():
        by_day.setdefault(day, KpiTotals()).add(totals)
        by_agent.setdefault(name, KpiTotals()).add(totals)
    reasons = reason_reports.reason_report(app.store, first_day, last_day)
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    per_day = {day: totals.kpis() for day, totals in by_day.items()}
    series = {
        field: [[d.isoformat(), (per_day.get(d.isoformat()) or {}).get(field)] for d in days]
        for field, _, _ in CHARTS
    }
    return render(
        request,
        "dashboard.html",
        staff=staff,
        charts=CHARTS,
        series=series,
        total=kpi_reports.report_total(report).kpis(),
        agents=[(name, totals.kpis()) for name, totals in sorted(by_agent.items())],
        reasons=reason_reports.report_reasons(reasons)[:MAX_REASONS],
        filters={"channel": channel, "queue": queue, "agent": agent, "handler": handler},
        period={"from": first_day.isoformat(), "to": last_day.isoformat()},
    )


@router.get("/conversations")
def drill_down(
    request: Request,
    app: App,
    staff: Staff,
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
    day: Annotated[date | None, Query()] = None,
    channel: Filter = "",
    queue: Filter = "",
    agent: Filter = "",
    handler: Filter = "",
) -> Response:
    access_supervision(staff)
    first_day, last_day = (day, day) if day else _period(first, last)
    if first_day is None or last_day is None:
        raise InvalidInput("a period is needed")
    where = _where(channel=channel, queue=queue, agent=agent, handler=handler)
    ids = kpi_reports.conversations_behind(app.store, first_day, last_day, where)
    return render(
        request,
        "dashboard_conversations.html",
        staff=staff,
        conversation_ids=ids,
        period={"from": first_day.isoformat(), "to": last_day.isoformat()},
        filters={d.value: v for d, v in where.items()},
    )
