"""Customer messages per second and latency of ``POST /api/v1/conversations/{id}/messages``.

One server process (``frontline serve``) on a fresh database; the load comes from a second
process on loopback (``bench/loadgen.py``). Runs on SQLite, and on PostgreSQL when one is
reachable. Prints a table of the median of several runs.

    .venv/bin/python bench/http_messages.py [--runs 5] [--seconds 10] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from loadgen import post_request, run_load

ROOT = Path(__file__).resolve().parent.parent
FRONTLINE = str(ROOT / ".venv" / "bin" / "frontline")
HOST, PORT = "127.0.0.1", 8765
PG_ADMIN = os.environ.get(
    "FRONTLINE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _wait_ready(timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _create_conversations(count: int) -> list[tuple[str, str]]:
    """``count`` conversations: each id with its customer token."""
    ids = []
    for n in range(count):
        body = json.dumps({"channel": "chat", "text": f"bench conversation {n}"}).encode()
        request = urllib.request.Request(
            f"http://{HOST}:{PORT}/api/v1/conversations",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            started = json.load(response)
            ids.append((started["id"], started["customer_token"]))
    return ids


def _load(ids: list[tuple[str, str]], concurrency: int, seconds: float) -> dict[str, float]:
    requests = [
        post_request(
            HOST,
            PORT,
            f"/api/v1/conversations/{cid}/messages",
            {"text": "Hi, any news on my order? It was supposed to arrive yesterday."},
            token,
        )
        for cid, token in ids
    ]
    result = run_load(HOST, PORT, lambda n: requests[n % len(requests)], concurrency, seconds)
    return result.summary()


def _load_in_subprocess(
    ids: list[tuple[str, str]], concurrency: int, seconds: float
) -> dict[str, float]:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_load, (ids, concurrency, seconds))


def bench_database(
    label: str,
    url: str,
    runs: int,
    seconds: float,
    concurrency: int,
    settings: dict[str, str] | None = None,
) -> dict[str, object]:
    # The message path alone: the agent has its own benchmark (bench/agent_turns.py).
    env = os.environ | {"FRONTLINE_DATABASE_URL": url, "FRONTLINE_AGENT_ENABLED": "false"}
    env |= settings or {}
    subprocess.run([FRONTLINE, "db", "upgrade"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [FRONTLINE, "serve", "--host", HOST, "--port", str(PORT)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ready()
        ids = _create_conversations(200)
        _load_in_subprocess(ids, concurrency, 2.0)  # warm-up
        results = [_load_in_subprocess(ids, concurrency, seconds) for _ in range(runs)]
    finally:
        server.terminate()
        server.wait(10)
    med = {k: statistics.median(r[k] for r in results) for k in ("per_second", "p50_ms", "p99_ms")}
    errors = sum(r["errors"] for r in results)
    return {"database": label, **med, "errors": errors, "runs": results}


def _postgres_url() -> tuple[str, str] | None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    name = f"frontline_bench_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        return None
    finally:
        admin.dispose()
    return name, make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)


def _drop_postgres(name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(
            bench_database(
                "SQLite (WAL)",
                f"sqlite:///{tmp}/bench.db",
                args.runs,
                args.seconds,
                args.concurrency,
            )
        )
    pg = _postgres_url()
    if pg is not None:
        try:
            rows.append(
                bench_database("PostgreSQL", pg[1], args.runs, args.seconds, args.concurrency)
            )
        finally:
            _drop_postgres(pg[0])
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"POST /api/v1/conversations/{{id}}/messages, {args.concurrency} connections, median of {args.runs} runs of {args.seconds:.0f} s"
    )
    print("| database | messages/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['database']} | {row['per_second']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | {row['errors']} |"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "http_messages.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
