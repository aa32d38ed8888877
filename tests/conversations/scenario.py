"""Conversation scenarios: a customer's turns and what the agent must do, as YAML files.

A scenario file::

    name: Exchange a keyboard for clicky switches
    source: tau2-retail/0          # optional: the task whose gold actions give the end state
    store: tau2                    # the back office: tau2 (τ² db.json) or demo (generated)
    known_gap: why it fails today  # optional: an expected failure, tracked until it passes
    turns:
      - customer: Hi, I want to exchange an item from order #W2378156
        agent: {awaiting: identity}                 # what the last reply waits for
      - customer: I'm Yusuf Rossi, zip 19122
        agent: {awaiting: items, says: [Mechanical Keyboard]}
      - customer: yes
    expect:
      status: pending              # the conversation's status at the end
      writes:                      # every write the agent made, in order (reads are free)
        - name: exchange_delivered_order_items
          arguments: {order_id: "#W2378156"}        # a subset of the arguments
          outcome: ok
      denied: [reason]             # policy rules that must have refused something
      handoff: {queue: returns, reason: customer_request}
      says: [return requested]     # substrings of the agent's replies, anywhere
      gold: true                   # the back office ends exactly as the source's gold actions leave it

``agent`` checks are per turn: ``awaiting`` (null for none), ``says`` and ``not_says``
(case-insensitive substrings of that turn's replies), ``options`` (substrings of some option).
``writes: []`` means the agent must not change anything. A write's ``item_ids`` match in any
order (each of ``new_item_ids`` stays paired with its item): the back office ends the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from frontline.agent.retail.policy import WRITES

UNSET: Any = object()


class _Loader(yaml.SafeLoader):
    """YAML where only true/false are booleans: a customer's "yes" or "no" stays text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


@dataclass(frozen=True)
class TurnCheck:
    awaiting: Any = UNSET
    says: tuple[str, ...] = ()
    not_says: tuple[str, ...] = ()
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    customer: str
    check: TurnCheck | None


@dataclass(frozen=True)
class EndCheck:
    status: str | None = None
    writes: tuple[dict[str, Any], ...] | None = None
    denied: tuple[str, ...] = ()
    handoff: dict[str, Any] | None = None
    says: tuple[str, ...] = ()
    not_says: tuple[str, ...] = ()
    gold: bool = False


