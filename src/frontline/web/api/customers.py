"""Customers: the CRM record, search, and orders from the back office."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from frontline.domain.ids import CustomerId
from frontline.services import customers
from frontline.web.api.render import render_customer
from frontline.web.api.schemas import CustomerOut
from frontline.web.deps import App, Token

router = APIRouter(prefix="/api/v1/customers", tags=["customers"])


@router.get("")
def search_customers(
    app: App,
    _: Token,
    query: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[CustomerOut]:
    return [render_customer(c) for c in customers.search_customers(app.store, query, limit)]


@router.get("/{customer_id}")
def get_customer(customer_id: str, app: App, _: Token) -> CustomerOut:
    return render_customer(customers.get_customer(app.store, CustomerId(customer_id)))


@router.get("/{customer_id}/orders")
def customer_orders(customer_id: str, app: App, _: Token) -> list[Any]:
    return customers.customer_orders(app.store, app.backoffice, CustomerId(customer_id))
