"""Customer messages per second and latency of ``POST /api/v1/conversations/{id}/messages``.

One server process (``frontline serve``) on a fresh database; the load comes from a second
process on loopback (``bench/loadgen.py``). Runs on SQLite, and on PostgreSQL when one is
reachable. Prints a table of the median of several runs. ``bench/http_processes.py`` runs
the same load on several server processes.

    .venv/bin/python bench/http_messages.py [--runs 5] [--seconds 10] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import secrets
import socket
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


def _wait_ready(server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _worker_pids(parent: int) -> list[int]:
    """The uvicorn worker processes of ``frontline serve --workers N`` (Linux ``/proc``)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return [int(c) for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_workers(parent: int, workers: int, timeout: float = 120) -> None:
    """Until every worker process has started: all there, and idle (starting is CPU work).

    A keep-alive connection stays with the process that accepted it, so a run that began
    while some workers were still loading would leave them without load.
    """
    deadline = time.time() + timeout
    used = -1.0
    while time.time() < deadline:
        pids = _worker_pids(parent)
        if len(pids) == workers:
            before, used = used, sum(_cpu_seconds(pid) for pid in pids)
            if 0 <= used - before < 0.05:
                return
        time.sleep(0.5)
    raise RuntimeError(f"{workers} server processes did not start")


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


def measure(
    url: str,
    runs: int,
    seconds: float,
    concurrency: int,
    settings: dict[str, str] | None = None,
    workers: int = 1,
) -> list[dict[str, float]]:
    """The figures of ``runs`` loads on a server started for them (200 new conversations)."""
    # The message path alone: the agent has its own benchmark (bench/agent_turns.py).
    env = os.environ | {"FRONTLINE_DATABASE_URL": url, "FRONTLINE_AGENT_ENABLED": "false"}
    env |= settings or {}
    with socket.socket() as probe:
        if probe.connect_ex((HOST, PORT)) == 0:
            raise RuntimeError(f"port {PORT} is taken: is another benchmark running?")
    subprocess.run([FRONTLINE, "db", "upgrade"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [FRONTLINE, "serve", "--host", HOST, "--port", str(PORT), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ready(server, timeout=120)
        if workers > 1:
            _wait_workers(server.pid, workers)
        ids = _create_conversations(200)
        _load_in_subprocess(ids, concurrency, 2.0)  # warm-up
        results = [_load_in_subprocess(ids, concurrency, seconds) for _ in range(runs)]
    finally:
        server.terminate()
        server.wait(10)
    return results


def summarize(label: str, workers: int, results: list[dict[str, float]]) -> dict[str, object]:
    """One table row: the medians of the runs' figures, the sum of their errors."""
    med = {k: statistics.median(r[k] for r in results) for k in ("per_second", "p50_ms", "p99_ms")}
    errors = sum(r["errors"] for r in results)
    return {"database": label, "workers": workers, **med, "errors": errors, "runs": results}


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


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {load}"
    )


def print_table(first_column: str, rows: list[dict[str, object]], what: str) -> None:
    """The machine, what was measured, and a Markdown table of ``summarize`` rows."""
    print(machine())
    print(what)
    print(f"| {first_column} | messages/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['database']} | {row['per_second']:.0f} | {row['p50_ms']:.2f} | "
            f"{row['p99_ms']:.2f} | {row['errors']} |"
        )


def save_results(name: str, rows: list[dict[str, object]]) -> None:
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(rows, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(
            summarize(
                "SQLite (WAL)",
                1,
                measure(f"sqlite:///{tmp}/bench.db", args.runs, args.seconds, args.concurrency),
            )
        )
    pg = _postgres_url()
    if pg is not None:
        try:
            rows.append(
                summarize(
                    "PostgreSQL", 1, measure(pg[1], args.runs, args.seconds, args.concurrency)
                )
            )
        finally:
            _drop_postgres(pg[0])
    print_table(
        "database",
        rows,
        f"POST /api/v1/conversations/{{id}}/messages, {args.concurrency} connections, "
        f"median of {args.runs} runs of {args.seconds:.0f} s",
    )
    save_results("http_messages", rows)


if __name__ == "__main__":
    main()
