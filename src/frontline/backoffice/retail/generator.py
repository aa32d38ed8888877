"""A seeded generator of the demo retail store, in the τ²-bench retail `db.json` format.

The retail back office loads store files shaped like `{users, orders, products}`; this
module writes one from our own invented catalog, names and places (`catalog.py`,
`population.py`), so Frontline runs with a realistic store and ships no third-party data.
The same seed always gives the same store: every draw comes from one `random.Random(seed)`.

Orders are built the way the back-office tools would have left them: each is placed as
`pending` (paid in full with one of its customer's own methods, nothing shipped), then
moved on to its status:

    pending ──┬─> pending (item modified)   items swapped, difference paid or refunded
              ├─> cancelled                 cancel_reason, full refund
              └─> processed ──> delivered ──┬─> return requested    return_items, ...
                                            └─> exchange requested  exchange_items, ...
"""

import itertools
import random
from collections.abc import Iterable, Sequence
from typing import Any

from frontline.backoffice.retail.catalog import PRODUCT_TYPES, ProductType
from frontline.backoffice.retail.population import (
    DEMO_CUSTOMERS,
    FIRST_NAMES,
    LAST_NAMES,
    PLACES,
    STREETS,
    DemoCustomer,
    Place,
)
from frontline.backoffice.retail.store_records import (
    Address,
    CancelReason,
    Item,
    Order,
    OrderStatus,
    PaymentMethod,
    Product,
    User,
    Variant,
)

__all__ = ["DEMO_CUSTOMERS", "CancelReason", "DemoCustomer", "OrderStatus", "generate_store"]


# How often each status appears among the generated (non-demo) orders.
_STATUS_WEIGHTS: dict[OrderStatus, int] = {
    OrderStatus.PENDING: 30,
    OrderStatus.PROCESSED: 12,
    OrderStatus.DELIVERED: 32,
    OrderStatus.CANCELLED: 10,
    OrderStatus.RETURN_REQUESTED: 6,
    OrderStatus.EXCHANGE_REQUESTED: 6,
    OrderStatus.ITEM_MODIFIED: 4,
}
# Statuses in which the customer bought the items recently, so they were in stock.
_RECENT = {OrderStatus.PENDING, OrderStatus.PROCESSED, OrderStatus.ITEM_MODIFIED}
_CARD_BRANDS = ("visa", "visa", "mastercard", "mastercard", "amex", "discover")


class _Ids:
    """Draws ids never drawn (or reserved) before, in one pool: no item id equals a product id."""

    def __init__(self, rng: random.Random, reserved: Iterable[str]) -> None:
        self._rng = rng
        self._used = set(reserved)

    def new(self, prefix: str, digits: int) -> str:
        """`prefix` followed by `digits` random digits, the first of them not zero."""
        while True:
            candidate = f"{prefix}{self._rng.randint(10 ** (digits - 1), 10**digits - 1)}"
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate


def generate_store(seed: int = 7, users: int = 120, orders: int = 300) -> dict[str, Any]:
    """Return a demo store as a τ²-bench retail `db.json` dict: `{users, orders, products}`.

    `users` and `orders` count everything, the `DEMO_CUSTOMERS` and their orders included;
    there must be room for the demo customers, their two lookalikes, and one generated order
    in each status. Raises `ValueError` otherwise.
    """
    demo_orders = 2 * len(DEMO_CUSTOMERS)
    if users < len(DEMO_CUSTOMERS) + 2 or orders < demo_orders + len(OrderStatus):
        raise ValueError(
            f"a demo store needs at least {len(DEMO_CUSTOMERS) + 2} users and "
            f"{demo_orders + len(OrderStatus)} orders, not {users} and {orders}"
        )
    rng = random.Random(seed)
    ids = _Ids(rng, reserved=_demo_ids())
    products = {product["product_id"]: product for product in _build_catalog(rng, ids)}
    catalog = list(products.values())

    customers: dict[str, User] = {}
    all_orders: dict[str, Order] = {}
    for demo in DEMO_CUSTOMERS:
        user = customers[demo.user_id] = _demo_user(demo)
        for order in _demo_orders(rng, ids, demo, user, products):
            all_orders[order["order_id"]] = order

    generated = _random_users(rng, ids, users - len(DEMO_CUSTOMERS))
    customers.update((user["user_id"], user) for user in generated)

    # Some customers shop far more often than others.
    appetite = [rng.choice((0.3, 1.0, 1.0, 1.5, 2.0, 4.0)) for _ in generated]
    statuses = list(OrderStatus)  # one of each first, so every status is present
    statuses += rng.choices(
        list(_STATUS_WEIGHTS),
        weights=list(_STATUS_WEIGHTS.values()),
        k=orders - demo_orders - len(statuses),
    )
    for status in statuses:
        user = rng.choices(generated, weights=appetite)[0]
        order_id = ids.new("#W", 7)
        address = user["address"] if rng.random() < 0.85 else _random_address(rng)
        chosen = _pick_variants(rng, catalog, in_stock_only=status in _RECENT)
        method_id = rng.choice(list(user["payment_methods"]))
        order = _place_order(order_id, user, address, chosen, method_id)
        all_orders[order_id] = _move_to(rng, ids, order, status, user, products)

    return {"users": customers, "orders": all_orders, "products": products}


