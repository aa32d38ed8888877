"""Changing pending orders: cancel, shipping address, payment method, items."""

from __future__ import annotations

from typing import Any

import pytest
from small_retail_store import MUG_BLUE, MUG_RED, TEE_L, TEE_M, TEE_S, small_store

from frontline.backoffice.port import OperationFailed
from frontline.backoffice.retail.memory import InMemoryRetailStore
from frontline.backoffice.retail.operations import RetailBackOffice

NEW_ADDRESS = {
    "address1": "9 Elm St",
    "address2": "Apt 2",
    "city": "Austin",
    "state": "TX",
    "country": "USA",
    "zip": "73301",
}


def failure_message(office: RetailBackOffice, name: str, **arguments: object) -> str:
    with pytest.raises(OperationFailed) as failure:
        office.call(name, arguments)
    return failure.value.message


def gift_card_balance(store: InMemoryRetailStore, user_id: str, card_id: str) -> Any:
    return store.dump()["users"][user_id]["payment_methods"][card_id].get("balance")


def test_that_an_agent_can_cancel_a_pending_order_paid_by_card(
    office: RetailBackOffice, retail_store: InMemoryRetailStore
) -> None:
    # given #W1, pending, paid 18.0 by credit card
    # when the agent cancels it
    order = office.cancel_pending_order("#W1", "no longer needed")

    # then it is cancelled with its reason and a refund to the card, stored as returned
    assert order["status"] == "cancelled"
    assert order["cancel_reason"] == "no longer needed"
    assert order["payment_history"][-1] == {
        "transaction_type": "refund",
        "amount": 18.0,
        "payment_method_id": "credit_card_1",
    }
    stored = retail_store.dump()["orders"]["#W1"]
    assert stored["status"] == "cancelled"
    assert len(stored["payment_history"]) == 2


def test_that_a_cancelled_gift_card_order_is_refunded_to_the_card_at_once(
    office: RetailBackOffice, retail_store: InMemoryRetailStore
) -> None:
    # given #W2 paid 20.0 with a gift card holding 50.0
    # when the agent cancels it
    office.cancel_pending_order("#W2", "ordered by mistake")

    # then the gift card holds 70.0
    assert gift_card_balance(retail_store, "alice_1", "gift_card_1") == 70.0


@pytest.mark.parametrize(
    ("order_id", "reason", "message"),
    [
        ("#W3", "no longer needed", "Non-pending order cannot be cancelled"),
        ("#W5", "no longer needed", "Non-pending order cannot be cancelled"),
        ("#W1", "found it cheaper", "Invalid reason"),
        ("#W9", "no longer needed", "Order not found"),
    ],
)
def test_that_an_agent_cannot_cancel_unless_pending_and_for_a_valid_reason(
    office: RetailBackOffice,
    retail_store: InMemoryRetailStore,
    order_id: str,
    reason: str,
    message: str,
) -> None:
    # when / then the cancellation is refused with τ²'s message and nothing changes
    assert failure_message(office, "cancel_pending_order", order_id=order_id, reason=reason) == (
        message
    )
    assert retail_store.dump() == small_store()


@pytest.mark.parametrize("order_id", ["#W1", "#W5"])
def test_that_an_agent_can_change_the_address_of_a_pending_order(
    office: RetailBackOffice, order_id: str
) -> None:
    # given a pending order, or one pending with items already modified
    # when the agent changes its address
    order = office.call("modify_pending_order_address", {"order_id": order_id, **NEW_ADDRESS})

    # then the order has the new address, keys in τ²'s order (country before state)
    assert isinstance(order, dict)
    assert list(order["address"]) == ["address1", "address2", "city", "country", "state", "zip"]
    assert order["address"]["city"] == "Austin"


def test_that_an_agent_cannot_change_the_address_of_a_processed_order(
    office: RetailBackOffice,
) -> None:
    message = failure_message(office, "modify_pending_order_address", order_id="#W4", **NEW_ADDRESS)
    assert message == "Non-pending order cannot be modified"


def test_that_an_agent_can_change_a_user_default_address(
    office: RetailBackOffice, retail_store: InMemoryRetailStore
) -> None:
    # when
    user = office.call("modify_user_address", {"user_id": "bob_2", **NEW_ADDRESS})

    # then the user is returned and stored with the new address
    assert isinstance(user, dict)
    assert user["address"]["zip"] == "73301"
    assert retail_store.dump()["users"]["bob_2"]["address"]["zip"] == "73301"


