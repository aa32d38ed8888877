"""Latency of each retail back-office operation, over every gold action of τ²-bench retail.

For each store (in memory; SQLite in a temporary file; PostgreSQL when reachable) and each run:
every one of the 114 tasks of `tau2_bench/retail/gold_states.jsonl` starts from τ²'s `db.json`
(reset with `replace_all`, not timed), then its gold actions run through
`RetailBackOffice.call`, each timed alone, failures included. Prints p50 and p99 in
milliseconds per operation: the median over the runs of each run's percentile.

    .venv/bin/python bench/backoffice_latency.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from frontline.backoffice.port import OperationFailed
from frontline.backoffice.retail.loader import load_store_file
from frontline.backoffice.retail.memory import InMemoryRetailStore
from frontline.backoffice.retail.operations import RetailBackOffice
from frontline.backoffice.retail.records import StoreData
from frontline.backoffice.retail.sql import SqlRetailStore
from frontline.backoffice.retail.store import RetailStore
from frontline.storage.database import make_engine, upgrade_database

ROOT = Path(__file__).resolve().parent.parent
RETAIL = ROOT.parent / "shared" / "datasets" / "tau2_bench" / "retail"
PG_ADMIN = os.environ.get(
    "FRONTLINE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

Samples = dict[str, list[float]]  # operation -> latencies in ms


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def one_run(store: RetailStore, data: StoreData, tasks: list[dict[str, Any]]) -> Samples:
    samples: Samples = defaultdict(list)
    office = RetailBackOffice(store)
    for task in tasks:
        store.replace_all(data)
        for action in task["actions"]:
            start = time.perf_counter()
            with suppress(OperationFailed):  # failing gold actions are timed too
                office.call(action["name"], action["arguments"])
            samples[action["name"]].append((time.perf_counter() - start) * 1000)
    return samples


@contextmanager
def sqlite_store() -> Iterator[RetailStore]:
    with tempfile.TemporaryDirectory() as directory:
        engine = make_engine(f"sqlite:///{directory}/bench.db")
        upgrade_database(engine)
        yield SqlRetailStore(engine)
        engine.dispose()


@contextmanager
def postgres_store() -> Iterator[RetailStore]:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"frontline_bench_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(PG_ADMIN).set(database=name).render_as_string(False))
    try:
        upgrade_database(engine)
        yield SqlRetailStore(engine)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def memory_store() -> Iterator[RetailStore]:
    yield InMemoryRetailStore()


def postgres_reachable() -> bool:
    try:
        with create_engine(PG_ADMIN).connect():
            return True
    except OperationalError:
        return False


def measure(
    make: Callable[[], Any], data: StoreData, tasks: list[dict[str, Any]], runs: int
) -> dict[str, tuple[int, float, float]]:
    """operation -> (calls per run, median p50, median p99)."""
    per_run: list[Samples] = []
    with make() as store:
        for _ in range(runs):
            per_run.append(one_run(store, data, tasks))
    return {
        name: (
            len(per_run[0][name]),
            statistics.median(percentile(run[name], 0.50) for run in per_run),
            statistics.median(percentile(run[name], 0.99) for run in per_run),
        )
        for name in per_run[0]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = load_store_file(RETAIL / "db.json")
    tasks = [json.loads(line) for line in (RETAIL / "gold_states.jsonl").read_text().splitlines()]
    stores: dict[str, Callable[[], Any]] = {"memory": memory_store, "sqlite": sqlite_store}
    if postgres_reachable():
        stores["postgresql"] = postgres_store
    else:
        print(f"PostgreSQL not reachable at {PG_ADMIN}: skipped", file=sys.stderr)
    results = {label: measure(make, data, tasks, args.runs) for label, make in stores.items()}

    print(f"# back-office latency, ms (p50 / p99, median of {args.runs} runs)")
    print(f"# python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cpus")
    header = f"{'operation':<32} {'calls':>5}" + "".join(f" {label:>17}" for label in results)
    print(header)
    print("-" * len(header))
    names = sorted(results["memory"], key=lambda n: (-results["memory"][n][0], n))
    for name in names:
        calls = results["memory"][name][0]
        cells = "".join(
            f" {results[label][name][1]:>7.3f} / {results[label][name][2]:>7.3f}"
            for label in results
        )
        print(f"{name:<32} {calls:>5}{cells}")


if __name__ == "__main__":
    main()