def _demo_ids() -> list[str]:
    """The demo customers' fixed ids, kept out of the random draws."""
    reserved: list[str] = []
    for demo in DEMO_CUSTOMERS:
        reserved += [demo.user_id, demo.email.split("@")[0]]
        reserved += [demo.delivered_order_id, demo.pending_order_id]
        reserved += [method.id for method in demo.payment_methods]
    return reserved


def _demo_orders(
    rng: random.Random, ids: _Ids, demo: DemoCustomer, user: User, products: dict[str, Product]
) -> list[Order]:
    """The demo customer's delivered order, then their newer pending one."""
    catalog = list(products.values())
    placed: list[Order] = []
    for order_id, names, status in (
        (demo.delivered_order_id, demo.delivered_products, OrderStatus.DELIVERED),
        (demo.pending_order_id, demo.pending_products, OrderStatus.PENDING),
    ):
        chosen = [_first_available_variant(_product_named(catalog, name)) for name in names]
        order = _place_order(order_id, user, user["address"], chosen, demo.payment_methods[0].id)
        placed.append(_move_to(rng, ids, order, status, user, products))
    return placed


# --- products ------------------------------------------------------------------------------


def _build_catalog(rng: random.Random, ids: _Ids) -> list[Product]:
    return [_build_product(rng, ids, product_type) for product_type in PRODUCT_TYPES]


def _build_product(rng: random.Random, ids: _Ids, product_type: ProductType) -> Product:
    combinations = list(
        itertools.product(*(dimension.values for dimension in product_type.options))
    )
    count = rng.randint(min(4, len(combinations)), min(14, len(combinations)))
    product_id = ids.new("", 10)
    variants: dict[str, Variant] = {}
    for index, combination in enumerate(rng.sample(combinations, count)):
        item_id = ids.new("", 10)
        price = (product_type.base_price + sum(delta for _, delta in combination)) * rng.uniform(
            0.94, 1.06
        )
        variants[item_id] = {
            "item_id": item_id,
            "options": {
                dimension.name: value
                for dimension, (value, _) in zip(product_type.options, combination, strict=True)
            },
            # The first two stay in stock so every product can be modified or exchanged.
            "available": index < 2 or rng.random() > 0.3,
            "price": round(price, 2),
        }
    return {"name": product_type.name, "product_id": product_id, "variants": variants}


def _product_named(catalog: Sequence[Product], name: str) -> Product:
    return next(product for product in catalog if product["name"] == name)


def _first_available_variant(product: Product) -> tuple[Product, Variant]:
    variant = next(variant for variant in product["variants"].values() if variant["available"])
    return product, variant


def _pick_variants(
    rng: random.Random, catalog: Sequence[Product], *, in_stock_only: bool
) -> list[tuple[Product, Variant]]:
    count = rng.choices((1, 2, 3, 4, 5), weights=(26, 28, 21, 15, 10))[0]
    chosen: list[tuple[Product, Variant]] = []
    for product in rng.sample(list(catalog), count):
        variants = [
            variant
            for variant in product["variants"].values()
            if variant["available"] or not in_stock_only
        ]
        chosen.append((product, rng.choice(variants)))
    if rng.random() < 0.04:  # now and then, two of the same item
        chosen.append(chosen[0])
    return chosen


def _another_variant(rng: random.Random, product: Product, item_id: str) -> Variant:
    """An available variant of the same product, for a modification or an exchange.

    People mostly change one thing (the size, the colour), so the variants closest to the
    current one are preferred.
    """
    current = product["variants"][item_id]["options"]
    others = [
        variant
        for variant in product["variants"].values()
        if variant["available"] and variant["item_id"] != item_id
    ]

    def shared(variant: Variant) -> int:
        return sum(variant["options"][option] == value for option, value in current.items())

    closest = max(shared(variant) for variant in others)
    return rng.choice([variant for variant in others if shared(variant) == closest])


