"""The AI agent: turn latency in-process and over HTTP, and the scenario suite's success rate.

1. In-process: every customer turn of every scenario in ``tests/conversations/scenarios``
   through ``Agent.respond`` (understanding, flows, policy, back office in memory), and the
   same turns through the message services (stored in SQLite, state and actions included).
2. Over HTTP: one ``frontline serve`` process on SQLite with the demo store; the demo
   customers' conversations, one client, each message timed at the client.
3. The scenario suites, each with its pass rate, gold end states checked as in the tests, and
   the first failure of every failing scenario: ``scenarios/`` (the suite the agent was built
   against) and ``heldout/`` (written blind from τ² and τ-bench train tasks the agent had never
   been run on; reported per source).

    .venv/bin/python bench/agent_turns.py [--runs 5]

Needs ../shared/datasets (the τ² retail store the scenarios use).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "conversations"))

from chat_session import ChatSession  # noqa: E402
from gold import gold_checker  # noqa: E402
from scenario import load_scenarios, run_scenario  # noqa: E402

from frontline.agent.engine.turn import Agent  # noqa: E402
from frontline.agent.reading.brain import load_understander  # noqa: E402
from frontline.agent.retail.pack import RETAIL  # noqa: E402
from frontline.backoffice.retail.generator import DEMO_CUSTOMERS, generate_store  # noqa: E402
from frontline.backoffice.retail.loader import load_store_file  # noqa: E402
from frontline.backoffice.retail.memory import InMemoryRetailStore  # noqa: E402
from frontline.backoffice.retail.operations import RetailBackOffice  # noqa: E402
from frontline.backoffice.retail.records import StoreData, check_store_data  # noqa: E402
from frontline.config import Settings  # noqa: E402
from frontline.storage.database import make_engine, upgrade_database  # noqa: E402
from frontline.storage.sql_store import SqlStore  # noqa: E402

SCENARIOS = ROOT / "tests" / "conversations" / "scenarios"
HELDOUT = ROOT / "tests" / "conversations" / "heldout"
DATASETS = ROOT.parent / "shared" / "datasets"
FRONTLINE = str(ROOT / ".venv" / "bin" / "frontline")
HOST, PORT = "127.0.0.1", 8766


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


@functools.cache
def stores() -> dict[str, StoreData]:  # read once; each scenario copies what it uses
    return {
        "tau2": load_store_file(DATASETS / "tau2_bench" / "retail" / "db.json"),
        "demo": check_store_data(generate_store()),
    }


def in_process(runs: int) -> dict[str, Any]:
    understander = load_understander(
        None,
        Settings().encoder_dir,
        examples=RETAIL.intent_examples,
        contexts=RETAIL.intent_contexts,
    )
    scenarios = load_scenarios(SCENARIOS)
    data = stores()
    engine_ms: list[float] = []
    service_ms: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade_database(engine)
        store = SqlStore(engine)
        for _ in range(runs):
            for scenario in scenarios:
                agent = Agent(
                    understander,
                    RetailBackOffice(InMemoryRetailStore(data[scenario.store])),
                    pack=RETAIL,
                )
                state: dict[str, Any] | None = None
                for step in scenario.steps:
                    started = time.perf_counter()
                    turn = agent.respond(state, step.customer)
                    engine_ms.append((time.perf_counter() - started) * 1000)
                    state = turn.state
                agent = Agent(
                    understander,
                    RetailBackOffice(InMemoryRetailStore(data[scenario.store])),
                    pack=RETAIL,
                )
                session = ChatSession(store, agent)
                for step in scenario.steps:
                    started = time.perf_counter()
                    session.send(step.customer)
                    service_ms.append((time.perf_counter() - started) * 1000)
        engine.dispose()
    return {
        "turns": len(engine_ms),
        "engine_p50_ms": round(percentile(engine_ms, 50), 2),
        "engine_p99_ms": round(percentile(engine_ms, 99), 2),
        "service_p50_ms": round(percentile(service_ms, 50), 2),
        "service_p99_ms": round(percentile(service_ms, 99), 2),
    }


def _post(path: str, body: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"http://{HOST}:{PORT}{path}", data=json.dumps(body).encode(), headers=headers
    )
    with urllib.request.urlopen(request) as response:
        result: dict[str, Any] = json.load(response)
        return result


def _wait_ready(timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


DEMO_TURNS = [
    [
        f"I want to return the floor lamp, my email is {DEMO_CUSTOMERS[0].email}",
        "my visa card",
        "no",
    ],
    [DEMO_CUSTOMERS[1].try_saying, "no"],
    [DEMO_CUSTOMERS[2].try_saying, "thanks, what's my default address?", "bye"],
    ["what is your return policy?", "how long does a refund take?", "thanks"],
    [
        "where is my order?",
        f"{DEMO_CUSTOMERS[0].first_name} {DEMO_CUSTOMERS[0].last_name}",
        DEMO_CUSTOMERS[0].zip,
    ],
]


def over_http(runs: int) -> dict[str, Any]:
    latencies: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"FRONTLINE_DATABASE_URL": f"sqlite:///{tmp}/http.db"}
        for command in (["db", "upgrade"], ["demo"]):
            subprocess.run([FRONTLINE, *command], env=env, check=True, capture_output=True)
        server = subprocess.Popen(
            [FRONTLINE, "serve", "--host", HOST, "--port", str(PORT)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_ready()
            for run in range(runs + 1):
                for turns in DEMO_TURNS:
                    started = time.perf_counter()
                    first = _post("/api/v1/conversations", {"channel": "chat", "text": turns[0]})
                    cid, token = first["id"], first["customer_token"]
                    timings = [(time.perf_counter() - started) * 1000]
                    for text in turns[1:]:
                        started = time.perf_counter()
                        _post(f"/api/v1/conversations/{cid}/messages", {"text": text}, token)
                        timings.append((time.perf_counter() - started) * 1000)
                    if run:  # the first pass warms up
                        latencies += timings
        finally:
            server.terminate()
            server.wait(10)
    return {
        "turns": len(latencies),
        "http_p50_ms": round(percentile(latencies, 50), 2),
        "http_p99_ms": round(percentile(latencies, 99), 2),
    }


def scenario_suite(directory: Path, prefix: str = "") -> dict[str, Any]:
    understander = load_understander(
        None,
        Settings().encoder_dir,
        examples=RETAIL.intent_examples,
        contexts=RETAIL.intent_contexts,
    )
    data = stores()
    failures: dict[str, str] = {}
    scenarios = [s for s in load_scenarios(directory) if s.id.startswith(prefix)]
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/suite.db")
        upgrade_database(engine)
        store = SqlStore(engine)
        for scenario in scenarios:
            retail = InMemoryRetailStore(data[scenario.store])
            session = ChatSession(store, Agent(understander, RetailBackOffice(retail), pack=RETAIL))
            gold = gold_checker(DATASETS, data[scenario.store], retail)
            result = run_scenario(scenario, session.send, session.finish, gold)
            if not result.passed:
                cause = f" (known gap: {scenario.known_gap})" if scenario.known_gap else ""
                failures[scenario.id] = result.failures[0] + cause
        engine.dispose()
    passed = len(scenarios) - len(failures)
    return {
        "scenarios": len(scenarios),
        "passed": passed,
        "success_rate": round(100 * passed / len(scenarios), 1),
        "failures": failures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = [in_process(1) for _ in range(args.runs)]
    inproc = {
        key: statistics.median(r[key] for r in runs) if key != "turns" else runs[0][key]
        for key in runs[0]
    }
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "in_process": inproc,
        "http": over_http(args.runs),
        "suite": scenario_suite(SCENARIOS),
        "heldout_tau2": scenario_suite(HELDOUT, "tau2_"),
        "heldout_tau_bench": scenario_suite(HELDOUT, "tb_"),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
