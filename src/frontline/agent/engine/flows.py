"""Flow files: what a business process needs (slots), does (one tool) and says (templates).

A flow file looks like this (``return_items.yaml``)::

    name: return_items
    title: a return                       # "back to a return" when resumed
    intents: [return_items]               # the understanding intents that start it
    queue: returns                        # where a hand-off from this flow goes
    needs_identity: true
    slots:                                # asked in this order, each filled once
      - {name: order, kind: order, statuses: [delivered]}
      - {name: items, kind: items}
      - {name: payment_method, kind: payment_method, rule: refund}
    action:                               # a write: listed, confirmed, then called
      tool: return_delivered_order_items
      arguments: {order_id: order, item_ids: items, payment_method_id: payment_method}
      confirm: confirm_return             # reply template that lists the action
      done: done_return                   # reply template after it succeeded

A read-only flow has ``answer: <answerer>`` instead of ``action``. ``instead: {pending:
modify_order_items}`` hands the request to another flow when the order has that status (an
"exchange" of a pending order is an item change); ``items_instead`` does the same only when the
customer named items of such an order ("cancel the bookshelf I got" is a return). ``alone: true``
marks a request heard only when the message asks for nothing else ("I need help with an
order", not "... exchange the grill. Is that something you can help with?").
``runs_last: true`` marks a write after which
the order can't change any more: other requests made in the same message go first;
``order_instead: <flow>`` hands the request to that flow when its words speak of an order
("fix the address on my luggage order" is the order's address, not the account's);
``unnamed_instead: <flow>`` hands the request to that flow when its words name nothing the
flow changes (no product or item: "a few changes to my order" asks what to change);
``wanted_instead: <flow>`` hands a read-only request to that flow when its words want something
done and ask nothing ("a couple of orders I want to tweak, first the espresso machine" is no
status question: the agent asks what to change);
``item_comes_back: true`` a process that needs the item sent back (not possible for a lost one). Argument
values name a slot,
a dotted path into a slot's value (``address.city``) or ``$user_id``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml


class SlotKind(StrEnum):
    order = "order"  # one of the customer's orders, in one of ``statuses``
    items = "items"  # items of that order
    new_items = "new_items"  # for each chosen item, the variant the customer wants instead
    reason = "reason"  # a cancellation reason from ``choices``
    payment_method = "payment_method"  # one of the customer's payment methods, per ``rule``
    address = "address"  # a full postal address
    product = "product"  # a catalog product


class PaymentRule(StrEnum):
    refund = "refund"  # the order's original method or a gift card on file
    difference = "difference"  # pays or receives a price difference; gift card must cover it
    other = "other"  # a method other than the order's current one; gift card covers total


class FlowError(ValueError):
    """A flow file is invalid; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class SlotSpec:
    name: str
    kind: SlotKind
    statuses: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    rule: PaymentRule | None = None
    optional: bool = False


@dataclass(frozen=True, slots=True)
class ActionSpec:
    tool: str
    arguments: Mapping[str, str]
    confirm: str
    done: str


@dataclass(frozen=True, slots=True)
class FlowSpec:
    name: str
    title: str
    intents: tuple[str, ...]
    queue: str
    needs_identity: bool
    slots: tuple[SlotSpec, ...]
    action: ActionSpec | None
    answer: str | None
    instead: Mapping[str, str]  # order status -> the flow that does this for such orders
    items_instead: Mapping[str, str] = field(default_factory=dict)  # when items were named
    runs_last: bool = False  # it locks the order: requests asked with it go first
    alone: bool = False  # asked for only when the message asks nothing more specific
    item_comes_back: bool = False  # the customer sends the item back (a lost item can't be)
    order_instead: str | None = None  # the flow for this request when it speaks of an order
    unnamed_instead: str | None = None  # the flow when the request names no product or item
    wanted_instead: str | None = None  # the flow when a question's words want an action

    def slot(self, name: str) -> SlotSpec | None:
        return next((s for s in self.slots if s.name == name), None)


