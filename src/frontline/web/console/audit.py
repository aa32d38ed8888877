"""The admins' audit log page: entries newest first, filtered by action, and the chain check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from frontline.services.audit import access_audit_log, audit_entries, verify_audit_log
from frontline.web.console.pages import render
from frontline.web.console.session import Staff
from frontline.web.deps import App

router = APIRouter(prefix="/console/audit", include_in_schema=False)
PAGE = 100


@router.get("")
def audit_page(
    request: Request,
    app: App,
    staff: Staff,
    before: Annotated[int | None, Query(ge=1)] = None,
    action: Annotated[str, Query(max_length=64)] = "",
    verify: bool = False,
) -> Response:
    access_audit_log(staff)
    entries = audit_entries(app.store, before, PAGE + 1, action or None)
    more = len(entries) > PAGE
    entries = entries[:PAGE]
    return render(
        request,
        "audit.html",
        staff=staff,
        entries=entries,
        action=action,
        next_before=entries[-1].seq if more else None,
        verification=verify_audit_log(app.store) if verify else None,
    )
