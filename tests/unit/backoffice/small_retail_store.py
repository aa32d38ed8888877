"""A tiny retail store, written by hand so every test can say exactly what it expects.

alice_1 has a credit card, a gift card worth 50.0 and PayPal; bob_2 has a gift card worth 5.0.
Products: a T-shirt (S 10.0, M 12.5, L 15.0 sold out) and a mug (red 8.0, blue 9.0).
"""

from __future__ import annotations

from typing import Any

from frontline.backoffice.retail.records import StoreData, check_store_data

TEE, MUG = "1000000001", "1000000002"
TEE_S, TEE_M, TEE_L = "2000000011", "2000000012", "2000000013"
MUG_RED, MUG_BLUE = "2000000021", "2000000022"


def _address(zip_code: str = "10001") -> dict[str, str]:
    return {
        "address1": "1 Main St",
        "address2": "",
        "city": "Springfield",
        "country": "USA",
        "state": "IL",
        "zip": zip_code,
    }


def _variant(item_id: str, options: dict[str, str], price: float, available: bool = True) -> Any:
    return {"item_id": item_id, "options": options, "available": available, "price": price}


def _item(product_id: str, item_id: str, price: float, options: dict[str, str]) -> Any:
    name = "T-Shirt" if product_id == TEE else "Mug"
    return {
        "name": name,
        "product_id": product_id,
        "item_id": item_id,
        "price": price,
        "options": options,
    }


TEE_S_ITEM = _item(TEE, TEE_S, 10.0, {"size": "S"})
MUG_RED_ITEM = _item(MUG, MUG_RED, 8.0, {"color": "red"})


def _order(order_id: str, user_id: str, status: str, items: list[Any], paid_with: str) -> Any:
    total = round(sum(item["price"] for item in items), 2)
    return {
        "order_id": order_id,
        "user_id": user_id,
        "address": _address(),
        "items": items,
        "status": status,
        "fulfillments": [],
        "payment_history": [
            {"transaction_type": "payment", "amount": total, "payment_method_id": paid_with}
        ],
    }


def small_store() -> StoreData:
    orders = [
        _order("#W1", "alice_1", "pending", [TEE_S_ITEM, MUG_RED_ITEM], "credit_card_1"),
        _order("#W2", "alice_1", "pending", [TEE_S_ITEM, TEE_S_ITEM], "gift_card_1"),
        _order("#W3", "alice_1", "delivered", [TEE_S_ITEM, MUG_RED_ITEM], "credit_card_1"),
        _order("#W4", "alice_1", "processed", [MUG_RED_ITEM], "paypal_1"),
        _order("#W5", "alice_1", "pending (item modified)", [MUG_RED_ITEM], "paypal_1"),
        _order("#W6", "bob_2", "pending", [TEE_S_ITEM], "gift_card_2"),
    ]
    raw = {
        "products": {
            TEE: {
                "name": "T-Shirt",
                "product_id": TEE,
                "variants": {
                    TEE_S: _variant(TEE_S, {"size": "S"}, 10.0),
                    TEE_M: _variant(TEE_M, {"size": "M"}, 12.5),
                    TEE_L: _variant(TEE_L, {"size": "L"}, 15.0, available=False),
                },
            },
            MUG: {
                "name": "Mug",
                "product_id": MUG,
                "variants": {
                    MUG_RED: _variant(MUG_RED, {"color": "red"}, 8.0),
                    MUG_BLUE: _variant(MUG_BLUE, {"color": "blue"}, 9.0),
                },
            },
        },
        "users": {
            "alice_1": {
                "user_id": "alice_1",
                "name": {"first_name": "Alice", "last_name": "Smith"},
                "address": _address(),
                "email": "Alice.Smith@example.com",
                "payment_methods": {
                    "credit_card_1": {
                        "source": "credit_card",
                        "id": "credit_card_1",
                        "brand": "visa",
                        "last_four": "1234",
                    },
                    "gift_card_1": {"source": "gift_card", "id": "gift_card_1", "balance": 50.0},
                    "paypal_1": {"source": "paypal", "id": "paypal_1"},
                },
                "orders": ["#W1", "#W2", "#W3", "#W4", "#W5"],
            },
            "bob_2": {
                "user_id": "bob_2",
                "name": {"first_name": "Bob", "last_name": "Smith"},
                "address": _address("10002"),
                "email": "bob@example.com",
                "payment_methods": {
                    "gift_card_2": {"source": "gift_card", "id": "gift_card_2", "balance": 5.0}
                },
                "orders": ["#W6"],
            },
        },
        "orders": {order["order_id"]: order for order in orders},
    }
    return check_store_data(raw)
