"""What the retail back office offers: the 16 τ²-bench retail tools, described for an agent.

Names, argument names and argument types are τ²'s (`tools.json`); the descriptions are ours.
"""

from __future__ import annotations

from frontline.backoffice.port import ArgumentType, ToolArgument, ToolSpec

_S = ArgumentType.STRING
_L = ArgumentType.STRING_LIST

_ORDER_ID = ToolArgument("order_id", _S, "The order id, with its leading '#', e.g. '#W0000000'.")
_USER_ID = ToolArgument("user_id", _S, "The user id, e.g. 'sara_doe_496'.")
_PAYMENT = ToolArgument(
    "payment_method_id",
    _S,
    "One of the user's payment method ids, e.g. 'gift_card_0000000' or 'credit_card_0000000'.",
)
_ITEM_IDS = ToolArgument(
    "item_ids", _L, "Item ids in the order, e.g. ['1008292230']; list an id twice for two units."
)
_NEW_ITEM_IDS = ToolArgument(
    "new_item_ids",
    _L,
    "The new item ids, position by position: each a variant of the same product as the item "
    "it replaces.",
)
_ADDRESS = (
    ToolArgument("address1", _S, "First address line, e.g. '123 Main St'."),
    ToolArgument("address2", _S, "Second address line, e.g. 'Apt 1', or ''."),
    ToolArgument("city", _S, "City, e.g. 'San Francisco'."),
    ToolArgument("state", _S, "State, e.g. 'CA'."),
    ToolArgument("country", _S, "Country, e.g. 'USA'."),
    ToolArgument("zip", _S, "Zip code, e.g. '12345'."),
)
_CONFIRM = " Explain the change and get the user's explicit yes before calling."


def _read(name: str, description: str, *arguments: ToolArgument) -> ToolSpec:
    return ToolSpec(name, description, arguments, writes=False)


def _write(name: str, description: str, *arguments: ToolArgument) -> ToolSpec:
    return ToolSpec(name, description + _CONFIRM, arguments, writes=True)


RETAIL_TOOLS: tuple[ToolSpec, ...] = (
    _read(
        "calculate",
        "Evaluate an arithmetic expression (numbers, + - * /, parentheses, spaces); the result "
        "is rounded to 2 decimals.",
        ToolArgument("expression", _S, "The expression, e.g. '2 + 2'."),
    ),
    _write(
        "cancel_pending_order",
        "Cancel an order whose status is 'pending' and refund it: at once to gift cards, in 5-7 "
        "business days otherwise. Returns the order.",
        _ORDER_ID,
        ToolArgument("reason", _S, "'no longer needed' or 'ordered by mistake'."),
    ),
    _write(
        "exchange_delivered_order_items",
        "Request an exchange of items of a delivered order for available variants of the same "
        "products; possible once per delivered order (return or exchange). Returns the order.",
        _ORDER_ID,
        _ITEM_IDS,
        _NEW_ITEM_IDS,
        _PAYMENT,
    ),
    _read(
        "find_user_id_by_name_zip",
        "Find a user id by first name, last name (any case) and zip code. Prefer "
        "find_user_id_by_email when the user knows their email.",
        ToolArgument("first_name", _S, "First name, e.g. 'John'."),
        ToolArgument("last_name", _S, "Last name, e.g. 'Doe'."),
        ToolArgument("zip", _S, "Zip code, e.g. '12345'."),
    ),
    _read(
        "find_user_id_by_email",
        "Find a user id by email address (any case).",
        ToolArgument("email", _S, "The email, e.g. 'something@example.com'."),
    ),
    _read("get_order_details", "Status, items, shipping and payments of an order.", _ORDER_ID),
    _read(
        "get_product_details",
        "A product and all its variants (item ids, options, availability, price).",
        ToolArgument("product_id", _S, "The product id, e.g. '6086499569' (not an item id)."),
    ),
    _read(
        "get_item_details",
        "One variant (item): options, availability, price.",
        ToolArgument("item_id", _S, "The item id, e.g. '6086499569' (not a product id)."),
    ),
    _read(
        "get_user_details", "A user's name, address, email, payment methods and orders.", _USER_ID
    ),
    _read(
        "list_all_product_types",
        "Every product type: a JSON object of product name to product id, sorted by name.",
    ),
    _write(
        "modify_pending_order_address",
        "Change the shipping address of a pending order. Returns the order.",
        _ORDER_ID,
        *_ADDRESS,
    ),
    _write(
        "modify_pending_order_items",
        "Swap items of a pending order for other variants of the same products; the price "
        "difference is paid or refunded with the payment method. Possible once per order. "
        "Returns the order.",
        _ORDER_ID,
        _ITEM_IDS,
        _NEW_ITEM_IDS,
        _PAYMENT,
    ),
    _write(
        "modify_pending_order_payment",
        "Pay a pending order with another payment method of the user. Returns the order.",
        _ORDER_ID,
        _PAYMENT,
    ),
    _write(
        "modify_user_address",
        "Change a user's default address. Returns the user.",
        _USER_ID,
        *_ADDRESS,
    ),
    _write(
        "return_delivered_order_items",
        "Request a return of items of a delivered order; the refund goes to the original "
        "payment method or a gift card. The user gets an email on how to send them back. "
        "Returns the order.",
        _ORDER_ID,
        _ITEM_IDS,
        _PAYMENT,
    ),
    _read(
        "transfer_to_human_agents",
        "Hand the conversation to a human agent, only when the user asks for one or the "
        "request cannot be handled with these tools and the policy.",
        ToolArgument("summary", _S, "A summary of the user's issue for the human agent."),
    ),
)
