"""The audit log over HTTP, newest first (admin token)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from frontline.domain.audit import AuditEntry
from frontline.services.audit import audit_entries
from frontline.web.deps import AdminToken, App

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


class AuditEntryOut(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


def render_audit_entry(entry: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(
        seq=entry.seq,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        target=entry.target,
        details=entry.details,
        prev_hash=entry.prev_hash,
        hash=entry.hash,
    )


@router.get("")
def list_audit_entries(
    app: App,
    _: AdminToken,
    before: Annotated[int | None, Query(ge=1, description="Entries before this seq")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    action: Annotated[str | None, Query(max_length=64, description="Action prefix")] = None,
) -> list[AuditEntryOut]:
    return [render_audit_entry(e) for e in audit_entries(app.store, before, limit, action)]
