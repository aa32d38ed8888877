"""Rendering workspace pages: one Jinja2 environment with autoescaping on for every template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from frontline.web.console.session import csrf_token

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

# autoescape=True for every template, whatever its extension: customer text is untrusted.
templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, auto_reload=False)
)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    flash = request.session.pop("flash", None) if "session" in request.scope else None
    return templates.TemplateResponse(
        request,
        name,
        {"csrf": csrf_token(request), "flash": flash, **context},
        status_code=status_code,
    )


def flash(request: Request, kind: str, text: str) -> None:
    """A one-time message shown on the next page (errors of a form post, 'sent')."""
    request.session["flash"] = {"kind": kind, "text": text}
