"""How customers describe orders: by the items in them, their options, where they went, price."""

from __future__ import annotations

import re
from typing import Any

from frontline.agent.reading.mentions import find_mentions, mentioned_items

_TOKEN = re.compile(r"[a-z0-9]+(?:['’.-][a-z0-9]+)*")
_SIZE_WORDS = {"small": "s", "medium": "m", "large": "l", "extra-large": "xl"}
_NOT_DESCRIPTIVE = frozenset(
    [
        "the",
        "a",
        "an",
        "one",
        "my",
        "me",
        "i",
        "it",
        "its",
        "in",
        "on",
        "of",
        "to",
        "for",
        "and",
        "or",
        "with",
        "that",
        "this",
        "which",
        "was",
        "were",
        "is",
        "order",
        "orders",
        "item",
        "items",
        "not",
        "no",
        "yes",
    ]
)
CHEAPER = re.compile(r"\b(?:cheaper|less expensive|lower price|cheapest)\b", re.IGNORECASE)
PRICIER = re.compile(
    r"\b(?:pricier|more expensive|higher price|most expensive|priciest)\b", re.IGNORECASE
)


def words(text: str) -> set[str]:
    found = set(_TOKEN.findall(text.lower())) - _NOT_DESCRIPTIVE
    return found | {_SIZE_WORDS[w] for w in found if w in _SIZE_WORDS}


def _order_words(order: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for item in order.get("items") or []:
        for value in (item.get("options") or {}).values():
            found |= words(str(value))
    address = order.get("address") or {}
    for part in ("city", "state", "zip", "address1"):
        found |= words(str(address.get(part, "")))
    return found


def described_order(text: str, orders: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one order ``text`` describes: "the one that went to Chicago", "the 15-inch one with
    32GB", "the less expensive tablet". None when no single order fits best."""
    if not orders:
        return None
    if len(orders) == 1:
        return orders[0] if words(text) & _order_words(orders[0]) else None
    if CHEAPER.search(text) or PRICIER.search(text):
        totals = [(named_total(text, o), o["order_id"]) for o in orders]
        pick = min(totals) if CHEAPER.search(text) else max(totals)
        if sum(1 for t in totals if t[0] == pick[0]) == 1:
            return next(o for o in orders if o["order_id"] == pick[1])
    wanted = words(text)
    scores = sorted(
        ((len(wanted & _order_words(o)), i) for i, o in enumerate(orders)), reverse=True
    )
    if scores[0][0] > 0 and scores[0][0] > scores[1][0]:
        return orders[scores[0][1]]
    return None


def named_total(text: str, order: dict[str, Any]) -> float:
    """The price of the items ``text`` names in ``order`` (all items when it names none)."""
    items = order.get("items") or []
    named = [items[m.index] for m in mentioned_items(text, items)] or items
    return round(sum(float(i["price"]) for i in named), 2)


def orders_with_named_items(text: str, orders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The orders holding an item the text names; names are matched across all the orders, so
    "electric kettle" does not also pick an order's "Tea Kettle" by its head noun."""
    names = sorted({str(i["name"]) for o in orders for i in o.get("items") or []})
    named = {names[m.index] for m in find_mentions(text, names)}
    return [o for o in orders if any(i["name"] in named for i in o.get("items") or [])]


def orders_with_all_named(text: str, orders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = sorted({str(i["name"]) for o in orders for i in o.get("items") or []})
    named = {names[m.index] for m in find_mentions(text, names)}
    return [o for o in orders if named <= {str(i["name"]) for i in o.get("items") or []}]


def items_in_several(text: str, orders: list[dict[str, Any]]) -> bool:
    """True when the items named are spread over several orders (each has one the others lack)."""
    if len(orders) < 2:
        return False
    names = sorted({str(i["name"]) for o in orders for i in o["items"]})
    mentioned = {names[m.index] for m in find_mentions(text, names)}
    named = [{str(i["name"]) for i in o["items"]} & mentioned for o in orders]
    return all(
        names - set().union(*(n for j, n in enumerate(named) if j != i))
        for i, names in enumerate(named)
    )


def mentioned_any(text: str, orders: list[dict[str, Any]]) -> bool:
    return bool(orders_with_named_items(text, orders))


SENT_TO = re.compile(
    r"\b(?:sent|shipped|went|gone|going|delivered|addressed|mailed)\s+(?:out\s+)?to\b",
    re.IGNORECASE,
)


# "... for the same type as the one I received": what follows describes another item
LIKE_OTHER = re.compile(
    r"\b(?:same (?:type|kind|model|version|one|options?)|the (?:type|kind|model|one)"
    r" (?:that'?s|that is|i))\b",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"(?<=[.;!?])\s+")  # between sentences
# not after a copula ("that's all", "that is everything", "those three are everything I want"),
# which closes what was said and quantifies nothing
NOT_CLOSING = (
    r"(?<!\bare )(?<!'re )(?<!\bis )(?<!'s )(?<!\bthats )(?<!\bwas )(?<!\bwere )(?<!\bbe )"
)
CLAUSE = re.compile(r"[,.;!?()]+|\bbut\b", re.IGNORECASE)  # parts of a sentence
_ANOTHER_ORDER = re.compile(r"\b(?:another|(?:my|the) other) order\b", re.IGNORECASE)


def the_other_order(
    text: str, eligible: list[dict[str, Any]], orders: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """ "The luggage set went to the new place, but I have another order going to my old
    address": the one eligible order that is not the one holding the items named elsewhere."""
    clauses = CLAUSE.split(text)
    other = [c for c in clauses if _ANOTHER_ORDER.search(c)]
    if not other or any(mentioned_any(c, orders) for c in other):
        return None  # "the boots in my other order" names the order by its items
    named = {
        str(o["order_id"])
        for c in clauses
        if c not in other
        for o in orders_with_named_items(c, orders)
    }
    rest = [o for o in eligible if str(o["order_id"]) not in named]
    return rest[0] if named and len(rest) == 1 else None
