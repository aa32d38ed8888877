"""Requests on delivered orders: returns and exchanges."""

from __future__ import annotations

import pytest
from small_retail_store import MUG_BLUE, MUG_RED, TEE_L, TEE_M, TEE_S, small_store

from frontline.backoffice.port import OperationFailed
from frontline.backoffice.retail.memory import InMemoryRetailStore
from frontline.backoffice.retail.operations import RetailBackOffice


def failure_message(office: RetailBackOffice, name: str, **arguments: object) -> str:
    with pytest.raises(OperationFailed) as failure:
        office.call(name, arguments)
    return failure.value.message


@pytest.mark.parametrize("method", ["credit_card_1", "gift_card_1"])
def test_that_an_agent_can_request_a_return_to_the_original_method_or_a_gift_card(
    office: RetailBackOffice, retail_store: InMemoryRetailStore, method: str
) -> None:
    # given #W3, delivered, paid by credit card
    # when the agent requests a return of both items
    order = office.return_delivered_order_items("#W3", [TEE_S, MUG_RED][::-1], method)

    # then the request is recorded with the items sorted; no money moves yet
    assert order["status"] == "return requested"
    assert order["return_items"] == sorted([TEE_S, MUG_RED])
    assert order["return_payment_method_id"] == method
    assert retail_store.dump()["users"] == small_store()["users"]


@pytest.mark.parametrize(
    ("order_id", "item_ids", "method", "message"),
    [
        ("#W1", [TEE_S], "credit_card_1", "Non-delivered order cannot be returned"),
        ("#W3", [TEE_S], "paypal_1", "Payment method should be the original payment method"),
        ("#W3", [TEE_S], "gift_card_9", "Payment method not found"),
        ("#W3", [TEE_S, TEE_S], "credit_card_1", "Some item not found"),
        ("#W9", [TEE_S], "credit_card_1", "Order not found"),
    ],
)
def test_that_an_agent_cannot_request_a_return_when_the_rules_forbid_it(
    office: RetailBackOffice,
    retail_store: InMemoryRetailStore,
    order_id: str,
    item_ids: list[str],
    method: str,
    message: str,
) -> None:
    arguments = {"order_id": order_id, "item_ids": item_ids, "payment_method_id": method}
    assert failure_message(office, "return_delivered_order_items", **arguments) == message
    assert retail_store.dump() == small_store()


def test_that_an_agent_can_request_an_exchange_with_a_rounded_difference(
    office: RetailBackOffice, retail_store: InMemoryRetailStore
) -> None:
    # given #W3 with a T-shirt S (10.0) and a red mug (8.0)
    # when the agent exchanges them for a T-shirt M (12.5) and a blue mug (9.0)
    order = office.exchange_delivered_order_items(
        "#W3", [MUG_RED, TEE_S], [MUG_BLUE, TEE_M], "gift_card_1"
    )

    # then the request is recorded, lists sorted, difference 3.5; no balance changes yet
    assert order["status"] == "exchange requested"
    assert order["exchange_items"] == sorted([MUG_RED, TEE_S])
    assert order["exchange_new_items"] == sorted([MUG_BLUE, TEE_M])
    assert order["exchange_payment_method_id"] == "gift_card_1"
    assert order["exchange_price_difference"] == 3.5
    assert order["items"][0]["item_id"] == TEE_S
    assert retail_store.dump()["users"] == small_store()["users"]


@pytest.mark.parametrize(
    ("order_id", "item_ids", "new_item_ids", "method", "message"),
    [
        ("#W1", [TEE_S], [TEE_M], "credit_card_1", "Non-delivered order cannot be exchanged"),
        ("#W3", [TEE_S, TEE_S], [TEE_M, TEE_M], "credit_card_1", f"Number of {TEE_S} not found."),
        ("#W3", [TEE_S], [], "credit_card_1", "The number of items to be exchanged should match."),
        ("#W3", [TEE_S], [TEE_L], "credit_card_1", f"New item {TEE_L} not found or available"),
        ("#W3", [TEE_S], [MUG_BLUE], "credit_card_1", "Variant not found"),
        ("#W3", [TEE_S], [TEE_M], "gift_card_9", "Payment method not found"),
    ],
)
def test_that_an_agent_cannot_request_an_exchange_when_the_rules_forbid_it(
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
    assert failure_message(office, "exchange_delivered_order_items", **arguments) == message
    assert retail_store.dump() == small_store()


def test_that_an_agent_cannot_exchange_paying_with_a_gift_card_too_small() -> None:
    # given #W3 delivered, and alice's gift card down to 3.0 for a difference of 3.5
    data = small_store()
    data["users"]["alice_1"]["payment_methods"]["gift_card_1"]["balance"] = 3.0
    office = RetailBackOffice(InMemoryRetailStore(data))

    # when / then
    message = failure_message(
        office,
        "exchange_delivered_order_items",
        order_id="#W3",
        item_ids=[TEE_S, MUG_RED],
        new_item_ids=[TEE_M, MUG_BLUE],
        payment_method_id="gift_card_1",
    )
    assert message == "Insufficient gift card balance to pay for the price difference"


def test_that_an_order_can_be_returned_or_exchanged_only_once(office: RetailBackOffice) -> None:
    # given #W3 with a return requested
    office.return_delivered_order_items("#W3", [TEE_S], "credit_card_1")

    # when / then an exchange is refused: the order is no longer "delivered"
    message = failure_message(
        office,
        "exchange_delivered_order_items",
        order_id="#W3",
        item_ids=[MUG_RED],
        new_item_ids=[MUG_BLUE],
        payment_method_id="credit_card_1",
    )
    assert message == "Non-delivered order cannot be exchanged"
