"""Reports: support KPIs per day, channel, queue, agent or handler (JSON or CSV), and contact
reasons with their weekly trend."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from frontline.services import kpi_reports, reason_reports
from frontline.web.deps import App, Token

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])

From = Annotated[date | None, Query(alias="from", description="first day (UTC), included")]
To = Annotated[date | None, Query(alias="to", description="last day (UTC), included")]
GroupBy = Annotated[
    str, Query(max_length=100, description="comma-separated: day, channel, queue, agent, handler")
]


def _report(app: App, first: date | None, last: date | None, group_by: str) -> Any:
    default_first, default_last = kpi_reports.default_period()
    dimensions = kpi_reports.check_group_by(group_by.split(","))
    return kpi_reports.kpi_report(
        app.store, first or default_first, last or default_last, dimensions
    )


@router.get("/kpis")
def get_kpis(
    app: App, _: Token, first: From = None, last: To = None, group_by: GroupBy = ""
) -> Any:
    report = _report(app, first, last, group_by)
    return {
        "from": report.first_day.isoformat(),
        "to": report.last_day.isoformat(),
        "group_by": [d.value for d in report.group_by],
        "groups": kpi_reports.report_rows(report),
        "total": kpi_reports.report_total(report).kpis(),
    }


@router.get("/kpis.csv", response_class=PlainTextResponse)
def get_kpis_csv(
    app: App, _: Token, first: From = None, last: To = None, group_by: GroupBy = ""
) -> PlainTextResponse:
    report = _report(app, first, last, group_by)
    return PlainTextResponse(
        kpi_reports.report_csv(report),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="kpis.csv"'},
    )


@router.get("/reasons")
def get_reasons(app: App, _: Token, first: From = None, last: To = None) -> Any:
    default_first, default_last = kpi_reports.default_period()
    report = reason_reports.reason_report(app.store, first or default_first, last or default_last)
    return {
        "from": report.first_day.isoformat(),
        "to": report.last_day.isoformat(),
        "weeks": [w.isoformat() for w in report.weeks],
        "reasons": reason_reports.report_reasons(report),
    }