def test_that_an_agent_cannot_change_the_address_of_an_unknown_user(
    office: RetailBackOffice,
) -> None:
    message = failure_message(office, "modify_user_address", user_id="nobody", **NEW_ADDRESS)
    assert message == "User not found"


def test_that_an_agent_can_move_a_payment_to_a_gift_card(
    office: RetailBackOffice, retail_store: InMemoryRetailStore
) -> None:
    # given #W1 paid 18.0 by credit card, and a gift card holding 50.0
    # when the agent pays it with the gift card instead
    order = office.modify_pending_order_payment("#W1", "gift_card_1")

    # then a payment by gift card and a refund to the card are recorded; the card is debited
    assert order["payment_history"][1:] == [
        {"transaction_type": "payment", "amount": 18.0, "payment_method_id": "gift_card_1"},
        {"transaction_type": "refund", "amount": 18.0, "payment_method_id": "credit_card_1"},
    ]
    assert gift_card_balance(retail_store, "alice_1", "gift_card_1") == 32.0


def test_that_a_payment_moved_off_a_gift_card_credits_it(
    office: RetailBackOffice, retail_store: InMemoryRetailStore
) -> None:
    # given #W2 paid 20.0 by gift card
    # when the agent pays it with PayPal
    office.modify_pending_order_payment("#W2", "paypal_1")

    # then the gift card gets its 20.0 back
    assert gift_card_balance(retail_store, "alice_1", "gift_card_1") == 70.0


@pytest.mark.parametrize(
    ("order_id", "method", "message"),
    [
        ("#W4", "gift_card_1", "Non-pending order cannot be modified"),
        ("#W1", "gift_card_9", "Payment method not found"),
        ("#W1", "credit_card_1", "The new payment method should be different from the current one"),
        ("#W6", "gift_card_2", "The new payment method should be different from the current one"),
        ("#W9", "gift_card_1", "Order not found"),
    ],
)
def test_that_an_agent_cannot_move_a_payment_when_the_rules_forbid_it(
    office: RetailBackOffice,
    retail_store: InMemoryRetailStore,
    order_id: str,
    method: str,
    message: str,
) -> None:
    assert (
        failure_message(
            office, "modify_pending_order_payment", order_id=order_id, payment_method_id=method
        )
        == message
    )
    assert retail_store.dump() == small_store()


def test_that_an_agent_cannot_move_a_payment_to_a_gift_card_too_small() -> None:
    # given bob's gift card holds 5.0 and alice's #W1 costs 18.0; make #W1 bob's order
    data = small_store()
    data["orders"]["#W1"]["user_id"] = "bob_2"
    data["users"]["bob_2"]["payment_methods"]["credit_card_1"] = data["users"]["alice_1"][
        "payment_methods"
    ]["credit_card_1"]
    office = RetailBackOffice(InMemoryRetailStore(data))

    # when / then
    message = failure_message(
        office, "modify_pending_order_payment", order_id="#W1", payment_method_id="gift_card_2"
    )
    assert message == "Insufficient gift card balance to pay for the order"


def test_that_an_agent_cannot_move_a_payment_of_an_order_paid_twice(
    office: RetailBackOffice,
) -> None:
    # given #W1 whose payment moved once already (history: payment, payment, refund)
    office.modify_pending_order_payment("#W1", "paypal_1")

    # when / then a second move is refused
    message = failure_message(
        office, "modify_pending_order_payment", order_id="#W1", payment_method_id="gift_card_1"
    )
    assert message == "There should be exactly one payment for a pending order"


def test_that_each_modified_item_takes_its_own_new_variant(
    office: RetailBackOffice, retail_store: InMemoryRetailStore
) -> None:
    # given #W1 with a T-shirt S (10.0) and a red mug (8.0), paid by credit card
    # when the agent swaps both: T-shirt M (12.5) and blue mug (9.0)
    order = office.modify_pending_order_items(
        "#W1", [TEE_S, MUG_RED], [TEE_M, MUG_BLUE], "credit_card_1"
    )

    # then each item has its own variant's price and options (τ² would give both the mug's)
    assert [(i["item_id"], i["price"], i["options"]) for i in order["items"]] == [
        (TEE_M, 12.5, {"size": "M"}),
        (MUG_BLUE, 9.0, {"color": "blue"}),
    ]
    # and the difference is paid, the order frozen for further item changes
    assert order["payment_history"][-1] == {
        "transaction_type": "payment",
        "amount": 3.5,
        "payment_method_id": "credit_card_1",
    }
    assert order["status"] == "pending (item modified)"
    assert retail_store.dump()["orders"]["#W1"]["items"] == order["items"]