@dataclass(frozen=True)
class Scenario:
    name: str
    path: Path
    source: str | None
    known_gap: str | None  # why the agent fails this scenario today (kept as the expectation)
    store: str
    steps: tuple[Step, ...]
    end: EndCheck

    @property
    def id(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class TurnView:
    """What one customer message produced, as the runner sees it."""

    replies: Sequence[Mapping[str, Any]]  # {"text", "awaiting", "options"}


@dataclass(frozen=True)
class ConversationView:
    status: str
    actions: Sequence[Mapping[str, Any]]  # {"name", "arguments", "outcome", "result"}
    handoff: Mapping[str, Any] | None
    replies: Sequence[str]


@dataclass
class Result:
    scenario: Scenario
    failures: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_scenario(path: Path) -> Scenario:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(data, dict) or not data.get("turns"):
        raise ValueError(f"{path.name}: a scenario needs 'name' and 'turns'")
    steps = []
    for turn in data["turns"]:
        check = turn.get("agent")
        steps.append(
            Step(
                customer=str(turn["customer"]),
                check=None
                if check is None
                else TurnCheck(
                    awaiting=check.get("awaiting", UNSET),
                    says=tuple(check.get("says") or ()),
                    not_says=tuple(check.get("not_says") or ()),
                    options=tuple(check.get("options") or ()),
                ),
            )
        )
    end = data.get("expect") or {}
    writes = end.get("writes", UNSET)
    return Scenario(
        name=str(data.get("name") or path.stem),
        path=path,
        source=data.get("source"),
        known_gap=data.get("known_gap"),
        store=str(data.get("store") or "tau2"),
        steps=tuple(steps),
        end=EndCheck(
            status=end.get("status"),
            writes=None if writes is UNSET else tuple(writes or ()),
            denied=tuple(end.get("denied") or ()),
            handoff=end.get("handoff"),
            says=tuple(end.get("says") or ()),
            not_says=tuple(end.get("not_says") or ()),
            gold=bool(end.get("gold", False)),
        ),
    )


def load_scenarios(directory: Path) -> list[Scenario]:
    return [load_scenario(p) for p in sorted(directory.glob("*.yaml"))]


def run_scenario(
    scenario: Scenario,
    send: Callable[[str], TurnView],
    finish: Callable[[], ConversationView],
    gold_check: Callable[[Scenario], list[str]] | None = None,
) -> Result:
    """Play the customer's turns through ``send`` and check every expectation."""
    result = Result(scenario)
    for number, step in enumerate(scenario.steps, start=1):
        view = send(step.customer)
        result.transcript.append(f"customer: {step.customer}")
        result.transcript += [f"agent[{r.get('awaiting')}]: {r['text']}" for r in view.replies]
        if step.check is not None:
            result.failures += [f"turn {number}: {f}" for f in _check_turn(step.check, view)]
    conversation = finish()
    result.failures += _check_end(scenario.end, conversation)
    if scenario.end.gold and gold_check is not None:
        result.failures += gold_check(scenario)
    return result


def _check_turn(check: TurnCheck, view: TurnView) -> list[str]:
    failures = []
    texts = " ".join(
        [str(r["text"]) for r in view.replies]
        + [str(o) for r in view.replies for o in r.get("options") or ()]
    ).lower()
    awaiting = view.replies[-1].get("awaiting") if view.replies else None
    if check.awaiting is not UNSET and awaiting != check.awaiting:
        failures.append(f"awaiting {awaiting!r}, expected {check.awaiting!r}")
    failures += [f"replies lack {s!r}" for s in check.says if s.lower() not in texts]
    failures += [f"replies say {s!r}" for s in check.not_says if s.lower() in texts]
    options = [str(o).lower() for r in view.replies for o in r.get("options") or ()]
    failures += [
        f"no option has {s!r}" for s in check.options if not any(s.lower() in o for o in options)
    ]
    return failures


def _check_end(end: EndCheck, conversation: ConversationView) -> list[str]:
    failures = []
    if end.status is not None and conversation.status != end.status:
        failures.append(f"status {conversation.status!r}, expected {end.status!r}")
    writes = [a for a in conversation.actions if a["name"] in WRITES and a["outcome"] != "denied"]
    if end.writes is not None:
        failures += _check_writes(end.writes, writes)
    denied = {
        str((a.get("result") or {}).get("rule"))
        for a in conversation.actions
        if a["outcome"] == "denied"
    }
    failures += [f"no {rule!r} denial" for rule in end.denied if rule not in denied]
    if end.handoff is not None:
        handoff = conversation.handoff or {}
        for key, value in end.handoff.items():
            if handoff.get(key) != value:
                failures.append(f"handoff {key} {handoff.get(key)!r}, expected {value!r}")
    everything = " ".join(conversation.replies).lower()
    failures += [f"conversation lacks {s!r}" for s in end.says if s.lower() not in everything]
    failures += [f"conversation says {s!r}" for s in end.not_says if s.lower() in everything]
    return failures


def _items_in_order(want: Mapping[str, Any], got: Mapping[str, Any]) -> dict[str, Any]:
    """``got`` with its items listed in the order ``want`` lists them, when they are the same
    items: the order of a request's items means nothing to the back office (each new item stays
    with the item it replaces)."""
    wanted, items = want.get("item_ids"), got.get("item_ids")
    if not isinstance(wanted, list) or not isinstance(items, list):
        return dict(got)
    if sorted(map(str, wanted)) != sorted(map(str, items)) or len(set(items)) != len(items):
        return dict(got)
    new = got.get("new_item_ids")
    pairs = dict(zip(items, new, strict=True)) if isinstance(new, list) else None
    ordered = {**got, "item_ids": list(wanted)}
    if pairs is not None:
        ordered["new_item_ids"] = [pairs[i] for i in wanted]
    return ordered


def _check_writes(
    expected: Sequence[Mapping[str, Any]], actual: Sequence[Mapping[str, Any]]
) -> list[str]:
    if len(expected) != len(actual):
        made = [f"{a['name']}({a['arguments']})" for a in actual]
        return [f"{len(actual)} writes {made}, expected {len(expected)}"]
    failures = []
    for index, (want, got) in enumerate(zip(expected, actual, strict=True), start=1):
        if want["name"] != got["name"]:
            failures.append(f"write {index} is {got['name']}, expected {want['name']}")
            continue
        arguments = _items_in_order(want.get("arguments") or {}, got["arguments"])
        for key, value in (want.get("arguments") or {}).items():
            if arguments.get(key) != value:
                failures.append(f"write {index} {key}={arguments.get(key)!r}, expected {value!r}")
        if want.get("outcome", "ok") != got["outcome"]:
            failures.append(
                f"write {index} outcome {got['outcome']}, expected {want.get('outcome', 'ok')}"
            )
    return failures
