"""Back-office writes under an idempotency key: applied once, however often they are sent."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine

from frontline.backoffice.port import IdempotencyConflict, OperationFailed
from frontline.backoffice.retail.loader import load_store_file
from frontline.backoffice.retail.memory import InMemoryRetailStore
from frontline.backoffice.retail.operations import RetailBackOffice
from frontline.backoffice.retail.records import StoreData
from frontline.backoffice.retail.sql import SqlRetailStore
from frontline.backoffice.retail.store import RetailStore

USER = "anya_garcia_3271"


@pytest.fixture(scope="module")
def tau2_store(datasets_dir: Path) -> StoreData:
    return load_store_file(datasets_dir / "tau2_bench" / "retail" / "db.json")


@pytest.fixture(params=["memory", "sql"])
def store(request: pytest.FixtureRequest, engine: Engine, tau2_store: StoreData) -> RetailStore:
    if request.param == "memory":
        return InMemoryRetailStore(tau2_store)
    sql = SqlRetailStore(engine)
    sql.replace_all(tau2_store)
    return sql


def _gift_card(office: RetailBackOffice) -> tuple[str, float]:
    methods = office.get_user_details(USER)["payment_methods"]
    card = next(k for k, m in methods.items() if m["source"] == "gift_card")
    return card, methods[card]["balance"]


def _pending_orders(data: StoreData, card: str, count: int) -> list[str]:
    """``count`` pending orders of USER, each paid 1.0 with the gift card (added to ``data``)."""
    template = data["orders"][data["users"][USER]["orders"][0]]
    order_ids = [f"#T100000{n}" for n in range(count)]
    for order_id in order_ids:
        order = copy.deepcopy(template)
        order["order_id"], order["status"] = order_id, "pending"
        order["payment_history"] = [
            {"transaction_type": "payment", "amount": 1.0, "payment_method_id": card}
        ]
        data["orders"][order_id] = order
    return order_ids


def test_that_a_write_sent_again_with_its_key_is_applied_once(store: RetailStore) -> None:
    # given a pending order paid with a gift card
    office = RetailBackOffice(store)
    card, balance = _gift_card(office)
    data = store.dump()
    (order_id,) = _pending_orders(data, card, 1)
    store.replace_all(data)
    arguments = {"order_id": order_id, "reason": "no longer needed"}

    # when the cancellation is sent three times with the same key
    results = [
        office.call("cancel_pending_order", arguments, idempotency_key="msg_1/1/abc")
        for _ in range(3)
    ]

    # then it happened once: one refund, the same result each time, and the key is recorded
    assert results[0] == results[1] == results[2]
    assert results[0]["status"] == "cancelled"  # type: ignore[index]
    assert _gift_card(office)[1] == round(balance + 1.0, 2)
    recorded = office.recorded("msg_1/1/abc")
    assert recorded is not None
    assert recorded.name == "cancel_pending_order"
    assert recorded.result == results[0]
    assert office.recorded("msg_1/2/abc") is None


def test_that_the_same_write_without_a_key_is_refused_the_second_time(
    store: RetailStore,
) -> None:
    # given a pending order, cancelled once without a key
    office = RetailBackOffice(store)
    card, _ = _gift_card(office)
    data = store.dump()
    (order_id,) = _pending_orders(data, card, 1)
    store.replace_all(data)
    arguments = {"order_id": order_id, "reason": "no longer needed"}
    office.call("cancel_pending_order", arguments)

    # when it is sent again without a key, then the back office refuses it (it is no replay)
    with pytest.raises(OperationFailed):
        office.call("cancel_pending_order", arguments)


def test_that_a_key_reused_for_another_write_is_refused_and_changes_nothing(
    store: RetailStore,
) -> None:
    # given two pending orders and a cancellation of the first under a key
    office = RetailBackOffice(store)
    card, balance = _gift_card(office)
    data = store.dump()
    first, second = _pending_orders(data, card, 2)
    store.replace_all(data)
    office.call(
        "cancel_pending_order",
        {"order_id": first, "reason": "no longer needed"},
        idempotency_key="msg_2/1/x",
    )

    # when the same key comes with the other order
    with pytest.raises(IdempotencyConflict):
        office.call(
            "cancel_pending_order",
            {"order_id": second, "reason": "no longer needed"},
            idempotency_key="msg_2/1/x",
        )

    # then the second order is untouched
    assert office.get_order_details(second)["status"] == "pending"
    assert _gift_card(office)[1] == round(balance + 1.0, 2)


def test_that_reads_ignore_the_key(store: RetailStore) -> None:
    office = RetailBackOffice(store)
    office.call("get_user_details", {"user_id": USER}, idempotency_key="msg_3/1/r")
    assert office.recorded("msg_3/1/r") is None


def test_that_concurrent_sends_of_one_keyed_write_apply_it_once(
    store: RetailStore,
) -> None:
    # given a pending order paid 1.0 with a gift card
    office = RetailBackOffice(store)
    card, balance = _gift_card(office)
    data = store.dump()
    (order_id,) = _pending_orders(data, card, 1)
    store.replace_all(data)
    arguments = {"order_id": order_id, "reason": "ordered by mistake"}

    # when eight threads send the same keyed cancellation at once
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(
                lambda _: office.call(
                    "cancel_pending_order", arguments, idempotency_key="msg_4/1/c"
                ),
                range(8),
            )
        )

    # then each got the one result and the gift card was refunded once
    assert all(r == results[0] for r in results)
    assert _gift_card(office)[1] == round(balance + 1.0, 2)
