"""Requests on delivered orders: return items, exchange items (τ² retail semantics).

Both only record the request (status, item lists, payment method); money moves later, outside
the back office, so no balance changes here.
"""

from __future__ import annotations

from collections.abc import Sequence

from frontline.backoffice.port import OperationFailed
from frontline.backoffice.retail.orders import first_item, missing_item_id, require_order
from frontline.backoffice.retail.products import require_variant
from frontline.backoffice.retail.records import Order
from frontline.backoffice.retail.store import RetailSession
from frontline.backoffice.retail.users import is_gift_card, require_payment_method, require_user


def return_delivered_order_items(
    session: RetailSession, order_id: str, item_ids: Sequence[str], payment_method_id: str
) -> Order:
    """Request the return of `item_ids`; the refund goes to the original payment method or to
    any gift card of the user."""
    order = require_order(session, order_id)
    if order["status"] != "delivered":
        raise OperationFailed("Non-delivered order cannot be returned")
    user = require_user(session, order["user_id"])
    method = require_payment_method(user, payment_method_id)
    history = order["payment_history"]
    original = history[0]["payment_method_id"] if history else None
    if not is_gift_card(method) and payment_method_id != original:
        raise OperationFailed("Payment method should be the original payment method")
    if missing_item_id(order, item_ids) is not None:
        raise OperationFailed("Some item not found")
    order["status"] = "return requested"
    order["return_items"] = sorted(item_ids)
    order["return_payment_method_id"] = payment_method_id
    session.put_order(order)
    return order


def exchange_delivered_order_items(
    session: RetailSession,
    order_id: str,
    item_ids: Sequence[str],
    new_item_ids: Sequence[str],
    payment_method_id: str,
) -> Order:
    """Request the exchange of `item_ids` for available variants of the same products; the
    price difference (rounded to cents) is paid or refunded with `payment_method_id`."""
    order = require_order(session, order_id)
    if order["status"] != "delivered":
        raise OperationFailed("Non-delivered order cannot be exchanged")
    missing = missing_item_id(order, item_ids)
    if missing is not None:
        raise OperationFailed(f"Number of {missing} not found.")
    if len(item_ids) != len(new_item_ids):
        raise OperationFailed("The number of items to be exchanged should match.")
    diff_price: float = 0
    for item_id, new_item_id in zip(item_ids, new_item_ids, strict=True):
        item = first_item(order, item_id)
        if item is None:
            raise OperationFailed(f"Item {item_id} not found")
        variant = require_variant(session, item["product_id"], new_item_id)
        if not variant["available"]:
            raise OperationFailed(f"New item {new_item_id} not found or available")
        diff_price += variant["price"] - item["price"]
    diff_price = round(diff_price, 2)
    method = require_payment_method(require_user(session, order["user_id"]), payment_method_id)
    if is_gift_card(method) and method["balance"] < diff_price:
        raise OperationFailed("Insufficient gift card balance to pay for the price difference")
    order["status"] = "exchange requested"
    order["exchange_items"] = sorted(item_ids)
    order["exchange_new_items"] = sorted(new_item_ids)
    order["exchange_payment_method_id"] = payment_method_id
    order["exchange_price_difference"] = diff_price
    session.put_order(order)
    return order
