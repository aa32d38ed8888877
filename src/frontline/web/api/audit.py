"""The audit log over HTTP, newest first (admin token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from frontline.domain.audit import AuditEntry
from frontline.services.audit import audit_entries
from frontline.web.deps import AdminToken, App

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])
MAX_SEQ = 2**63 - 1  # seq is a 64-bit integer in storage


@router.get("")
def list_audit_entries(
    app: App,
    _: AdminToken,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_SEQ, description="Entries before this seq")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    action: Annotated[str | None, Query(max_length=64, description="Action prefix")] = None,
) -> list[AuditEntry]:
    """Entries as stored: ``seq``, ``at``, ``actor``, ``action``, ``target``, ``details``,
    ``prev_hash`` and ``hash``."""
    return list(audit_entries(app.store, before, limit, action))
