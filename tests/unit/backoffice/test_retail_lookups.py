"""Reading the retail back office: finding users, details of users, orders, products, items."""

from __future__ import annotations

import json

import pytest
from small_retail_store import MUG, MUG_BLUE, TEE, TEE_L

from frontline.backoffice.port import OperationFailed
from frontline.backoffice.retail.operations import RetailBackOffice
from frontline.backoffice.retail.output import render_output


def failure_message(office: RetailBackOffice, name: str, **arguments: object) -> str:
    with pytest.raises(OperationFailed) as failure:
        office.call(name, arguments)
    return failure.value.message


def test_that_an_agent_can_find_a_user_by_email_in_any_case(office: RetailBackOffice) -> None:
    # given a user whose email is stored as "Alice.Smith@example.com"
    # when the agent looks it up in another case
    user_id = office.call("find_user_id_by_email", {"email": "alice.smith@EXAMPLE.com"})

    # then the user is found
    assert user_id == "alice_1"


def test_that_an_agent_cannot_find_a_user_by_an_unknown_email(office: RetailBackOffice) -> None:
    # given no user with this email
    # when / then the lookup fails as in τ²
    assert failure_message(office, "find_user_id_by_email", email="nobody@example.com") == (
        "User not found"
    )


def test_that_an_agent_can_find_a_user_by_name_in_any_case_and_exact_zip(
    office: RetailBackOffice,
) -> None:
    # given two Smiths with different zip codes
    # when the agent looks up Bob Smith by name (odd case) and zip
    user_id = office.find_user_id_by_name_zip("bOB", "SMITH", "10002")

    # then only the zip-matching Smith is found
    assert user_id == "bob_2"


def test_that_an_agent_cannot_find_a_user_by_name_with_a_wrong_zip(
    office: RetailBackOffice,
) -> None:
    # given Alice Smith lives in 10001
    # when / then a lookup with another zip fails
    message = failure_message(
        office, "find_user_id_by_name_zip", first_name="Alice", last_name="Smith", zip="10002"
    )
    assert message == "User not found"


def test_that_an_agent_can_read_a_user_with_payment_methods_in_order(
    office: RetailBackOffice,
) -> None:
    # given alice_1
    # when the agent reads her details
    user = office.get_user_details("alice_1")

    # then they hold her orders and her payment methods in file order, gift card with balance
    assert user["orders"] == ["#W1", "#W2", "#W3", "#W4", "#W5"]
    assert list(user["payment_methods"]) == ["credit_card_1", "gift_card_1", "paypal_1"]
    assert user["payment_methods"]["gift_card_1"] == {
        "source": "gift_card",
        "id": "gift_card_1",
        "balance": 50.0,
    }


def test_that_an_agent_cannot_read_an_unknown_user(office: RetailBackOffice) -> None:
    assert failure_message(office, "get_user_details", user_id="carol_3") == "User not found"


def test_that_an_agent_sees_an_order_with_its_optional_fields_null(
    office: RetailBackOffice,
) -> None:
    # given a pending order never cancelled, returned or exchanged
    # when the agent reads it
    order = office.call("get_order_details", {"order_id": "#W1"})

    # then it renders as τ²'s model_dump: the seven optional fields present, null, in order
    rendered = json.loads(render_output(order))
    assert list(rendered)[7:] == [
        "cancel_reason",
        "exchange_items",
        "exchange_new_items",
        "exchange_payment_method_id",
        "exchange_price_difference",
        "return_items",
        "return_payment_method_id",
    ]
    assert all(rendered[key] is None for key in list(rendered)[7:])


@pytest.mark.parametrize("order_id", ["#W999", "W1"])
def test_that_an_agent_cannot_read_an_unknown_order(
    office: RetailBackOffice, order_id: str
) -> None:
    # given no order with this id ("W1" lacks the leading '#')
    # when / then
    assert failure_message(office, "get_order_details", order_id=order_id) == "Order not found"


def test_that_an_agent_can_read_a_product_but_not_by_an_item_id(
    office: RetailBackOffice,
) -> None:
    # given the T-shirt product and its variants
    # when the agent reads it by product id, and then by one of its item ids
    product = office.get_product_details(TEE)
    message = failure_message(office, "get_product_details", product_id=TEE_L)

    # then the product lists every variant, and the item id is no product id
    assert product["name"] == "T-Shirt"
    assert product["variants"][TEE_L]["available"] is False
    assert message == "Product not found"


def test_that_an_agent_can_read_an_item_but_not_by_a_product_id(
    office: RetailBackOffice,
) -> None:
    # when the agent reads an item, and then a product id as an item
    item = office.get_item_details(MUG_BLUE)
    message = failure_message(office, "get_item_details", item_id=MUG)

    # then
    assert item == {
        "item_id": MUG_BLUE,
        "options": {"color": "blue"},
        "available": True,
        "price": 9.0,
    }
    assert message == "Item not found"


def test_that_an_agent_can_list_product_types_sorted_by_name(office: RetailBackOffice) -> None:
    # when
    listing = office.call("list_all_product_types", {})

    # then it is τ²'s JSON string, names sorted
    assert listing == json.dumps({"Mug": MUG, "T-Shirt": TEE})


@pytest.mark.parametrize(
    ("expression", "result"),
    [
        ("2 + 2", "4.0"),
        ("10 / 4", "2.5"),
        ("(100 - 25.5) * 2 / 3", "49.67"),
        (" 1.5 * 3", "4.5"),
        ("1.005 * 3", "3.01"),
        ("2 ** -1", "0.5"),
        ("7 // 2", "3.0"),
    ],
)
def test_that_an_agent_can_calculate(
    office: RetailBackOffice, expression: str, result: str
) -> None:
    assert office.call("calculate", {"expression": expression}) == result


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("2 + x", "Invalid characters in expression"),
        ("__import__('os')", "Invalid characters in expression"),
        ("10 / 0", "division by zero"),
        ("1 +", "invalid syntax (<string>, line 1)"),
        ("", "invalid syntax (<string>, line 0)"),
        ("()", "float() argument must be a string or a real number, not 'tuple'"),
        ("(1)(2)", "'int' object is not callable"),
        ("9 ** 9 ** 9", "Expression too large"),
    ],
)
def test_that_an_agent_cannot_calculate_a_bad_expression(
    office: RetailBackOffice, expression: str, message: str
) -> None:
    assert failure_message(office, "calculate", expression=expression) == message


def test_that_an_agent_can_transfer_to_a_human_without_changing_anything(
    office: RetailBackOffice,
) -> None:
    # when
    result = office.call("transfer_to_human_agents", {"summary": "wants a refund"})

    # then it is no error, just τ²'s string
    assert result == "Transfer successful"
