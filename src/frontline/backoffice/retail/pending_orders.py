"""Changes to pending orders: cancel, new address, new payment method, other items.

Each function checks in τ²'s order (so the first failing check gives τ²'s message), then changes
the records it loaded and puts them back; the caller's transaction makes that atomic.
"""

from __future__ import annotations

from collections.abc import Sequence

from frontline.backoffice.port import OperationFailed
from frontline.backoffice.retail.orders import first_item, missing_item_id, require_order
from frontline.backoffice.retail.products import require_variant
from frontline.backoffice.retail.records import Address, Order, Payment
from frontline.backoffice.retail.store import RetailSession
from frontline.backoffice.retail.users import (
    add_to_balance,
    is_gift_card,
    require_payment_method,
    require_user,
)

CANCEL_REASONS = ("no longer needed", "ordered by mistake")


def cancel_pending_order(session: RetailSession, order_id: str, reason: str) -> Order:
    """Cancel an order whose status is exactly "pending" and refund every payment of it;
    gift cards are credited at once."""
    order = require_order(session, order_id)
    if order["status"] != "pending":
        raise OperationFailed("Non-pending order cannot be cancelled")
    if reason not in CANCEL_REASONS:
        raise OperationFailed("Invalid reason")
    refunds = [
        _transaction("refund", payment["amount"], payment["payment_method_id"])
        for payment in order["payment_history"]
    ]
    if refunds:  # τ² looks the user up per payment: an order without payments needs none
        user = require_user(session, order["user_id"])
        for refund in refunds:
            method = require_payment_method(user, refund["payment_method_id"])
            if is_gift_card(method):
                add_to_balance(method, refund["amount"])
        session.put_user(user)
    order["status"] = "cancelled"
    order["cancel_reason"] = reason
    order["payment_history"].extend(refunds)
    session.put_order(order)
    return order


def modify_pending_order_address(session: RetailSession, order_id: str, address: Address) -> Order:
    """New shipping address for an order whose status contains "pending" (as in τ²)."""
    order = require_order(session, order_id)
    if "pending" not in order["status"]:
        raise OperationFailed("Non-pending order cannot be modified")
    order["address"] = address
    session.put_order(order)
    return order


def modify_pending_order_payment(
    session: RetailSession, order_id: str, payment_method_id: str
) -> Order:
    """Pay a pending order (status contains "pending") with another of the user's methods:
    records the new payment and the refund of the old one, and moves gift-card balances."""
    order = require_order(session, order_id)
    if "pending" not in order["status"]:
        raise OperationFailed("Non-pending order cannot be modified")
    user = require_user(session, order["user_id"])
    method = require_payment_method(user, payment_method_id)
    history = order["payment_history"]
    if len(history) != 1 or history[0]["transaction_type"] != "payment":
        raise OperationFailed("There should be exactly one payment for a pending order")
    old_method_id = history[0]["payment_method_id"]
    if old_method_id == payment_method_id:
        raise OperationFailed("The new payment method should be different from the current one")
    amount = history[0]["amount"]
    if is_gift_card(method) and method["balance"] < amount:
        raise OperationFailed("Insufficient gift card balance to pay for the order")
    history.append(_transaction("payment", amount, payment_method_id))
    history.append(_transaction("refund", amount, old_method_id))
    if is_gift_card(method):
        add_to_balance(method, -amount)
    old_method = require_payment_method(user, old_method_id)
    if is_gift_card(old_method):
        add_to_balance(old_method, amount)
    session.put_order(order)
    session.put_user(user)
    return order


def modify_pending_order_items(
    session: RetailSession,
    order_id: str,
    item_ids: Sequence[str],
    new_item_ids: Sequence[str],
    payment_method_id: str,
) -> Order:
    """Swap items of an order whose status is exactly "pending" for other variants of the same
    products; the price difference is paid or refunded with `payment_method_id`.

    Unlike τ² (which gives every modified item the price and options of the last new variant),
    each item takes its own new variant's price and options.
    """
    order = require_order(session, order_id)
    if order["status"] != "pending":
        raise OperationFailed("Non-pending order cannot be modified")
    missing = missing_item_id(order, item_ids)
    if missing is not None:
        raise OperationFailed(f"{missing} not found")
    if len(item_ids) != len(new_item_ids):
        raise OperationFailed("The number of items to be exchanged should match")
    diff_price: float = 0
    for item_id, new_item_id in zip(item_ids, new_item_ids, strict=True):
        if item_id == new_item_id:
            raise OperationFailed("The new item id should be different from the old item id")
        item = first_item(order, item_id)
        if item is None:
            raise OperationFailed(f"Item {item_id} not found")
        variant = require_variant(session, item["product_id"], new_item_id)
        if not variant["available"]:
            raise OperationFailed(f"New item {new_item_id} not found or available")
        diff_price += variant["price"] - item["price"]
    user = require_user(session, order["user_id"])
    method = require_payment_method(user, payment_method_id)
    if is_gift_card(method) and method["balance"] < diff_price:
        raise OperationFailed("Insufficient gift card balance to pay for the new item")
    kind = "payment" if diff_price > 0 else "refund"
    # τ² records the unrounded difference (e.g. 71.96000000000001) but rounds the balance.
    order["payment_history"].append(_transaction(kind, abs(diff_price), payment_method_id))
    if is_gift_card(method):
        add_to_balance(method, -diff_price)
    _swap_items(session, order, item_ids, new_item_ids)
    order["status"] = "pending (item modified)"
    session.put_order(order)
    session.put_user(user)
    return order


def _swap_items(
    session: RetailSession, order: Order, item_ids: Sequence[str], new_item_ids: Sequence[str]
) -> None:
    # One pair at a time, each time on the first item still holding the old id, as τ² does.
    for item_id, new_item_id in zip(item_ids, new_item_ids, strict=True):
        item = first_item(order, item_id)
        if item is None:  # cannot happen after the checks; kept for τ²'s message
            raise OperationFailed(f"Item {item_id} not found")
        variant = require_variant(session, item["product_id"], new_item_id)
        item["item_id"] = new_item_id
        item["price"] = variant["price"]
        item["options"] = variant["options"]


def _transaction(kind: str, amount: float, payment_method_id: str) -> Payment:
    # τ²'s OrderPayment.amount is a float field: an integer amount becomes a float.
    return {
        "transaction_type": kind,
        "amount": float(amount),
        "payment_method_id": payment_method_id,
    }
