"""How back-office records read in a reply: money, payment methods, items, orders.

Every word here comes from the record itself; nothing is invented.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def options_text(options: Mapping[str, Any]) -> str:
    return ", ".join(f"{name} {value}" for name, value in options.items())


def item_label(item: Mapping[str, Any]) -> str:
    """ "Mechanical Keyboard (switch type clicky, backlight RGB, size full size)"."""
    options = item.get("options") or {}
    return f"{item['name']} ({options_text(options)})" if options else str(item["name"])


def item_line(item: Mapping[str, Any]) -> str:
    return f"{item_label(item)}, {money(float(item['price']))}"


def join_words(words: Iterable[str]) -> str:
    listed = list(words)
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def payment_label(method: Mapping[str, Any]) -> str:
    source = method.get("source")
    if source == "credit_card":
        brand = str(method.get("brand") or "credit card").title()
        return f"{brand} credit card ending in {method.get('last_four', '????')}"
    if source == "gift_card":
        return f"gift card ({money(float(method.get('balance', 0)))} balance)"
    if source == "paypal":
        return "PayPal"
    return str(method.get("id"))


def order_total(order: Mapping[str, Any]) -> float:
    return round(sum(float(i["price"]) for i in order.get("items") or []), 2)


def order_option(order: Mapping[str, Any]) -> str:
    """One line per order for a choice: "#W2378156: Mechanical Keyboard, Smart Thermostat (delivered)"."""
    names = join_words(str(i["name"]) for i in order.get("items") or [])
    return f"{order['order_id']}: {names} ({order['status']})"


def address_text(address: Mapping[str, Any]) -> str:
    parts = [address.get("address1"), address.get("address2"), address.get("city")]
    head = ", ".join(str(p) for p in parts if p)
    return f"{head}, {address.get('state')} {address.get('zip')}, {address.get('country')}"


def tracking_text(order: Mapping[str, Any]) -> str:
    ids = [t for f in order.get("fulfillments") or [] for t in f.get("tracking_id") or []]
    return join_words(str(t) for t in ids)