# --- users ---------------------------------------------------------------------------------


def _demo_user(demo: DemoCustomer) -> User:
    methods: dict[str, PaymentMethod] = {}
    for method in demo.payment_methods:
        record: PaymentMethod = {"source": method.source, "id": method.id}
        if method.source == "credit_card":
            record["brand"] = method.brand
            record["last_four"] = method.last_four
        elif method.source == "gift_card":
            record["balance"] = method.balance
        methods[method.id] = record
    address: Address = {
        "address1": demo.address1,
        "address2": demo.address2,
        "city": demo.city,
        "country": "USA",
        "state": demo.state,
        "zip": demo.zip,
    }
    return {
        "user_id": demo.user_id,
        "name": {"first_name": demo.first_name, "last_name": demo.last_name},
        "address": address,
        "email": demo.email,
        "payment_methods": methods,
        "orders": [],
    }


def _lookalikes(rng: random.Random, ids: _Ids, demo: DemoCustomer) -> list[User]:
    """A namesake of `demo` in another city, and a neighbour sharing their first name."""
    elsewhere = rng.choice([place for place in PLACES if place.city != demo.city])
    neighbour = rng.choice([name for name in LAST_NAMES if name != demo.last_name])
    home = Address(
        address1=f"{rng.randint(10, 9899)} {rng.choice(STREETS)}",
        address2="",
        city=demo.city,
        country="USA",
        state=demo.state,
        zip=demo.zip,
    )
    return [
        _random_user(rng, ids, (demo.first_name, demo.last_name), _random_address(rng, elsewhere)),
        _random_user(rng, ids, (demo.first_name, neighbour), home),
    ]


