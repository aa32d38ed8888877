from __future__ import annotations

from typing import Any

from frontline.agent.retail.slots.descriptions import described_order, the_other_order


def order(order_id: str, city: str, *names: str) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "address": {"address1": "1 Main St", "city": city, "state": "TX", "zip": "77001"},
        "items": [
            {"item_id": f"{order_id}-{n}", "name": name, "price": 10.0, "options": {}}
            for n, name in enumerate(names)
        ],
    }


LUGGAGE = order("#W1", "Houston", "Luggage Set")
TABLET = order("#W2", "Austin", "Tablet", "Grill")
BOOTS = order("#W3", "Dallas", "Hiking Boots", "Electric Kettle")
ORDERS = [LUGGAGE, TABLET, BOOTS]


def test_that_another_order_is_the_one_without_the_items_named_elsewhere() -> None:
    # given items named in one clause and "another order" in the next
    text = "The luggage set went to the new place, but I have another order going to my old address"

    # when the order meant is read among the two that can still change
    found = the_other_order(text, [LUGGAGE, TABLET], ORDERS)

    # then it is the one that does not hold the luggage set
    assert found is TABLET


def test_that_my_other_order_named_by_its_items_is_left_to_the_item_rules() -> None:
    # given "my other order" in the same clause as the items that name it
    text = "Also cancel the boots in my other order"

    # then this reading does not pick an order: the boots do
    assert the_other_order(text, ORDERS, ORDERS) is None


def test_that_another_order_is_not_guessed_among_several() -> None:
    # given the luggage set named and two other orders that could be meant
    text = "The luggage set arrived, but another order is still missing"

    # then no order is guessed
    assert the_other_order(text, ORDERS, ORDERS) is None


def test_that_an_order_is_described_by_the_city_it_went_to() -> None:
    # when the customer describes the order by where it was shipped
    found = described_order("the one that went to Dallas", ORDERS)

    # then that order is found
    assert found is BOOTS


def test_that_an_order_lending_its_address_is_no_order_to_act_on() -> None:
    from frontline.agent.retail.slots.orders import target_order_ids

    # when the customer names an order only for where it went
    lent = [
        "It should go to my home. Same place my order #W4864669 went.",
        "ship it where my order #W4864669 was delivered",
        "the same address as my other order, #W4011814",
    ]

    # then no order is named to change
    assert [target_order_ids(text) for text in lent] == [[], [], []]
    assert target_order_ids("change the address of #W8645374") == ["#W8645374"]


def test_that_an_order_whose_address_is_pointed_at_is_no_order_to_act_on() -> None:
    from frontline.agent.retail.slots.orders import target_order_ids

    # when the customer points at the address another order is on its way to
    text = "Can #W1111111 go to my office? That's the place my order #W2222222 is being shipped."

    # then only the first order is to change; the second one only says where
    assert target_order_ids(text) == ["#W1111111"]
    assert target_order_ids("send #W1111111 to the one order #W2222222 goes to") == ["#W1111111"]


def test_that_an_order_said_to_need_nothing_is_no_order_to_act_on() -> None:
    from frontline.agent.retail.slots.orders import target_order_ids

    text = "#W4958652 is the one to fix. #W6447372 already has the right address."

    assert target_order_ids(text) == ["#W4958652"]
    assert target_order_ids("order #W1111111 is fine, it's #W2222222") == ["#W2222222"]
