"""The gold end state of a scenario's source task: the back office after its gold actions.

A scenario that asks for ``gold`` must leave the users and orders exactly as the task's gold
actions leave them (τ²'s database reward). Only **train** tasks are ever read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from scenario import Scenario

from frontline.backoffice.retail.memory import InMemoryRetailStore
from frontline.backoffice.retail.operations import RetailBackOffice
from frontline.backoffice.retail.records import StoreData


def gold_actions(datasets_dir: Path, source: str) -> list[tuple[str, dict[str, Any]]]:
    """The gold actions of a **train** task (the test splits are never read here)."""
    kind, _, key = source.partition("/")
    if kind == "tau2-retail":
        root = datasets_dir / "tau2_bench" / "retail"
        split = json.loads((root / "split_tasks.json").read_text())
        assert key in split["train"], f"{source} is not in the τ² retail train split"
        task = next(t for t in json.loads((root / "tasks.json").read_text()) if t["id"] == key)
        return [(a["name"], a["arguments"]) for a in task["evaluation_criteria"]["actions"]]
    if kind == "tau-retail-train":
        tasks = json.loads((datasets_dir / "tau_bench" / "retail" / "tasks_train.json").read_text())
        return [(a["name"], a["kwargs"]) for a in tasks[int(key)]["actions"]]
    raise AssertionError(f"unknown scenario source {source!r}")


def _records(store: InMemoryRetailStore) -> dict[str, dict[str, bytes]]:
    data = store.dump()
    return {
        kind: {
            key: orjson.dumps(
                {k: v for k, v in dict(record).items() if v is not None},
                option=orjson.OPT_SORT_KEYS,
            )
            for key, record in data[kind].items()  # type: ignore[literal-required]
        }
        for kind in ("users", "orders")
    }


def gold_checker(
    datasets_dir: Path, initial: StoreData, agent_store: InMemoryRetailStore
) -> Callable[[Scenario], list[str]]:
    def check(scenario: Scenario) -> list[str]:
        assert scenario.source, "gold needs a source task"
        expected_store = InMemoryRetailStore(initial)
        backoffice = RetailBackOffice(expected_store)
        for name, arguments in gold_actions(datasets_dir, scenario.source):
            if name in {"transfer_to_human_agents", "calculate", "think"}:
                continue
            try:
                backoffice.call(name, arguments)
            except Exception:
                continue
        want, got = _records(expected_store), _records(agent_store)
        failures = []
        for kind in ("users", "orders"):
            for key in sorted(set(want[kind]) | set(got[kind])):
                if want[kind].get(key) != got[kind].get(key):
                    failures.append(f"gold: {kind[:-1]} {key} differs from the gold end state")
        return failures

    return check
