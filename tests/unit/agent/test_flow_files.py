"""Flow files: the packaged flows load, and a broken flow file is refused with a clear message.

Broken files are written into ``tmp_path``; each error names the file, so whoever edits a flow
knows where to look.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from frontline.agent.engine.flows import (
    FlowError,
    FlowSpec,
    PaymentRule,
    SlotKind,
    load_flows,
)
from frontline.agent.engine.policy_answers import PolicyKnowledge
from frontline.agent.retail.answers import answerers
from frontline.agent.retail.pack import RETAIL
from frontline.backoffice.retail.memory import InMemoryRetailStore
from frontline.backoffice.retail.operations import RetailBackOffice

TOOLS = {spec.name: spec for spec in RetailBackOffice(InMemoryRetailStore()).tools()}
ANSWERS = ("order_status", "list_orders", "account_details", "product_info", "policy_question")

RETURN_FLOW = """\
name: return_items
title: the return
intents: [return_items]
queue: returns
slots:
  - {name: order, kind: order, statuses: [delivered]}
  - {name: items, kind: items}
  - {name: payment_method, kind: payment_method, rule: refund}
action:
  tool: return_delivered_order_items
  arguments: {order_id: order, item_ids: items, payment_method_id: payment_method}
  confirm: confirm_return
  done: done_return
