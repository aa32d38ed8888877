"""The back office over HTTP, for external agents and evaluation harnesses (admin token).

These calls skip the policy engine: a harness such as τ²-bench runs the back office itself, with
no conversation or customer to check against. Staff act for a customer through
``POST /api/v1/conversations/{id}/actions`` (web/api/actions.py), which goes through policy.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header

from frontline.backoffice.retail.output import render_output
from frontline.services.backoffice import run_backoffice_tool
from frontline.web.api.schemas import ToolArgumentOut, ToolOut, ToolRunOut
from frontline.web.deps import AdminToken, App, Token

router = APIRouter(prefix="/api/v1/backoffice", tags=["backoffice"])


@router.get("/tools")
def list_tools(app: App, _: Token) -> list[ToolOut]:
    return [
        ToolOut(
            name=spec.name,
            description=spec.description,
            writes=spec.writes,
            arguments=[
                ToolArgumentOut(name=a.name, type=a.type, required=a.required)
                for a in spec.arguments
            ],
        )
        for spec in app.backoffice.tools()
    ]


@router.post("/tools/{name}")
def run_tool(
    name: str,
    app: App,
    token: AdminToken,
    arguments: Annotated[dict[str, Any], Body(default_factory=dict)],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> ToolRunOut:
    """Run one tool. A write sent with an ``Idempotency-Key`` header runs once: sending it
    again with the same key returns the first result (409 when the call differs)."""
    run = run_backoffice_tool(
        app.store, app.backoffice, name, arguments, f"token:{token.name}", idempotency_key
    )
    output = f"Error: {run.error}" if run.error is not None else render_output(run.result)
    return ToolRunOut(
        name=run.name, outcome=run.outcome.value, result=run.result, error=run.error, output=output
    )
