from __future__ import annotations

from typing import Any

from frontline.agent.retail.slots import payment_mentions

METHODS: dict[str, dict[str, Any]] = {
    "paypal_1": {"source": "paypal", "id": "paypal_1"},
    "credit_card_visa": {"source": "credit_card", "brand": "visa", "last_four": "6791"},
    "credit_card_mc": {"source": "credit_card", "brand": "mastercard", "last_four": "8484"},
}


def test_that_a_card_is_found_by_its_brand() -> None:
    assert payment_mentions("use my Mastercard", METHODS, None) == ["credit_card_mc"]


def test_that_a_refused_brand_leaves_the_other_card() -> None:
    found = payment_mentions("the other card, not the Visa", METHODS, None)

    assert found == ["credit_card_mc"]


def test_that_a_card_without_a_brand_named_may_be_either() -> None:
    assert sorted(payment_mentions("my credit card", METHODS, None)) == [
        "credit_card_mc",
        "credit_card_visa",
    ]


def test_that_the_card_of_a_product_option_is_no_payment_card() -> None:
    # when the customer speaks of a camera's storage, not of a way to pay
    found = payment_mentions("the 24MP one, still SD card storage is fine", METHODS, None)

    # then no payment method is meant
    assert found == []


def test_that_a_bare_card_of_ones_own_is_a_payment_card() -> None:
    assert sorted(payment_mentions("put it on the card", METHODS, None)) == [
        "credit_card_mc",
        "credit_card_visa",
    ]


def test_that_the_method_turned_away_from_is_not_the_one_meant() -> None:
    methods = {**METHODS, "gift_card_1": {"source": "gift_card", "id": "gift_card_1"}}

    assert payment_mentions("could i pay with my gift card instead of paypal?", methods, None) == [
        "gift_card_1"
    ]
    assert payment_mentions("switch it from paypal to the gift card", methods, None) == [
        "gift_card_1"
    ]
    assert payment_mentions("not paypal", methods, None) == []