def test_that_a_cheaper_item_is_refunded_to_the_gift_card(
    office: RetailBackOffice, retail_store: InMemoryRetailStore
) -> None:
    # given #W2 with two T-shirts S (10.0 each), paid by gift card (balance 50.0)
    # when the agent swaps both for M (12.5): +5.0, and pays with the gift card
    order = office.modify_pending_order_items("#W2", [TEE_S, TEE_S], [TEE_M, TEE_M], "gift_card_1")

    # then both units changed and the card was debited 5.0
    assert [i["item_id"] for i in order["items"]] == [TEE_M, TEE_M]
    assert gift_card_balance(retail_store, "alice_1", "gift_card_1") == 45.0


def test_that_a_modified_item_payment_keeps_the_unrounded_difference() -> None:
    # given an order item bought at 8.1 whose new variant costs 9.0
    data = small_store()
    data["orders"]["#W1"]["items"][1]["price"] = 8.1
    office = RetailBackOffice(InMemoryRetailStore(data))

    # when the mug is swapped (9.0 - 8.1)
    order = office.modify_pending_order_items("#W1", [MUG_RED], [MUG_BLUE], "credit_card_1")

    # then the payment amount is τ²'s unrounded float difference
    assert order["payment_history"][-1]["amount"] == 9.0 - 8.1 == 0.9000000000000004


@pytest.mark.parametrize(
    ("order_id", "item_ids", "new_item_ids", "method", "message"),
    [
        ("#W4", [MUG_RED], [MUG_BLUE], "paypal_1", "Non-pending order cannot be modified"),
        ("#W5", [MUG_RED], [MUG_BLUE], "paypal_1", "Non-pending order cannot be modified"),
        ("#W1", [TEE_S, TEE_S], [TEE_M, TEE_M], "paypal_1", f"{TEE_S} not found"),
        ("#W1", [TEE_S], [], "paypal_1", "The number of items to be exchanged should match"),
        (
            "#W1",
            [TEE_S],
            [TEE_S],
            "paypal_1",
            "The new item id should be different from the old item id",
        ),
        ("#W1", [TEE_S], [TEE_L], "paypal_1", f"New item {TEE_L} not found or available"),
        ("#W1", [TEE_S], [MUG_BLUE], "paypal_1", "Variant not found"),
        ("#W1", [TEE_S], [TEE_M], "gift_card_9", "Payment method not found"),
        ("#W9", [TEE_S], [TEE_M], "paypal_1", "Order not found"),
    ],
)
def test_that_an_agent_cannot_modify_items_when_the_rules_forbid_it(
    office: RetailBackOffice,
    retail_store: InMemoryRetailStore,
    order_id: str,
    item_ids: list[str],
    new_item_ids: list[str],
    method: str,
    message: str,
) -> None:
    arguments = {
        "order_id": order_id,
        "item_ids": item_ids,
        "new_item_ids": new_item_ids,
        "payment_method_id": method,
    }
    assert failure_message(office, "modify_pending_order_items", **arguments) == message
    assert retail_store.dump() == small_store()


def test_that_an_agent_cannot_modify_items_paid_by_a_gift_card_too_small() -> None:
    # given bob's #W6 (a T-shirt S) and his gift card down to 2.0; M costs 2.5 more
    data = small_store()
    data["users"]["bob_2"]["payment_methods"]["gift_card_2"]["balance"] = 2.0
    office = RetailBackOffice(InMemoryRetailStore(data))

    # when / then
    message = failure_message(
        office,
        "modify_pending_order_items",
        order_id="#W6",
        item_ids=[TEE_S],
        new_item_ids=[TEE_M],
        payment_method_id="gift_card_2",
    )
    assert message == "Insufficient gift card balance to pay for the new item"