def _random_users(rng: random.Random, ids: _Ids, count: int) -> list[User]:
    """`count` customers, starting with the lookalikes of the last demo customer.

    First names repeat and so may zip codes; full names repeat only once the draws run short.
    """
    generated = _lookalikes(rng, ids, DEMO_CUSTOMERS[-1])
    taken = {(demo.first_name, demo.last_name) for demo in DEMO_CUSTOMERS}
    while len(generated) < count:
        for _ in range(20):
            name = (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
            if name not in taken:
                break
        taken.add(name)
        generated.append(_random_user(rng, ids, name))
    return generated


def _random_user(
    rng: random.Random, ids: _Ids, name: tuple[str, str], address: Address | None = None
) -> User:
    first, last = name
    user_id = ids.new(f"{first.lower()}_{last.lower()}_", 4)
    email = ids.new(f"{first.lower()}.{last.lower()}", 4) + "@example.com"
    methods: dict[str, PaymentMethod] = {}
    count = rng.choices((1, 2, 3), weights=(55, 33, 12))[0]
    for source in rng.sample(("credit_card", "paypal", "gift_card", "credit_card"), count):
        method_id = ids.new(f"{source}_", 7)
        record: PaymentMethod = {"source": source, "id": method_id}
        if source == "credit_card":
            record["brand"] = rng.choice(_CARD_BRANDS)
            record["last_four"] = f"{rng.randint(0, 9999):04d}"
        elif source == "gift_card":
            record["balance"] = round(rng.choice((0.0, rng.uniform(5, 300))), 2)
        methods[method_id] = record
    return {
        "user_id": user_id,
        "name": {"first_name": first, "last_name": last},
        "address": address or _random_address(rng),
        "email": email,
        "payment_methods": methods,
        "orders": [],
    }


def _random_address(rng: random.Random, place: Place | None = None) -> Address:
    place = place or rng.choice(PLACES)
    second_line = rng.choice(
        (
            "",
            "",
            "",
            f"Apt {rng.randint(1, 40)}{rng.choice('ABCD')}",
            f"Unit {rng.randint(1, 300)}",
            f"Suite {rng.randint(100, 999)}",
        )
    )
    return {
        "address1": f"{rng.randint(10, 9899)} {rng.choice(STREETS)}",
        "address2": second_line,
        "city": place.city,
        "country": "USA",
        "state": place.state,
        "zip": f"{place.zip_prefix}{rng.randint(1, place.max_suffix):02d}",
    }


# --- orders --------------------------------------------------------------------------------


def _place_order(
    order_id: str,
    user: User,
    address: Address,
    chosen: Sequence[tuple[Product, Variant]],
    method_id: str,
) -> Order:
    """A new pending order, paid in full; it is added to the customer's order list."""
    items: list[Item] = [
        {
            "name": product["name"],
            "product_id": product["product_id"],
            "item_id": variant["item_id"],
            "price": variant["price"],
            "options": dict(variant["options"]),
        }
        for product, variant in chosen
    ]
    user["orders"].append(order_id)
    return {
        "order_id": order_id,
        "user_id": user["user_id"],
        "address": address.copy(),
        "items": items,
        "status": OrderStatus.PENDING.value,
        "fulfillments": [],
        "payment_history": [
            {
                "transaction_type": "payment",
                "amount": _total(item["price"] for item in items),
                "payment_method_id": method_id,
            }
        ],
    }


def _move_to(
    rng: random.Random,
    ids: _Ids,
    order: Order,
    status: OrderStatus,
    user: User,
    products: dict[str, Product],
) -> Order:
    """Move a pending order on to `status`, recording what that step leaves behind."""
    if status is OrderStatus.PENDING:
        return order
    if status is OrderStatus.ITEM_MODIFIED:
        return _modify_items(rng, order, user, products)
    # Like the store files we load, every non-pending order (cancelled ones included)
    # carries one shipment of all its items.
    order["fulfillments"] = [
        {"tracking_id": [ids.new("", 12)], "item_ids": [item["item_id"] for item in order["items"]]}
    ]
    order["status"] = status.value
    if status is OrderStatus.CANCELLED:
        _cancel(rng, order)
    elif status is OrderStatus.RETURN_REQUESTED:
        _request_return(rng, order, user)
    elif status is OrderStatus.EXCHANGE_REQUESTED:
        _request_exchange(rng, order, user, products)
    return order


def _cancel(rng: random.Random, order: Order) -> None:
    """Record an accepted reason and refund every payment to where it came from."""
    order["cancel_reason"] = rng.choice(list(CancelReason)).value
    order["payment_history"] += [
        {
            "transaction_type": "refund",
            "amount": payment["amount"],
            "payment_method_id": payment["payment_method_id"],
        }
        for payment in order["payment_history"]
    ]


def _request_return(rng: random.Random, order: Order, user: User) -> None:
    """Return some items, refunded to the original method or to one of the user's gift cards."""
    returned = _some_items(rng, order)
    original = order["payment_history"][0]["payment_method_id"]
    gift_cards = [key for key, m in user["payment_methods"].items() if m["source"] == "gift_card"]
    order["return_items"] = sorted(item["item_id"] for item in returned)
    order["return_payment_method_id"] = rng.choice([original, *gift_cards])


def _request_exchange(
    rng: random.Random, order: Order, user: User, products: dict[str, Product]
) -> None:
    """Exchange some items for other variants; the difference is settled when they arrive."""
    exchanged = _some_items(rng, order)
    new = [
        _another_variant(rng, products[item["product_id"]], item["item_id"]) for item in exchanged
    ]
    difference = _total(n["price"] - old["price"] for n, old in zip(new, exchanged, strict=True))
    order["exchange_items"] = sorted(item["item_id"] for item in exchanged)
    order["exchange_new_items"] = sorted(variant["item_id"] for variant in new)
    order["exchange_payment_method_id"] = _difference_method(rng, order, user, difference)
    order["exchange_price_difference"] = difference


def _modify_items(
    rng: random.Random, order: Order, user: User, products: dict[str, Product]
) -> Order:
    """Swap some items for other variants; the price difference is paid or refunded."""
    modified = _some_items(rng, order)
    difference = 0.0
    for item in modified:
        variant = _another_variant(rng, products[item["product_id"]], item["item_id"])
        difference += variant["price"] - item["price"]
        item["item_id"] = variant["item_id"]
        item["price"] = variant["price"]
        item["options"] = dict(variant["options"])
    difference = round(difference, 2)
    order["payment_history"].append(
        {
            "transaction_type": "payment" if difference > 0 else "refund",
            "amount": abs(difference),
            "payment_method_id": _difference_method(rng, order, user, difference),
        }
    )
    order["status"] = OrderStatus.ITEM_MODIFIED.value
    return order


def _some_items(rng: random.Random, order: Order) -> list[Item]:
    """One or two of the order's items (a customer rarely changes a whole order)."""
    count = min(len(order["items"]), rng.choice((1, 1, 1, 2)))
    return rng.sample(order["items"], count)


def _difference_method(rng: random.Random, order: Order, user: User, difference: float) -> str:
    """A method of the customer's that can settle `difference`: a gift card must cover it."""
    usable = [
        key
        for key, method in user["payment_methods"].items()
        if method.get("balance", difference) >= difference
    ]
    return rng.choice(usable) if usable else order["payment_history"][0]["payment_method_id"]


def _total(prices: Iterable[float]) -> float:
    return round(sum(prices), 2)
