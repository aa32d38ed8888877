"""``frontline kb``: the knowledge base's articles (mounted by ``frontline.cli.main``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from frontline.bootstrap import build
from frontline.config import Settings
from frontline.domain.errors import FrontlineError

app = typer.Typer(help="Knowledge-base articles.", no_args_is_help=True)


@app.callback()
def kb() -> None:
    """Knowledge-base articles."""


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="A folder of Markdown files with front matter.")],
) -> None:
    """Import a folder of articles; by slug, so running it again changes nothing."""
    from frontline.services.articles import import_articles

    frontline = build(Settings())
    try:
        report = import_articles(frontline.knowledge.store, path)
    except FrontlineError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(1) from error
    typer.echo(str(report))
    if report.errors:
        raise typer.Exit(1)


@app.command("export")
def export(
    path: Annotated[Path, typer.Argument(help="The folder to write <slug>.md files into.")],
) -> None:
    """Write every article back as Markdown with its front matter."""
    from frontline.services.articles import export_articles

    count = export_articles(build(Settings()).knowledge.store, path)
    typer.echo(f"exported {count} articles to {path}")


@app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="What a customer would ask.")],
    limit: Annotated[int, typer.Option(min=1, max=50)] = 5,
) -> None:
    """Search the published articles as the portal and the agent do."""
    for result in build(Settings()).knowledge.search(query, limit):
        typer.echo(f"{result.score:.2f}  {result.slug}  {result.title}")


@app.command("gaps")
def gaps(
    top: Annotated[int, typer.Option(min=1, max=500, help="Clusters to show.")] = 20,
) -> None:
    """Questions the agent could not answer, grouped by meaning, with counts and examples."""
    found = build(Settings()).knowledge.gaps()
    if not found:
        typer.echo("no unanswered questions")
    for gap in found[:top]:
        typer.echo(f"{gap.count:>5}  {gap.label}")
        for example in gap.examples:
            typer.echo(f"         - {example}")
