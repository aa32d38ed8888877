"""Loading store files in the τ²-retail db.json format: normalised like τ², or refused clearly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from small_retail_store import small_store

from frontline.backoffice.retail.loader import load_store_file
from frontline.backoffice.retail.memory import InMemoryRetailStore
from frontline.backoffice.retail.records import StoreDataError, check_store_data


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "db.json"
    path.write_text(json.dumps(data))
    return path


def test_that_a_store_file_loads_with_integers_made_floats_like_tau2(tmp_path: Path) -> None:
    # given a store file where a gift card balance and a price are integers
    data: Any = small_store()
    data["users"]["bob_2"]["payment_methods"]["gift_card_2"]["balance"] = 5
    data["products"]["1000000002"]["variants"]["2000000022"]["price"] = 9

    # when it is loaded
    loaded = load_store_file(write(tmp_path, data))

    # then they are floats, as τ²'s models make them (9 and 9.0 print differently)
    balance = loaded["users"]["bob_2"]["payment_methods"]["gift_card_2"]["balance"]
    assert json.dumps(balance) == "5.0"
    assert json.dumps(loaded["products"]["1000000002"]["variants"]["2000000022"]["price"]) == "9.0"


def test_that_a_store_file_loads_in_tau2_field_order_without_nulls(tmp_path: Path) -> None:
    # given an order whose keys are shuffled and whose optional fields are null
    data: Any = small_store()
    order = data["orders"]["#W1"]
    data["orders"]["#W1"] = {"cancel_reason": None, **dict(reversed(order.items()))}

    # when it is loaded
    loaded = load_store_file(write(tmp_path, data))

    # then the record has τ²'s field order and no null keys: the db.json shape
    assert list(loaded["orders"]["#W1"]) == [
        "order_id",
        "user_id",
        "address",
        "items",
        "status",
        "fulfillments",
        "payment_history",
    ]


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda d: d.pop("orders"), "orders: expected an object, got null"),
        (
            lambda d: d["orders"]["#W1"].update(status="lost"),
            "orders['#W1'].status: 'lost' is not one of",
        ),
        (
            lambda d: d["orders"]["#W1"]["items"][0].update(price="10"),
            "orders['#W1'].items[0].price: expected a number, got str '10'",
        ),
        (
            lambda d: d["users"]["bob_2"].update(user_id="robert_2"),
            "users['bob_2'].user_id: differs from its key 'bob_2'",
        ),
        (
            lambda d: d["users"]["bob_2"]["payment_methods"]["gift_card_2"].pop("balance"),
            "users['bob_2'].payment_methods['gift_card_2'].balance: expected a number, got null",
        ),
        (
            lambda d: d["users"]["bob_2"]["payment_methods"]["gift_card_2"].update(source="cash"),
            "users['bob_2'].payment_methods['gift_card_2'].source: 'cash' is not one of",
        ),
    ],
)
def test_that_a_malformed_store_is_refused_naming_the_bad_field(
    break_it: Any, message: str
) -> None:
    # given a store with one broken field
    data: Any = small_store()
    break_it(data)

    # when / then
    with pytest.raises(StoreDataError) as error:
        check_store_data(data)
    assert str(error.value).startswith(message)


def test_that_a_file_that_is_not_json_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_text("{not json")
    with pytest.raises(StoreDataError, match=r"db\.json: not valid JSON"):
        load_store_file(path)


def test_that_a_missing_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(StoreDataError, match=r"missing\.json: cannot read the store file"):
        load_store_file(tmp_path / "missing.json")


def test_that_a_store_can_be_reset_and_emptied() -> None:
    # given an empty store, then one replaced with the small store
    store = InMemoryRetailStore()
    was_empty = store.is_empty()
    store.replace_all(small_store())

    # then
    assert was_empty
    assert not store.is_empty()
    assert store.dump() == small_store()
