"""The records of a store file in the τ²-bench retail `db.json` format, as typed dicts.

A store file is `{"users": {user_id: User}, "orders": {order_id: Order},
"products": {product_id: Product}}`. An order's optional fields appear once the
back office has acted on it: `cancel_reason` when cancelled, `return_*` when a return is
requested, `exchange_*` when an exchange is requested.
"""

from enum import StrEnum
from typing import NotRequired, TypedDict


class OrderStatus(StrEnum):
    PENDING = "pending"  # paid, not shipped yet: can be cancelled or modified
    PROCESSED = "processed"  # handed to the carrier: has a tracking id, can no longer change
    DELIVERED = "delivered"  # received: items can be returned or exchanged once
    CANCELLED = "cancelled"  # cancelled while pending and refunded in full
    RETURN_REQUESTED = "return requested"  # some delivered items are on their way back
    EXCHANGE_REQUESTED = "exchange requested"  # some delivered items will be swapped
    ITEM_MODIFIED = "pending (item modified)"  # pending, items changed once: now frozen


class CancelReason(StrEnum):
    NO_LONGER_NEEDED = "no longer needed"  # the only two reasons the retail policy accepts
    ORDERED_BY_MISTAKE = "ordered by mistake"


class Variant(TypedDict):
    item_id: str
    options: dict[str, str]
    available: bool
    price: float


class Product(TypedDict):
    name: str
    product_id: str
    variants: dict[str, Variant]


class Address(TypedDict):
    address1: str
    address2: str
    city: str
    country: str
    state: str
    zip: str


class PaymentMethod(TypedDict):
    source: str
    id: str
    brand: NotRequired[str]
    last_four: NotRequired[str]
    balance: NotRequired[float]


class User(TypedDict):
    user_id: str
    name: dict[str, str]
    address: Address
    email: str
    payment_methods: dict[str, PaymentMethod]
    orders: list[str]


class Item(TypedDict):
    name: str
    product_id: str
    item_id: str
    price: float
    options: dict[str, str]


class Fulfillment(TypedDict):
    tracking_id: list[str]
    item_ids: list[str]


class Payment(TypedDict):
    transaction_type: str
    amount: float
    payment_method_id: str


class Order(TypedDict):
    order_id: str
    user_id: str
    address: Address
    items: list[Item]
    status: str
    fulfillments: list[Fulfillment]
    payment_history: list[Payment]
    cancel_reason: NotRequired[str]
    exchange_items: NotRequired[list[str]]
    exchange_new_items: NotRequired[list[str]]
    exchange_payment_method_id: NotRequired[str]
    exchange_price_difference: NotRequired[float]
    return_items: NotRequired[list[str]]
    return_payment_method_id: NotRequired[str]