"""


def write_flow(directory: Path, text: str, file_name: str = "bad.yaml") -> Path:
    path = directory / file_name
    path.write_text(text, encoding="utf-8")
    return path


def load(directory: Path) -> dict[str, FlowSpec]:
    return load_flows(directory, tools=TOOLS, answers=ANSWERS)


# The packaged flows


@pytest.fixture(scope="module")
def packaged_flows() -> dict[str, FlowSpec]:
    answers = answerers(PolicyKnowledge.load(RETAIL.policy_text))
    return load_flows(RETAIL.flows_dir, tools=TOOLS, answers=answers)


def test_that_the_agent_can_load_every_packaged_flow(
    packaged_flows: dict[str, FlowSpec],
) -> None:
    # given the names written in the packaged flow files
    files = sorted(RETAIL.flows_dir.glob("*.yaml"))
    names = {yaml.safe_load(path.read_text(encoding="utf-8"))["name"] for path in files}

    # when they are loaded (by the fixture)

    # then every file gives one flow, under its name
    assert len(files) == 15
    assert set(packaged_flows) == names
    assert len(packaged_flows) == len(files)
    assert {"cancel_order", "return_items", "exchange_items", "policy_question"} <= names


def test_that_only_the_item_changes_run_last_and_only_returns_and_exchanges_take_items_back(
    packaged_flows: dict[str, FlowSpec],
) -> None:
    # given the packaged flows' ordering and item rules
    runs_last = {name for name, flow in packaged_flows.items() if flow.runs_last}
    takes_back = {name for name, flow in packaged_flows.items() if flow.item_comes_back}

    # then an item change (which locks the order) goes after requests asked with it, and a
    # lost item can only block the flows that need the item sent back
    assert runs_last == {"modify_order_items", "exchange_items"}
    assert takes_back == {"return_items", "exchange_items"}


def test_that_a_flow_without_the_ordering_keys_neither_runs_last_nor_takes_items_back(
    tmp_path: Path,
) -> None:
    # given a flow file that does not mention runs_last or item_comes_back
    write_flow(tmp_path, RETURN_FLOW, "return_items.yaml")

    # when it is loaded
    flow = load(tmp_path)["return_items"]

    # then both default to false
    assert (flow.runs_last, flow.item_comes_back) == (False, False)


def test_that_every_packaged_action_calls_a_back_office_write(
    packaged_flows: dict[str, FlowSpec],
) -> None:
    # given the flows that change something
    actions = {name: flow.action for name, flow in packaged_flows.items() if flow.action}

    # then each one calls a tool the back office offers, and that tool is a write
    assert set(actions) == {
        "cancel_order",
        "modify_order_address",
        "modify_order_payment",
        "modify_order_items",
        "return_items",
        "exchange_items",
        "update_account_address",
    }
    for name, action in actions.items():
        assert action.tool in TOOLS, name
        assert TOOLS[action.tool].writes, name


def test_that_every_packaged_action_fills_exactly_the_arguments_its_tool_takes(
    packaged_flows: dict[str, FlowSpec],
) -> None:
    for flow in packaged_flows.values():
        if flow.action is None:
            continue
        # given the tool's required arguments
        required = {a.name for a in TOOLS[flow.action.tool].arguments if a.required}

        # then the flow fills each of them, and nothing else
        assert set(flow.action.arguments) == required, flow.name


def test_that_every_packaged_flow_hands_over_only_to_flows_that_exist(
    packaged_flows: dict[str, FlowSpec],
) -> None:
    # when a flow sends orders of some status to another flow
    targets = {target for flow in packaged_flows.values() for target in flow.instead.values()}

    # then that flow is packaged too
    assert targets == {"modify_order_items", "exchange_items"}
    assert targets <= set(packaged_flows)


def test_that_a_flow_file_can_declare_slots_an_action_and_its_templates(tmp_path: Path) -> None:
    # given the return flow of the module docstring
    write_flow(tmp_path, RETURN_FLOW, "return_items.yaml")

    # when it is loaded
    flows = load(tmp_path)

    # then every part is read
    flow = flows["return_items"]
    assert flow.title == "the return"
    assert flow.intents == ("return_items",)
    assert flow.queue == "returns"
    assert flow.needs_identity is True
    assert [(s.name, s.kind) for s in flow.slots] == [
        ("order", SlotKind.order),
        ("items", SlotKind.items),
        ("payment_method", SlotKind.payment_method),
    ]
    assert flow.slots[0].statuses == ("delivered",)
    assert flow.slot("payment_method") is not None
    assert flow.slots[2].rule is PaymentRule.refund
    assert flow.action is not None
    assert flow.action.tool == "return_delivered_order_items"
    assert flow.action.arguments == {
        "order_id": "order",
        "item_ids": "items",
        "payment_method_id": "payment_method",
    }
    assert (flow.action.confirm, flow.action.done) == ("confirm_return", "done_return")
    assert flow.answer is None


def test_that_an_argument_can_read_the_verified_user_id_and_a_slot_field(tmp_path: Path) -> None:
    # given an address update reading $user_id and fields of the address slot
    write_flow(
        tmp_path,
        "name: update_account_address\n"
        "title: the address update\n"
        "slots: [{name: address, kind: address}]\n"
        "action:\n"
        "  tool: modify_user_address\n"
        "  arguments: {user_id: $user_id, city: address.city, zip: address.zip}\n"
        "  confirm: confirm_account_address\n"
        "  done: done_account_address\n",
    )

    # when it is loaded
    flows = load(tmp_path)

    # then the argument sources are kept as written
    action = flows["update_account_address"].action
    assert action is not None
    assert action.arguments == {"user_id": "$user_id", "city": "address.city", "zip": "address.zip"}


# Broken flow files


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: [never closed\n", "bad.yaml: not valid YAML"),
        ("- name: cancel_order\n- title: the cancellation\n", "bad.yaml: a flow file is a mapping"),
        ("", "bad.yaml: a flow file is a mapping"),
        ("just a sentence\n", "bad.yaml: a flow file is a mapping"),
    ],
)
def test_that_a_flow_file_cannot_be_anything_but_a_yaml_mapping(
    tmp_path: Path, text: str, message: str
) -> None:
    # given a file that is no flow mapping
    write_flow(tmp_path, text)

    # when the flows are loaded
    with pytest.raises(FlowError) as error:
        load(tmp_path)

    # then the error names the file and the problem
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(
    ("slot", "message"),
    [
        ("{name: colour, kind: colour}", "bad.yaml: slot 'colour' has an unknown kind"),
        ("{name: colour}", "bad.yaml: slot 'colour' has an unknown kind"),
        ("{name: pay, kind: payment_method}", "bad.yaml: payment slot 'pay' needs a 'rule'"),
        (
            "{name: pay, kind: payment_method, rule: cash}",
            "bad.yaml: 'cash' is not a valid PaymentRule",
        ),
        ("just_a_name", "bad.yaml: each slot is a mapping with 'name' and 'kind'"),
        ("{kind: order}", "bad.yaml: 'name' must be a non-empty string"),
    ],
)
def test_that_a_flow_file_cannot_declare_a_malformed_slot(
    tmp_path: Path, slot: str, message: str
) -> None:
    # given an answer flow with one bad slot
    write_flow(tmp_path, f"name: ask\ntitle: the question\nslots: [{slot}]\nanswer: order_status\n")

    # when the flows are loaded
    with pytest.raises(FlowError) as error:
        load(tmp_path)

    # then the error names the file and the slot's problem
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            "tool: return_delivered_order_items",
            "tool: refund_everything",
            "bad.yaml: unknown tool 'refund_everything'",
        ),
        (
            "item_ids: items",
            "item_ids: things",
            "bad.yaml: argument 'item_ids' reads unknown slot 'things'",
        ),
        (
            "order_id: order",
            "order_id: shipment.order_id",
            "bad.yaml: argument 'order_id' reads unknown slot 'shipment'",
        ),
        ("  confirm: confirm_return\n", "", "bad.yaml: 'confirm' must be a non-empty string"),
        ("  done: done_return\n", "  done: ' '\n", "bad.yaml: 'done' must be a non-empty string"),
        ("name: return_items\n", "", "bad.yaml: 'name' must be a non-empty string"),
        ("title: the return\n", "title: 7\n", "bad.yaml: 'title' must be a non-empty string"),
    ],
)
def test_that_a_flow_file_cannot_have_an_action_that_does_not_add_up(
    tmp_path: Path, replace: str, by: str, message: str
) -> None:
    # given the return flow with one part broken
    assert replace in RETURN_FLOW
    write_flow(tmp_path, RETURN_FLOW.replace(replace, by))

    # when the flows are loaded
    with pytest.raises(FlowError) as error:
        load(tmp_path)

    # then the error names the file and the problem
    assert str(error.value) == message


@pytest.mark.parametrize(
    "text",
    [RETURN_FLOW + "answer: order_status\n", RETURN_FLOW.partition("action:")[0]],
    ids=["both", "neither"],
)
def test_that_a_flow_file_cannot_have_both_or_neither_an_action_and_an_answer(
    tmp_path: Path, text: str
) -> None:
    # given a flow with an action and an answer, or a flow with neither
    write_flow(tmp_path, text)

    # when the flows are loaded
    with pytest.raises(FlowError) as error:
        load(tmp_path)

    # then the error names the file and the rule
    assert str(error.value) == "bad.yaml: a flow has exactly one of 'action' and 'answer'"


def test_that_a_flow_file_cannot_name_an_unknown_answer(tmp_path: Path) -> None:
    # given an answer flow whose answerer does not exist
    write_flow(tmp_path, "name: weather\ntitle: the weather\nanswer: weather_forecast\n")

    # when the flows are loaded
    with pytest.raises(FlowError) as error:
        load(tmp_path)

    # then the error names the file and the answer
    assert str(error.value) == "bad.yaml: unknown answer 'weather_forecast'"


def test_that_two_flow_files_cannot_define_the_same_flow(tmp_path: Path) -> None:
    # given two files that both define return_items
    write_flow(tmp_path, RETURN_FLOW, "a_returns.yaml")
    write_flow(tmp_path, RETURN_FLOW, "b_returns.yaml")

    # when the flows are loaded
    with pytest.raises(FlowError) as error:
        load(tmp_path)

    # then the error names the second file and the flow
    assert str(error.value) == "b_returns.yaml: flow 'return_items' is defined twice"


@pytest.mark.parametrize("other_files", [[], ["notes.txt", "return_items.yml"]])
def test_that_a_directory_without_flow_files_cannot_be_loaded(
    tmp_path: Path, other_files: list[str]
) -> None:
    # given a directory with no *.yaml file
    for name in other_files:
        write_flow(tmp_path, RETURN_FLOW, name)

    # when the flows are loaded
    with pytest.raises(FlowError) as error:
        load(tmp_path)

    # then the error names the directory
    assert str(error.value) == f"no flow files in {tmp_path}"


@pytest.mark.parametrize(
    ("replace", "by"),
    [
        (
            "arguments: {order_id: order, item_ids: items, payment_method_id: payment_method}",
            "arguments: [order, items, payment_method]",
        ),
        ("queue: returns\n", "queue: returns\ninstead: [exchange_items]\n"),
    ],
    ids=["arguments", "instead"],
)
def test_that_a_flow_file_cannot_give_a_list_where_a_mapping_belongs(
    tmp_path: Path, replace: str, by: str
) -> None:
    # given the return flow with a list where a mapping belongs
    write_flow(tmp_path, RETURN_FLOW.replace(replace, by))

    # when the flows are loaded
    with pytest.raises(FlowError) as error:
        load(tmp_path)

    # then the error names the file
    assert str(error.value).startswith("bad.yaml: ")


def test_that_a_cancellation_of_named_delivered_items_becomes_their_return(
    packaged_flows: dict[str, FlowSpec],
) -> None:
    # when the cancel flow meets a delivered order whose items the customer named
    cancel = packaged_flows["cancel_order"]

    # then it hands the request to the return flow, and only in that case
    assert cancel.items_instead == {"delivered": "return_items"}
    assert cancel.instead == {}
