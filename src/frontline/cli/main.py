"""The ``frontline`` command line: parse, call one service, print."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from frontline.bootstrap import Frontline, build
from frontline.cli import chat, helpdesk, kb, nlu, privacy, report, users
from frontline.config import Settings

app = typer.Typer(help="Frontline: self-hosted AI customer service.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
backoffice_app = typer.Typer(help="The built-in retail back office.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(backoffice_app, name="backoffice")
app.add_typer(tokens_app, name="tokens")
app.add_typer(users.app, name="users")
app.add_typer(kb.app, name="kb")
app.add_typer(helpdesk.calendars_app, name="calendars")
app.add_typer(helpdesk.sla_app, name="sla")
app.add_typer(helpdesk.queues_app, name="queues")
app.add_typer(nlu.app, name="nlu", help="Train, run and evaluate the understanding engine.")
app.add_typer(privacy.customers_app, name="customers")
app.add_typer(privacy.audit_app, name="audit")
app.command("chat")(chat.chat)
app.add_typer(report.app, name="report")

console = Console()
# Commands that work without the database, or that manage its schema themselves.
NO_SCHEMA_CHECK = frozenset({"db", "nlu"})


@app.callback()
def check_schema(ctx: typer.Context) -> None:
    """Frontline: self-hosted AI customer service."""
    if ctx.invoked_subcommand in NO_SCHEMA_CHECK or ctx.resilient_parsing:
        return
    if any(arg in ("--help", "-h") for arg in sys.argv[1:]):
        return
    ensure_schema(load_settings())


def ensure_schema(settings: Settings) -> None:
    """Bring an embedded (SQLite) database up to date; name the command for any other.

    Nothing here ends in a traceback: an unreachable database is one line and exit code 1.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from frontline.storage.database import make_engine, schema_revisions, upgrade_database

    engine = make_engine(settings.database_url)
    try:
        current, heads = schema_revisions(engine)
        if current == heads:
            return
        if settings.is_sqlite:
            upgrade_database(engine)
            typer.echo(f"database schema brought up to date ({', '.join(sorted(heads))})", err=True)
            return
    except SQLAlchemyError as exc:
        typer.echo(
            f"error: the database is not reachable: {exc.__class__.__name__}: {exc.args[0] if exc.args else exc}",
            err=True,
        )
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    at = f"at {', '.join(sorted(current))}" if current else "empty"
    typer.echo(
        f"error: the database schema is {at}, it needs {', '.join(sorted(heads))}: "
        "run `frontline db upgrade` first",
        err=True,
    )
    raise typer.Exit(1)


def _frontline() -> Frontline:
    return build(Settings())


