"""``frontline users``: accounts for the support team (mounted by ``frontline.cli.main``)."""

from __future__ import annotations

from typing import Annotated

import typer

from frontline.bootstrap import build
from frontline.config import Settings
from frontline.domain.errors import FrontlineError
from frontline.domain.staff import Role

app = typer.Typer(help="Accounts for the support team.", no_args_is_help=True)


@app.callback()
def users() -> None:
    """Accounts for the support team."""  # a callback keeps `create` a subcommand


@app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="Login name: a-z, 0-9, '.', '_' and '-'.")],
    role: Annotated[Role, typer.Option(help="admin, supervisor or agent.")] = Role.agent,
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    queue: Annotated[
        list[str] | None, typer.Option("--queue", help="A queue the user works (repeatable).")
    ] = None,
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="Asked for when not given; at least 10 characters.",
        ),
    ] = "",
) -> None:
    """Create a member of the support team who logs into the workspace."""
    from frontline.services.accounts import create_staff_user

    try:
        user = create_staff_user(
            build(Settings()).store, username, password, role, name, queue or ()
        )
    except FrontlineError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(
        f"created {user.role.value} {user.username} ({user.id}), queues: {', '.join(user.queues)}"
    )
