"""The retail store in SQL (SQLite and PostgreSQL): durable, exact, atomic, safe under concurrency."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine

from frontline.backoffice.retail.loader import load_store_file
from frontline.backoffice.retail.operations import RetailBackOffice
from frontline.backoffice.retail.records import StoreData
from frontline.backoffice.retail.sql import SqlRetailStore
from frontline.storage.database import make_engine


@pytest.fixture(scope="module")
def tau2_store(datasets_dir: Path) -> StoreData:
    return load_store_file(datasets_dir / "tau2_bench" / "retail" / "db.json")


def test_that_the_sql_store_gives_back_exactly_what_it_was_given(
    engine: Engine, tau2_store: StoreData
) -> None:
    # given an empty SQL store
    store = SqlRetailStore(engine)
    was_empty = store.is_empty()

    # when τ²'s whole store is loaded and dumped
    store.replace_all(tau2_store)
    dumped = store.dump()

    # then the bytes are the same: record order, key order, 9.0 stays a float
    assert was_empty
    assert not store.is_empty()
    assert orjson.dumps(dumped) == orjson.dumps(tau2_store)


def test_that_the_sql_store_keeps_a_change_across_a_restart(
    engine: Engine, tau2_store: StoreData
) -> None:
    # given a loaded store where an order was cancelled
    SqlRetailStore(engine).replace_all(tau2_store)
    RetailBackOffice(SqlRetailStore(engine)).cancel_pending_order("#W5918442", "no longer needed")

    # when the process restarts (a new engine on the same database)
    restarted = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        order = RetailBackOffice(SqlRetailStore(restarted)).get_order_details("#W5918442")
    finally:
        restarted.dispose()

    # then the cancellation is still there
    assert order["status"] == "cancelled"
    assert order["cancel_reason"] == "no longer needed"


def test_that_a_failed_sql_transaction_changes_nothing(
    engine: Engine, tau2_store: StoreData
) -> None:
    # given a loaded store
    store = SqlRetailStore(engine)
    store.replace_all(tau2_store)
    user = copy.deepcopy(tau2_store["users"]["anya_garcia_3271"])
    user["email"] = "changed@example.com"

    # when a transaction puts a user, then fails
    def put_then_crash() -> None:
        with store.transaction(write=True) as session:
            session.put_user(user)
            raise RuntimeError("crash before commit")

    with pytest.raises(RuntimeError):
        put_then_crash()

    # then the user is unchanged
    with store.transaction(write=False) as session:
        assert session.find_user_id_by_email("changed@example.com") is None
        assert session.get_user("anya_garcia_3271") == tau2_store["users"]["anya_garcia_3271"]


def test_that_a_new_user_put_in_sql_comes_last_and_is_found(
    engine: Engine, tau2_store: StoreData
) -> None:
    # given a loaded store
    store = SqlRetailStore(engine)
    store.replace_all(tau2_store)
    user = copy.deepcopy(tau2_store["users"]["anya_garcia_3271"])
    user["user_id"], user["email"] = "anya_garcia_0001", "Anya.New@Example.com"

    # when a new user is put
    with store.transaction(write=True) as session:
        session.put_user(user)

    # then it is found by email in any case and listed after every loaded user
    with store.transaction(write=False) as session:
        assert session.find_user_id_by_email("anya.new@example.com") == "anya_garcia_0001"
    assert list(store.dump()["users"])[-1] == "anya_garcia_0001"


def test_that_concurrent_gift_card_refunds_are_all_counted(
    engine: Engine, tau2_store: StoreData
) -> None:
    # given eight pending orders of one user, each paid 1.0 with the same gift card
    data = copy.deepcopy(tau2_store)
    user = data["users"]["anya_garcia_3271"]
    card_id = next(k for k, m in user["payment_methods"].items() if m["source"] == "gift_card")
    balance = user["payment_methods"][card_id]["balance"]
    template = data["orders"][user["orders"][0]]
    order_ids = [f"#T000000{n}" for n in range(8)]
    for order_id in order_ids:
        order = copy.deepcopy(template)
        order["order_id"], order["status"] = order_id, "pending"
        order["payment_history"] = [
            {"transaction_type": "payment", "amount": 1.0, "payment_method_id": card_id}
        ]
        data["orders"][order_id] = order
    store = SqlRetailStore(engine)
    store.replace_all(data)
    office = RetailBackOffice(store)

    # when all eight are cancelled at the same time
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda oid: office.cancel_pending_order(oid, "no longer needed"), order_ids))

    # then every refund reached the gift card (no lost update)
    final = office.get_user_details("anya_garcia_3271")["payment_methods"][card_id]
    assert final["balance"] == round(balance + 8.0, 2)
