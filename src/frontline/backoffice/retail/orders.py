"""Orders: reading them, and the checks every order operation shares (τ² retail semantics)."""

from __future__ import annotations

from collections.abc import Sequence

from frontline.backoffice.port import OperationFailed
from frontline.backoffice.retail.records import Item, Order
from frontline.backoffice.retail.store import RetailSession


def require_order(session: RetailSession, order_id: str) -> Order:
    order = session.get_order(order_id)
    if order is None:
        raise OperationFailed("Order not found")
    return order


def get_order_details(session: RetailSession, order_id: str) -> Order:
    return require_order(session, order_id)


def first_item(order: Order, item_id: str) -> Item | None:
    """The first item of `order` with this item id (τ² always takes the first one)."""
    return next((item for item in order["items"] if item["item_id"] == item_id), None)


def missing_item_id(order: Order, item_ids: Sequence[str]) -> str | None:
    """An id listed more often in `item_ids` than the order holds it, if any (duplicates count)."""
    held = [item["item_id"] for item in order["items"]]
    return next((i for i in item_ids if item_ids.count(i) > held.count(i)), None)
