"""Customer messages per second with 1, 2 and 4 server processes on PostgreSQL.

The load of ``bench/http_messages.py`` (200 conversations, each message with its customer
token, agent off) against ``frontline serve --workers N`` on a fresh PostgreSQL database,
with production settings: ``FRONTLINE_ENVIRONMENT=production``, counters, live updates and
jobs on Redis (``FRONTLINE_BENCH_REDIS_URL``, default ``redis://127.0.0.1:6379/15``), and
rate limiting on, every bucket counted (per address, per token, per conversation) at limits
never reached, so that one client address can load the server. Needs PostgreSQL and Redis.

    .venv/bin/python bench/http_processes.py [--processes 1 2 4] [--rounds 3] [--runs 3]
        [--seconds 5] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from http_messages import (
    _drop_postgres,
    _postgres_url,
    measure,
    print_table,
    save_results,
    summarize,
)
from rate_limits import ON, REDIS_URL, _redis_reachable

PRODUCTION = ON | {
    "FRONTLINE_ENVIRONMENT": "production",
    "FRONTLINE_SECRET_KEY": secrets.token_hex(32),
    "FRONTLINE_REDIS_URL": REDIS_URL,
}


def _measure(workers: int, runs: int, seconds: float, concurrency: int) -> list[dict[str, float]]:
    """``runs`` loads on ``workers`` processes, on a fresh database of 200 conversations."""
    pg = _postgres_url()
    if pg is None:
        sys.exit("PostgreSQL is not reachable (FRONTLINE_BENCH_POSTGRES_URL)")
    try:
        return measure(pg[1], runs, seconds, concurrency, PRODUCTION, workers)
    finally:
        _drop_postgres(pg[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3, help="runs per round")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    if not _redis_reachable():
        sys.exit(f"Redis is not reachable at {REDIS_URL}")
    # Rounds take every process count in turn, so that a shared machine's changing load
    # falls on all of them alike rather than on whichever ran last.
    runs: dict[int, list[dict[str, float]]] = {workers: [] for workers in args.processes}
    for _ in range(args.rounds):
        for workers in args.processes:
            runs[workers] += _measure(workers, args.runs, args.seconds, args.concurrency)
    cores = os.cpu_count()
    rows = [summarize(f"{w} on {cores} cores", w, results) for w, results in runs.items()]
    print_table(
        "server processes",
        rows,
        f"POST /api/v1/conversations/{{id}}/messages on PostgreSQL, production settings, "
        f"rate limits counted on Redis, {args.concurrency} connections, median of "
        f"{args.rounds} rounds × {args.runs} runs of {args.seconds:.0f} s",
    )
    save_results("http_processes", rows)


if __name__ == "__main__":
    main()
