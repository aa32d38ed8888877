"""Validated records of the retail store, in the τ²-bench retail `db.json` shape.

`check_store_data` is the deserialization boundary: it takes any parsed JSON, checks it against
the τ² data model and returns a `StoreData` whose every record has τ²'s field order (so results
render exactly as τ²'s `model_dump()`), whose float fields hold floats (τ² coerces `9` to
`9.0` on load) and which has no null optional order fields (the db.json shape). Unknown keys are
dropped, as τ²'s models drop them. Anything else raises `StoreDataError` naming the bad path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypedDict, TypeVar

from frontline.backoffice.retail.store_records import (
    Address,
    Fulfillment,
    Item,
    Order,
    OrderStatus,
    Payment,
    PaymentMethod,
    Product,
    User,
    Variant,
)

__all__ = [
    "ORDER_OPTIONAL_FIELDS",
    "Address",
    "Item",
    "Order",
    "OrderOut",
    "Payment",
    "PaymentMethod",
    "Product",
    "StoreData",
    "StoreDataError",
    "User",
    "Variant",
    "check_order",
    "check_product",
    "check_store_data",
    "check_user",
    "order_out",
]

T = TypeVar("T")

# τ²'s Order model field order: seven required fields, then seven that dump as null when unset.
_ORDER_REQUIRED_FIELDS = (
    "order_id",
    "user_id",
    "address",
    "items",
    "status",
    "fulfillments",
    "payment_history",
)
ORDER_OPTIONAL_FIELDS = (
    "cancel_reason",
    "exchange_items",
    "exchange_new_items",
    "exchange_payment_method_id",
    "exchange_price_difference",
    "return_items",
    "return_payment_method_id",
)
_ORDER_STATUSES = frozenset(status.value for status in OrderStatus)
_CANCEL_REASONS = frozenset({"no longer needed", "ordered by mistake"})
_TRANSACTION_TYPES = frozenset({"payment", "refund"})


class StoreData(TypedDict):
    users: dict[str, User]
    orders: dict[str, Order]
    products: dict[str, Product]


class OrderOut(TypedDict):
    """An order as τ² returns it: the db.json record plus the optional fields, null when unset."""

    order_id: str
    user_id: str
    address: Address
    items: list[Item]
    status: str
    fulfillments: list[Fulfillment]
    payment_history: list[Payment]
    cancel_reason: str | None
    exchange_items: list[str] | None
    exchange_new_items: list[str] | None
    exchange_payment_method_id: str | None
    exchange_price_difference: float | None
    return_items: list[str] | None
    return_payment_method_id: str | None


class StoreDataError(ValueError):
    """The data is not a valid τ²-retail store; the message says where and why."""


def order_out(order: Order) -> OrderOut:
    raw: Mapping[str, Any] = order
    out = {key: raw[key] for key in _ORDER_REQUIRED_FIELDS}
    out.update({key: raw.get(key) for key in ORDER_OPTIONAL_FIELDS})
    return out  # type: ignore[return-value]  # built key by key in OrderOut's order


def check_store_data(raw: object) -> StoreData:
    top = _object("store", raw)
    return {
        "users": _keyed("users", top.get("users"), "user_id", check_user),
        "orders": _keyed("orders", top.get("orders"), "order_id", check_order),
        "products": _keyed("products", top.get("products"), "product_id", check_product),
    }


def check_user(path: str, raw: object) -> User:
    user = _object(path, raw)
    name = _object(f"{path}.name", user.get("name"))
    methods = _object(f"{path}.payment_methods", user.get("payment_methods"))
    return {
        "user_id": _string(f"{path}.user_id", user.get("user_id")),
        "name": {
            "first_name": _string(f"{path}.name.first_name", name.get("first_name")),
            "last_name": _string(f"{path}.name.last_name", name.get("last_name")),
        },
        "address": _address(f"{path}.address", user.get("address")),
        "email": _string(f"{path}.email", user.get("email")),
        "payment_methods": {
            key: _payment_method(f"{path}.payment_methods[{key!r}]", value)
            for key, value in methods.items()
        },
        "orders": _list(f"{path}.orders", user.get("orders"), _string),
    }


def check_order(path: str, raw: object) -> Order:
    data = _object(path, raw)
    order: Order = {
        "order_id": _string(f"{path}.order_id", data.get("order_id")),
        "user_id": _string(f"{path}.user_id", data.get("user_id")),
        "address": _address(f"{path}.address", data.get("address")),
        "items": _list(f"{path}.items", data.get("items"), _item),
        "status": _choice(f"{path}.status", data.get("status"), _ORDER_STATUSES),
        "fulfillments": _list(f"{path}.fulfillments", data.get("fulfillments"), _fulfillment),
        "payment_history": _list(f"{path}.payment_history", data.get("payment_history"), _payment),
    }
    _check_optional_fields(path, data, order)
    return order


def _check_optional_fields(path: str, data: Mapping[str, Any], order: Order) -> None:
    def present(key: str) -> bool:
        return data.get(key) is not None

    if present("cancel_reason"):
        order["cancel_reason"] = _choice(
            f"{path}.cancel_reason", data["cancel_reason"], _CANCEL_REASONS
        )
    for key in ("exchange_items", "exchange_new_items", "return_items"):
        if present(key):
            order[key] = _list(f"{path}.{key}", data[key], _string)
    for key in ("exchange_payment_method_id", "return_payment_method_id"):
        if present(key):
            order[key] = _string(f"{path}.{key}", data[key])  # type: ignore[literal-required]  # key is one of Order's str fields
    if present("exchange_price_difference"):
        order["exchange_price_difference"] = _number(
            f"{path}.exchange_price_difference", data["exchange_price_difference"]
        )


def check_product(path: str, raw: object) -> Product:
    product = _object(path, raw)
    variants = _object(f"{path}.variants", product.get("variants"))
    return {
        "name": _string(f"{path}.name", product.get("name")),
        "product_id": _string(f"{path}.product_id", product.get("product_id")),
        "variants": {
            key: _variant(f"{path}.variants[{key!r}]", value, key)
            for key, value in variants.items()
        },
    }


def _variant(path: str, raw: object, key: str) -> Variant:
    variant = _object(path, raw)
    item_id = _string(f"{path}.item_id", variant.get("item_id"))
    if item_id != key:
        raise StoreDataError(f"{path}.item_id: {item_id!r} differs from its key {key!r}")
    available = variant.get("available")
    if not isinstance(available, bool):
        raise StoreDataError(f"{path}.available: expected true or false, got {available!r}")
    return {
        "item_id": item_id,
        "options": _options(f"{path}.options", variant.get("options")),
        "available": available,
        "price": _number(f"{path}.price", variant.get("price")),
    }


def _address(path: str, raw: object) -> Address:
    address = _object(path, raw)
    return {
        "address1": _string(f"{path}.address1", address.get("address1")),
        "address2": _string(f"{path}.address2", address.get("address2")),
        "city": _string(f"{path}.city", address.get("city")),
        "country": _string(f"{path}.country", address.get("country")),
        "state": _string(f"{path}.state", address.get("state")),
        "zip": _string(f"{path}.zip", address.get("zip")),
    }


def _payment_method(path: str, raw: object) -> PaymentMethod:
    method = _object(path, raw)
    source = _choice(f"{path}.source", method.get("source"), {"credit_card", "gift_card", "paypal"})
    checked: PaymentMethod = {"source": source, "id": _string(f"{path}.id", method.get("id"))}
    if source == "credit_card":
        checked["brand"] = _string(f"{path}.brand", method.get("brand"))
        checked["last_four"] = _string(f"{path}.last_four", method.get("last_four"))
    elif source == "gift_card":
        checked["balance"] = _number(f"{path}.balance", method.get("balance"))
    return checked


def _item(path: str, raw: object) -> Item:
    item = _object(path, raw)
    return {
        "name": _string(f"{path}.name", item.get("name")),
        "product_id": _string(f"{path}.product_id", item.get("product_id")),
        "item_id": _string(f"{path}.item_id", item.get("item_id")),
        "price": _number(f"{path}.price", item.get("price")),
        "options": _options(f"{path}.options", item.get("options")),
    }


def _fulfillment(path: str, raw: object) -> Fulfillment:
    fulfillment = _object(path, raw)
    return {
        "tracking_id": _list(f"{path}.tracking_id", fulfillment.get("tracking_id"), _string),
        "item_ids": _list(f"{path}.item_ids", fulfillment.get("item_ids"), _string),
    }


def _payment(path: str, raw: object) -> Payment:
    payment = _object(path, raw)
    return {
        "transaction_type": _choice(
            f"{path}.transaction_type", payment.get("transaction_type"), _TRANSACTION_TYPES
        ),
        "amount": _number(f"{path}.amount", payment.get("amount")),
        "payment_method_id": _string(f"{path}.payment_method_id", payment.get("payment_method_id")),
    }


def _keyed(
    path: str, raw: object, id_field: str, check: Callable[[str, object], T]
) -> dict[str, T]:
    records: dict[str, T] = {}
    for key, value in _object(path, raw).items():
        record_path = f"{path}[{key!r}]"
        record = check(record_path, value)
        if record[id_field] != key:  # type: ignore[index]  # every record type has its id field
            raise StoreDataError(f"{record_path}.{id_field}: differs from its key {key!r}")
        records[key] = record
    return records


def _object(path: str, raw: object) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise StoreDataError(f"{path}: expected an object, got {_kind(raw)}")
    return raw


def _list(path: str, raw: object, check: Callable[[str, object], T]) -> list[T]:
    if not isinstance(raw, list):
        raise StoreDataError(f"{path}: expected a list, got {_kind(raw)}")
    return [check(f"{path}[{index}]", value) for index, value in enumerate(raw)]


def _options(path: str, raw: object) -> dict[str, str]:
    return {key: _string(f"{path}[{key!r}]", value) for key, value in _object(path, raw).items()}


def _string(path: str, raw: object) -> str:
    if not isinstance(raw, str):
        raise StoreDataError(f"{path}: expected a string, got {_kind(raw)}")
    return raw


def _choice(path: str, raw: object, allowed: frozenset[str] | set[str]) -> str:
    value = _string(path, raw)
    if value not in allowed:
        raise StoreDataError(f"{path}: {value!r} is not one of {sorted(allowed)}")
    return value


def _number(path: str, raw: object) -> float:
    # τ²'s float fields turn JSON integers into floats; bools are not numbers here.
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise StoreDataError(f"{path}: expected a number, got {_kind(raw)}")
    return float(raw)


def _kind(raw: object) -> str:
    return "null" if raw is None else f"{type(raw).__name__} {raw!r:.40}"
