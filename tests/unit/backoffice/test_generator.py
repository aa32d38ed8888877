"""The seeded demo retail store: same seed, same store; a consistent world; none of it copied."""

import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from frontline.backoffice.retail.generator import (
    DEMO_CUSTOMERS,
    CancelReason,
    OrderStatus,
    generate_store,
)

SHARED_DATASETS = Path(__file__).resolve().parents[3].parent / "shared" / "datasets"
BASE_FIELDS = {
    "order_id",
    "user_id",
    "address",
    "items",
    "status",
    "fulfillments",
    "payment_history",
}
STATUS_FIELDS = {
    OrderStatus.CANCELLED: {"cancel_reason"},
    OrderStatus.RETURN_REQUESTED: {"return_items", "return_payment_method_id"},
    OrderStatus.EXCHANGE_REQUESTED: {
        "exchange_items",
        "exchange_new_items",
        "exchange_payment_method_id",
        "exchange_price_difference",
    },
}


@pytest.fixture(scope="module")
def store() -> dict[str, Any]:
    return generate_store()


def variants_by_item_id(store: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    return {
        item_id: (product, variant)
        for product in store["products"].values()
        for item_id, variant in product["variants"].items()
    }


def orders_in(store: dict[str, Any], status: OrderStatus) -> list[dict[str, Any]]:
    return [order for order in store["orders"].values() if order["status"] == status]


def net_paid(order: dict[str, Any]) -> float:
    signs = {"payment": 1, "refund": -1}
    return sum(signs[p["transaction_type"]] * p["amount"] for p in order["payment_history"])


def test_that_the_generator_can_rebuild_the_same_store_from_the_same_seed() -> None:
    # given
    random.seed(1)
    global_state = random.getstate()

    # when
    first, second = generate_store(seed=11), generate_store(seed=11)
    other = generate_store(seed=12)

    # then
    assert json.dumps(first) == json.dumps(second)
    assert json.dumps(first) != json.dumps(other)
    assert random.getstate() == global_state  # no draw from the global generator


def test_that_the_generator_can_build_a_store_of_the_requested_size() -> None:
    # when
    store = generate_store(seed=3, users=40, orders=60)

    # then
    assert set(store) == {"users", "orders", "products"}
    assert (len(store["users"]), len(store["orders"])) == (40, 60)
    assert 30 <= len(store["products"]) <= 40


def test_that_the_generator_cannot_build_a_store_too_small_for_its_demo_customers() -> None:
    # when / then
    with pytest.raises(ValueError, match="a demo store needs at least"):
        generate_store(users=2, orders=300)
    with pytest.raises(ValueError, match="a demo store needs at least"):
        generate_store(users=120, orders=8)


def test_that_ids_can_only_take_the_retail_formats(store: dict[str, Any]) -> None:
    # given
    product_ids = set(store["products"])
    item_ids = set(variants_by_item_id(store))

    # then
    assert all(re.fullmatch(r"[1-9]\d{9}", pid) for pid in product_ids)
    assert all(re.fullmatch(r"[1-9]\d{9}", iid) for iid in item_ids)
    assert not product_ids & item_ids
    for user_id, user in store["users"].items():
        first, last = (user["name"]["first_name"].lower(), user["name"]["last_name"].lower())
        assert user["user_id"] == user_id
        assert re.fullmatch(rf"{first}_{last}_\d{{4}}", user_id)
        assert re.fullmatch(rf"{first}\.{last}\d{{4}}@example\.com", user["email"])
        for method_id, method in user["payment_methods"].items():
            assert method["id"] == method_id
            assert re.fullmatch(rf"{method['source']}_\d{{7}}", method_id)
    assert all(re.fullmatch(r"#W\d{7}", order_id) for order_id in store["orders"])
    assert len({user["email"] for user in store["users"].values()}) == len(store["users"])


def test_that_products_can_offer_several_variants_some_unavailable(store: dict[str, Any]) -> None:
    # given
    variants = [v for product in store["products"].values() for v in product["variants"].values()]

    # then
    for product_id, product in store["products"].items():
        assert product["product_id"] == product_id
        assert len(product["variants"]) >= 4
        dimensions = {tuple(v["options"]) for v in product["variants"].values()}
        assert len(dimensions) == 1
        assert 2 <= len(dimensions.pop()) <= 4
        assert sum(v["available"] for v in product["variants"].values()) >= 2
    assert any(not variant["available"] for variant in variants)
    assert all(v["price"] > 0 and round(v["price"], 2) == v["price"] for v in variants)
    assert len({product["name"] for product in store["products"].values()}) == len(
        store["products"]
    )


def test_that_every_order_can_be_found_on_its_customers_profile(store: dict[str, Any]) -> None:
    # then
    for order_id, order in store["orders"].items():
        assert order["order_id"] == order_id
        assert order_id in store["users"][order["user_id"]]["orders"]
    listed = [oid for user in store["users"].values() for oid in user["orders"]]
    assert sorted(listed) == sorted(store["orders"])
    for user_id, user in store["users"].items():
        assert all(store["orders"][oid]["user_id"] == user_id for oid in user["orders"])


def test_that_order_items_can_only_be_catalog_variants_at_their_price(
    store: dict[str, Any],
) -> None:
    # given
    catalog = variants_by_item_id(store)

    # then
    for order in store["orders"].values():
        assert order["items"]
        for item in order["items"]:
            product, variant = catalog[item["item_id"]]
            assert item["product_id"] == product["product_id"]
            assert item["name"] == product["name"]
            assert item["price"] == variant["price"]
            assert item["options"] == variant["options"]


def test_that_orders_can_only_be_paid_with_their_customers_own_methods(
    store: dict[str, Any],
) -> None:
    # then
    for order in store["orders"].values():
        methods = store["users"][order["user_id"]]["payment_methods"]
        used = [payment["payment_method_id"] for payment in order["payment_history"]]
        used += [order[key] for key in order if key.endswith("payment_method_id")]
        assert set(used) <= set(methods)


def test_that_payments_can_add_up_to_the_order_total(store: dict[str, Any]) -> None:
    # then
    for order in store["orders"].values():
        first = order["payment_history"][0]
        assert first["transaction_type"] == "payment"
        total = sum(item["price"] for item in order["items"])
        expected = 0.0 if order["status"] == OrderStatus.CANCELLED else total
        assert net_paid(order) == pytest.approx(expected, abs=0.011)


def test_that_fulfilments_can_only_ship_items_of_their_order(store: dict[str, Any]) -> None:
    # then
    for order in store["orders"].values():
        if order["status"] in {OrderStatus.PENDING, OrderStatus.ITEM_MODIFIED}:
            assert order["fulfillments"] == []
            continue
        shipped = Counter(iid for f in order["fulfillments"] for iid in f["item_ids"])
        assert shipped == Counter(item["item_id"] for item in order["items"])
        for fulfillment in order["fulfillments"]:
            assert all(re.fullmatch(r"\d{12}", tid) for tid in fulfillment["tracking_id"])


@pytest.mark.parametrize("status", list(OrderStatus))
def test_that_the_store_can_show_every_order_status_with_its_fields(
    store: dict[str, Any], status: OrderStatus
) -> None:
    # when
    orders = orders_in(store, status)

    # then
    assert orders
    for order in orders:
        assert set(order) == BASE_FIELDS | STATUS_FIELDS.get(status, set())


def test_that_a_cancelled_order_can_only_have_an_accepted_reason_and_a_full_refund(
    store: dict[str, Any],
) -> None:
    # then
    for order in orders_in(store, OrderStatus.CANCELLED):
        assert order["cancel_reason"] in set(CancelReason)
        payment, refund = order["payment_history"]
        assert refund == {**payment, "transaction_type": "refund"}


def test_that_a_return_can_only_hold_order_items_refunded_to_the_original_method_or_a_gift_card(
    store: dict[str, Any],
) -> None:
    # then
    for order in orders_in(store, OrderStatus.RETURN_REQUESTED):
        ordered = Counter(item["item_id"] for item in order["items"])
        assert order["return_items"] == sorted(order["return_items"])
        assert not Counter(order["return_items"]) - ordered
        method_id = order["return_payment_method_id"]
        method = store["users"][order["user_id"]]["payment_methods"][method_id]
        original = order["payment_history"][0]["payment_method_id"]
        assert method_id == original or method["source"] == "gift_card"


def test_that_an_exchange_can_only_target_available_variants_of_the_same_products(
    store: dict[str, Any],
) -> None:
    # given
    catalog = variants_by_item_id(store)

    # then
    for order in orders_in(store, OrderStatus.EXCHANGE_REQUESTED):
        old, new = order["exchange_items"], order["exchange_new_items"]
        assert old == sorted(old)
        assert new == sorted(new)
        assert len(old) == len(new) >= 1
        assert not set(old) & set(new)
        assert all(catalog[item_id][1]["available"] for item_id in new)
        old_products = Counter(catalog[item_id][0]["product_id"] for item_id in old)
        assert old_products == Counter(catalog[item_id][0]["product_id"] for item_id in new)
        difference = sum(catalog[i][1]["price"] for i in new) - sum(
            catalog[i][1]["price"] for i in old
        )
        assert order["exchange_price_difference"] == pytest.approx(difference, abs=0.011)


def test_that_a_modified_pending_order_can_settle_the_difference_once(
    store: dict[str, Any],
) -> None:
    # then
    for order in orders_in(store, OrderStatus.ITEM_MODIFIED):
        payment, settlement = order["payment_history"]
        assert payment["transaction_type"] == "payment"
        assert settlement["transaction_type"] in {"payment", "refund"}
        assert settlement["amount"] >= 0


def test_that_demo_customers_can_find_a_delivered_and_a_pending_order(
    store: dict[str, Any],
) -> None:
    # then
    for demo in DEMO_CUSTOMERS:
        user = store["users"][demo.user_id]
        assert user["email"] == demo.email
        assert user["name"] == {"first_name": demo.first_name, "last_name": demo.last_name}
        assert user["address"]["zip"] == demo.zip
        assert user["orders"] == [demo.delivered_order_id, demo.pending_order_id]
        delivered = store["orders"][demo.delivered_order_id]
        pending = store["orders"][demo.pending_order_id]
        assert delivered["status"] == OrderStatus.DELIVERED
        assert pending["status"] == OrderStatus.PENDING
        assert [item["name"] for item in delivered["items"]] == list(demo.delivered_products)
        assert [item["name"] for item in pending["items"]] == list(demo.pending_products)
        assert len(delivered["items"]) >= 2
        assert len(pending["items"]) >= 2


def test_that_demo_customers_can_stay_the_same_whatever_the_seed() -> None:
    # when
    stores = [generate_store(seed=seed) for seed in (1, 2)]

    # then
    for demo in DEMO_CUSTOMERS:
        first, second = (store["users"][demo.user_id] for store in stores)
        assert first == second


def test_that_customers_can_share_first_names_and_zip_codes(store: dict[str, Any]) -> None:
    # given
    users = list(store["users"].values())
    hana = DEMO_CUSTOMERS[-1]

    # when
    first_names = Counter(user["name"]["first_name"] for user in users)
    zips = Counter(user["address"]["zip"] for user in users)
    namesakes = [
        user
        for user in users
        if (user["name"]["first_name"], user["name"]["last_name"])
        == (hana.first_name, hana.last_name)
    ]
    neighbours = [
        user
        for user in users
        if user["name"]["first_name"] == hana.first_name and user["address"]["zip"] == hana.zip
    ]

    # then
    assert max(first_names.values()) > 1
    assert max(zips.values()) > 1
    assert len(namesakes) == 2
    assert len({user["address"]["zip"] for user in namesakes}) == 2
    assert len(neighbours) == 2
    assert len({user["name"]["last_name"] for user in neighbours}) == 2


def test_that_several_customers_can_have_several_orders(store: dict[str, Any]) -> None:
    # when
    counts = Counter(len(user["orders"]) for user in store["users"].values())

    # then
    assert sum(n for orders, n in counts.items() if orders >= 2) >= 10


def test_that_the_store_cannot_contain_records_of_the_shared_dataset(
    store: dict[str, Any],
) -> None:
    # given
    path = SHARED_DATASETS / "tau2_bench" / "retail" / "db.json"
    if not SHARED_DATASETS.is_dir():
        pytest.skip(f"the shared datasets are not checked out next to the repo ({SHARED_DATASETS})")
    dataset = json.loads(path.read_text(encoding="utf-8"))

    # when
    emails = {user["email"] for user in dataset["users"].values()}
    names = {product["name"] for product in dataset["products"].values()}

    # then
    assert not {user["email"] for user in store["users"].values()} & emails
    assert not {product["name"] for product in store["products"].values()} & names
    assert not set(store["orders"]) & set(dataset["orders"])
    assert not set(store["users"]) & set(dataset["users"])
