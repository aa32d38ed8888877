"""``frontline customers`` (export, erase) and ``frontline audit`` (verify, export)."""

from __future__ import annotations

from typing import Annotated

import orjson
import typer

from frontline.bootstrap import build
from frontline.config import Settings
from frontline.domain.errors import FrontlineError
from frontline.domain.ids import CustomerId
from frontline.services.audit import CLI_ACTOR

customers_app = typer.Typer(help="Customers' personal data (GDPR).", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


def _fail(exc: FrontlineError) -> typer.Exit:
    typer.echo(f"error: {exc.message}", err=True)
    return typer.Exit(1)


@customers_app.command("export")
def export(
    customer_id: Annotated[str, typer.Argument(help="The customer's id (cus_...).")],
) -> None:
    """Print everything stored about a customer as JSON."""
    from frontline.services.privacy import export_customer

    try:
        record = export_customer(build(Settings()).store, CustomerId(customer_id), CLI_ACTOR)
    except FrontlineError as exc:
        raise _fail(exc) from exc
    typer.echo(orjson.dumps(record, option=orjson.OPT_INDENT_2).decode())


@customers_app.command("erase")
def erase(
    customer_id: Annotated[str, typer.Argument(help="The customer's id (cus_...).")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove or overwrite a customer's personal data everywhere; KPI rows stay as tombstones."""
    from frontline.services.privacy import erase_customer

    if not yes:
        typer.confirm(
            f"Erase the personal data of {customer_id}? This cannot be undone", abort=True
        )
    try:
        erasure = erase_customer(build(Settings()).store, CustomerId(customer_id), CLI_ACTOR)
    except FrontlineError as exc:
        raise _fail(exc) from exc
    changed = ", ".join(f"{k} {v}" for k, v in erasure.changed.items() if v)
    typer.echo(f"erased customer {customer_id}: {changed or 'nothing stored'}")


@audit_app.command("verify")
def verify() -> None:
    """Recompute the hash chain; exit 1 at the first entry that was changed or removed."""
    from frontline.services.audit import verify_audit_log

    result = verify_audit_log(build(Settings()).store)
    if result.intact:
        typer.echo(f"audit log intact: {result.checked} entries, head {result.head_hash}")
        return
    typer.echo(
        f"audit log TAMPERED at entry {result.broken_at} ({result.checked} entries chain before it)",
        err=True,
    )
    raise typer.Exit(1)


@audit_app.command("export")
def export_audit() -> None:
    """Print every entry, oldest first, one JSON object a line."""
    from frontline.services.audit import iter_audit_log

    for entry in iter_audit_log(build(Settings()).store):
        typer.echo(orjson.dumps(entry).decode())  # a dataclass: every field, times in ISO 8601
