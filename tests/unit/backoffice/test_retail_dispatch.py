"""Calling the retail back office by tool name: specs, argument checks, atomicity."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from small_retail_store import MUG_BLUE, MUG_RED, small_store

from frontline.backoffice.port import (
    ArgumentType,
    BackOffice,
    BackOfficeError,
    InvalidArguments,
    OperationFailed,
    UnknownTool,
)
from frontline.backoffice.retail.memory import InMemoryRetailSession, InMemoryRetailStore
from frontline.backoffice.retail.operations import RetailBackOffice
from frontline.backoffice.retail.output import render_failure


def test_that_the_retail_back_office_offers_the_sixteen_tau2_tools(
    office: RetailBackOffice,
) -> None:
    # when
    specs = {spec.name: spec for spec in office.tools()}

    # then names, argument order and read/write kinds are τ²'s
    assert len(specs) == 16
    assert [a.name for a in specs["modify_pending_order_items"].arguments] == [
        "order_id",
        "item_ids",
        "new_item_ids",
        "payment_method_id",
    ]
    assert specs["modify_pending_order_items"].arguments[1].type is ArgumentType.STRING_LIST
    writes = sorted(name for name, spec in specs.items() if spec.writes)
    assert writes == [
        "cancel_pending_order",
        "exchange_delivered_order_items",
        "modify_pending_order_address",
        "modify_pending_order_items",
        "modify_pending_order_payment",
        "modify_user_address",
        "return_delivered_order_items",
    ]
    assert specs["list_all_product_types"].json_schema()["required"] == []


def test_that_the_retail_back_office_is_a_back_office(office: RetailBackOffice) -> None:
    port: BackOffice = office
    assert port.call("find_user_id_by_email", {"email": "bob@example.com"}) == "bob_2"


def test_that_a_caller_cannot_call_an_unknown_tool(office: RetailBackOffice) -> None:
    with pytest.raises(UnknownTool, match="refund_everything"):
        office.call("refund_everything", {})


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "cancel_pending_order: missing argument 'order_id'"),
        ({"order_id": "#W1"}, "cancel_pending_order: missing argument 'reason'"),
        (
            {"order_id": "#W1", "reason": "no longer needed", "force": True},
            "cancel_pending_order: unexpected argument 'force'",
        ),
        (
            {"order_id": 1, "reason": "no longer needed"},
            "cancel_pending_order: argument 'order_id' must be a string, got int",
        ),
    ],
)
def test_that_a_caller_cannot_pass_bad_arguments(
    office: RetailBackOffice, arguments: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidArguments) as error:
        office.call("cancel_pending_order", arguments)
    assert str(error.value) == message


@pytest.mark.parametrize("item_ids", ["2000000021", ["2000000021", 7], None])
def test_that_a_caller_cannot_pass_item_ids_other_than_a_list_of_strings(
    office: RetailBackOffice, item_ids: object
) -> None:
    arguments = {"order_id": "#W3", "item_ids": item_ids, "payment_method_id": "credit_card_1"}
    with pytest.raises(InvalidArguments, match="argument 'item_ids' must be a list"):
        office.call("return_delivered_order_items", arguments)


def test_that_every_refusal_is_a_back_office_error_the_agent_reads_as_tau2(
    office: RetailBackOffice,
) -> None:
    # when an operation refuses
    with pytest.raises(BackOfficeError) as error:
        office.call("get_order_details", {"order_id": "#W404"})

    # then it is an OperationFailed that renders as τ²'s tool message
    assert isinstance(error.value, OperationFailed)
    assert render_failure(error.value) == "Error: Order not found"


class FailingPutStore(InMemoryRetailStore):
    """Breaks down after the first put of a transaction, as a crashing database would."""

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[InMemoryRetailSession]:
        with super().transaction(write=write) as session:
            original_put = session.put_order

            def put_then_fail(order: object) -> None:
                original_put(order)  # type: ignore[arg-type]  # passes through what it got
                raise RuntimeError("disk full")

            session.put_order = put_then_fail  # type: ignore[method-assign]  # test double
            yield session


def test_that_a_write_interrupted_midway_changes_nothing() -> None:
    # given a store that fails right after the order is put, before the user is put
    store = FailingPutStore(small_store())
    office = RetailBackOffice(store)

    # when an item change (order + gift card) is interrupted
    with pytest.raises(RuntimeError):
        office.modify_pending_order_items("#W1", [MUG_RED], [MUG_BLUE], "gift_card_1")

    # then neither the order nor the gift card changed
    assert store.dump() == small_store()


def test_that_a_caller_cannot_change_the_store_through_a_returned_record(
    office: RetailBackOffice, retail_store: InMemoryRetailStore
) -> None:
    # given a user record handed out by the back office
    user = office.get_user_details("bob_2")

    # when the caller mutates it
    user["payment_methods"]["gift_card_2"]["balance"] = 1_000_000.0

    # then the store is unchanged
    assert retail_store.dump() == small_store()
