"""A customer's personal data over HTTP: export and erasure (admin token)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from frontline.domain.ids import CustomerId
from frontline.services import privacy
from frontline.services.audit import token_actor
from frontline.web.deps import AdminToken, App

router = APIRouter(prefix="/api/v1/customers", tags=["privacy"])


class ErasureOut(BaseModel):
    customer_id: str
    changed: dict[str, int]


@router.get("/{customer_id}/export")
def export_customer(customer_id: str, app: App, token: AdminToken) -> dict[str, Any]:
    return privacy.export_customer(app.store, CustomerId(customer_id), token_actor(token.name))


@router.post("/{customer_id}/erase")
def erase_customer(customer_id: str, app: App, token: AdminToken) -> ErasureOut:
    erasure = privacy.erase_customer(app.store, CustomerId(customer_id), token_actor(token.name))
    return ErasureOut(customer_id=erasure.customer_id, changed=erasure.changed)