def load_flows(
    directory: Path, *, tools: Iterable[str], answers: Iterable[str]
) -> dict[str, FlowSpec]:
    """Every ``*.yaml`` flow in ``directory``, checked against the known tools and answerers."""
    known_tools, known_answers = set(tools), set(answers)
    flows: dict[str, FlowSpec] = {}
    for path in sorted(directory.glob("*.yaml")):
        flow = _parse(path, known_tools, known_answers)
        if flow.name in flows:
            raise FlowError(f"{path.name}: flow {flow.name!r} is defined twice")
        flows[flow.name] = flow
    if not flows:
        raise FlowError(f"no flow files in {directory}")
    for flow in flows.values():
        targets = [*flow.instead.items(), *flow.items_instead.items()]
        if flow.order_instead is not None:
            targets.append(("order", flow.order_instead))
        if flow.unnamed_instead is not None:
            targets.append(("unnamed", flow.unnamed_instead))
        if flow.wanted_instead is not None:
            targets.append(("wanted", flow.wanted_instead))
        for status, target in targets:
            if target not in flows:
                raise FlowError(
                    f"{flow.name}: 'instead' for {status!r} names unknown flow {target!r}"
                )
    return flows


def _parse(path: Path, tools: set[str], answers: set[str]) -> FlowSpec:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise FlowError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise FlowError(f"{path.name}: a flow file is a mapping")
    where = path.name
    try:
        slots = tuple(_slot(where, s) for s in data.get("slots") or [])
        action = _action(where, data.get("action"), tools, {s.name for s in slots})
        answer = data.get("answer")
        if (action is None) == (answer is None):
            raise FlowError(f"{where}: a flow has exactly one of 'action' and 'answer'")
        if answer is not None and answer not in answers:
            raise FlowError(f"{where}: unknown answer {answer!r}")
        return FlowSpec(
            name=_text(where, data, "name"),
            title=_text(where, data, "title"),
            intents=tuple(str(i) for i in data.get("intents") or []),
            queue=str(data.get("queue") or "general"),
            needs_identity=bool(data.get("needs_identity", True)),
            slots=slots,
            action=action,
            answer=answer,
            instead={str(k): str(v) for k, v in _mapping(where, data, "instead").items()},
            items_instead={
                str(k): str(v) for k, v in _mapping(where, data, "items_instead").items()
            },
            runs_last=bool(data.get("runs_last", False)),
            alone=bool(data.get("alone", False)),
            item_comes_back=bool(data.get("item_comes_back", False)),
            order_instead=str(data["order_instead"]) if data.get("order_instead") else None,
            unnamed_instead=str(data["unnamed_instead"]) if data.get("unnamed_instead") else None,
            wanted_instead=str(data["wanted_instead"]) if data.get("wanted_instead") else None,
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, FlowError):
            raise
        raise FlowError(f"{where}: {error}") from error


def _mapping(where: str, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, Mapping):
        raise FlowError(f"{where}: {key!r} must be a mapping")
    return value


def _text(where: str, data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FlowError(f"{where}: {key!r} must be a non-empty string")
    return value


def _slot(where: str, data: Any) -> SlotSpec:
    if not isinstance(data, dict):
        raise FlowError(f"{where}: each slot is a mapping with 'name' and 'kind'")
    try:
        kind = SlotKind(data["kind"])
    except (KeyError, ValueError) as error:
        raise FlowError(f"{where}: slot {data.get('name')!r} has an unknown kind") from error
    rule = data.get("rule")
    if kind is SlotKind.payment_method and rule is None:
        raise FlowError(f"{where}: payment slot {data.get('name')!r} needs a 'rule'")
    return SlotSpec(
        name=_text(where, data, "name"),
        kind=kind,
        statuses=tuple(str(s) for s in data.get("statuses") or []),
        choices=tuple(str(c) for c in data.get("choices") or []),
        rule=PaymentRule(rule) if rule else None,
        optional=bool(data.get("optional", False)),
    )


def _action(where: str, data: Any, tools: set[str], slots: set[str]) -> ActionSpec | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise FlowError(f"{where}: 'action' is a mapping")
    tool = _text(where, data, "tool")
    if tool not in tools:
        raise FlowError(f"{where}: unknown tool {tool!r}")
    arguments = _mapping(where, data, "arguments")
    for argument, source in arguments.items():
        root = str(source).split(".")[0]
        if root != "$user_id" and root not in slots:
            raise FlowError(f"{where}: argument {argument!r} reads unknown slot {root!r}")
    return ActionSpec(
        tool=tool,
        arguments={str(k): str(v) for k, v in arguments.items()},
        confirm=_text(where, data, "confirm"),
        done=_text(where, data, "done"),
    )
