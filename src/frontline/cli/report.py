"""``frontline report``: the KPI report as Rich tables or CSV, and ``frontline report reasons``
(mounted by ``frontline.cli.main``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from frontline.bootstrap import build
from frontline.config import Settings
from frontline.domain.errors import FrontlineError
from frontline.services import kpi_reports, reason_reports

app = typer.Typer(help="Reports: support KPIs, contact reasons.")

_SECONDS = "_seconds_mean"


def _cell(name: str, value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and name.endswith(_SECONDS):
        return f"{value / 60:.1f} min"
    if isinstance(value, float) and name.endswith("_rate"):
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


@app.callback(invoke_without_command=True)
def report(
    ctx: typer.Context,
    first: Annotated[
        datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="First day (UTC).")
    ] = None,
    last: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day (UTC).")
    ] = None,
    group_by: Annotated[
        str, typer.Option(help="Comma-separated: day, channel, queue, agent, handler.")
    ] = "",
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of tables.")] = False,
) -> None:
    """Support KPIs (first reply, resolution, handle time, CSAT, AI automation, backlog)."""
    if ctx.invoked_subcommand is not None:
        return
    frontline = build(Settings())
    default_first, default_last = kpi_reports.default_period()
    try:
        dimensions = kpi_reports.check_group_by(group_by.split(","))
        result = kpi_reports.kpi_report(
            frontline.store,
            first.date() if first else default_first,
            last.date() if last else default_last,
            dimensions,
        )
    except FrontlineError as exc:
        raise typer.BadParameter(exc.message) from exc
    console = Console()
    if as_csv:
        console.out(kpi_reports.report_csv(result), end="")
        return
    title = f"KPIs {result.first_day} to {result.last_day}"
    total: dict[str, object] = dict(kpi_reports.report_total(result).kpis())
    rows = kpi_reports.report_rows(result) or [total]
    kpis = list(total)
    # KPIs as rows and groups as columns: a month of days stays readable in a terminal.
    table = Table(title=title)
    table.add_column("KPI")
    for row in rows:
        table.add_column(" / ".join(str(row[d.value]) for d in result.group_by) or "all")
    for name in kpis:
        table.add_row(name, *(_cell(name, row.get(name)) for row in rows))
    console.print(table)


@app.command("reasons")
def reasons(
    first: Annotated[
        datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="First day (UTC).")
    ] = None,
    last: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day (UTC).")
    ] = None,
) -> None:
    """Contact reasons: conversations per reason and week, emerging reasons, examples."""
    frontline = build(Settings())
    default_first, default_last = kpi_reports.default_period()
    try:
        result = reason_reports.reason_report(
            frontline.store,
            first.date() if first else default_first,
            last.date() if last else default_last,
        )
    except FrontlineError as exc:
        raise typer.BadParameter(exc.message) from exc
    console = Console()
    table = Table(title=f"Contact reasons {result.first_day} to {result.last_day}")
    for heading in ("Reason", "Conversations", *(w.strftime("%m-%d") for w in result.weeks)):
        table.add_column(heading)
    table.add_column("Trailing mean")
    table.add_column("Emerging")
    for trend in result.trends:
        table.add_row(
            trend.reason,
            str(trend.total),
            *(str(n) for _, n in trend.weeks),
            f"{trend.trailing_mean:.1f}",
            "yes" if trend.emerging else "",
        )
    console.print(table)
    for trend in result.trends:
        for example in result.examples.get(trend.reason, ()):
            console.print(f"{trend.reason}  {example.conversation_id}  {example.text}")