def load_settings(**overrides: object) -> Settings:
    """The settings, with command-line ``overrides``; an invalid value is one line and exit 1."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]  # pydantic validates each override
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            typer.echo(f"error: {where + ': ' if where else ''}{message}", err=True)
        raise typer.Exit(1) from exc


# Each server process of `serve --workers N` imports this and builds its own app.
APP_FACTORY = "frontline.web.asgi:app_from_settings"


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Server processes sharing the port (uvicorn workers); more than one "
            "needs PostgreSQL, FRONTLINE_REDIS_URL and the jobs on Redis.",
        ),
    ] = None,
) -> None:
    """Run the HTTP server: API v1, the agent workspace, the chat widget and its demo shop."""
    import uvicorn

    from frontline.web.app import create_app

    settings = load_settings() if workers is None else load_settings(server_processes=workers)
    frontline = build(settings)
    processes = settings.server_processes
    if processes == 1:
        _ = frontline.agent  # load the understanding model now, not on the first message
    host = host or settings.host
    port = port or settings.port
    base = f"http://{host}:{port}"
    console.print(f"[bold]Frontline[/bold] on {base}")
    console.print(f"  Demo shop     {base}/demo   (the chat widget)")
    console.print(f"  Workspace     {base}/console")
    console.print(f"  API docs      {base}/docs   (OpenAPI: {base}/openapi.json)")
    console.print(f"  Health        {base}/healthz")
    console.print(f"  Database      {settings.database_url}")
    if processes > 1:
        console.print(f"  Processes     {processes}   (jobs: run `frontline worker`)")
    # One process serves the app built here; several each build their own (web/asgi.py),
    # while this one supervises them and runs the email channel once.
    with email_channel(frontline):
        uvicorn.run(
            create_app(frontline) if processes == 1 else APP_FACTORY,
            factory=processes > 1,
            workers=processes,
            host=host,
            port=port,
            log_level="warning",
            ws="websockets-sansio",
            # a widget frame over the request limit closes its socket (1009) before it is read
            ws_max_size=settings.max_request_bytes,
        )


@contextmanager
def email_channel(frontline: Frontline) -> Iterator[None]:
    """The SMTP server, the IMAP poller and the in-process worker, as the settings ask."""
    settings = frontline.settings
    running: list[Any] = []
    try:
        if not settings.jobs_on_redis:
            from frontline.worker.runner import start_worker

            running.append(start_worker(frontline))
            console.print("  Jobs          in-process")
        if settings.smtp_listen:
            from frontline.channels.email.smtp_server import InboundSmtpServer

            running.append(InboundSmtpServer(frontline, settings.smtp_listen).start())
            console.print(
                f"  SMTP          {settings.smtp_listen}   (support: {settings.support_address})"
            )
        if settings.imap_url:
            from frontline.channels.email.imap import ImapPoller

            running.append(ImapPoller(frontline, settings.imap_url.get_secret_value()).start())
            console.print("  IMAP          polling")
        yield
    finally:
        for service in reversed(running):
            service.stop()


@app.command()
def worker() -> None:
    """Run the background jobs (email processing and sending) until stopped."""
    frontline = _frontline()
    _ = frontline.agent  # load the understanding model before the first job
    where = "Redis" if frontline.settings.jobs_on_redis else "this process only (sweep)"
    console.print(f"[bold]Frontline worker[/bold]: jobs from {where}")
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    with email_channel_worker(frontline):
        stopped.wait()


@contextmanager
def email_channel_worker(frontline: Frontline) -> Iterator[None]:
    from frontline.worker.runner import start_worker

    running = start_worker(frontline)
    try:
        yield
    finally:
        running.stop()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply all database migrations."""
    from frontline.storage.database import upgrade_database

    frontline = _frontline()
    upgrade_database(frontline.engine)
    console.print(f"database is up to date: {frontline.settings.database_url}")


@app.command()
def demo(
    reset: Annotated[
        bool, typer.Option(help="Replace the back office even if it has data.")
    ] = False,
) -> None:
    """Load the demo data: the generated retail store and a few demo conversations."""
    from frontline.services.demo import load_demo

    frontline = _frontline()
    report = load_demo(frontline, reset_backoffice_data=reset)
    console.print(report)


@backoffice_app.command("reset")
def backoffice_reset(
    from_path: Annotated[
        Path | None, typer.Option("--from", help="A store file in the τ²-retail db.json format.")
    ] = None,
) -> None:
    """Restore the generated demo store, or load a store file instead."""
    from frontline.services.demo import reset_backoffice

    counts = reset_backoffice(_frontline(), from_path)
    console.print(
        f"back office reset: {counts['users']} users, {counts['orders']} orders, "
        f"{counts['products']} products"
    )


@tokens_app.command("create")
def tokens_create(
    name: Annotated[str, typer.Option(help="What the token is for.")] = "cli",
    admin: Annotated[bool, typer.Option("--admin", help="May run back-office tools.")] = False,
    user: Annotated[
        str | None, typer.Option("--user", help="Sees what this member of staff sees.")
    ] = None,
) -> None:
    """Create an API token; its secret is the last word printed."""
    from frontline.domain.errors import FrontlineError
    from frontline.services.tokens import create_api_token

    try:
        token, secret = create_api_token(_frontline().store, name, admin=admin, owner=user)
    except FrontlineError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    kind = "admin token" if token.is_admin else "token"
    typer.echo(f"created {kind} {token.id} ({token.name}): {secret}")
