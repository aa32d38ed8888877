"""Customer messages per second with the abuse limits off and on (``docs/security.md``).

The load of ``bench/http_messages.py`` (one ``frontline serve`` on SQLite, 200 conversations,
each message with its customer token) twice: with rate limiting off, and with every bucket
on (per address, per token, per conversation) but set high enough that nothing is refused,
so the figure is the cost of counting. Counters in memory, and on Redis when one answers on
``FRONTLINE_BENCH_REDIS_URL`` (default ``redis://127.0.0.1:6379/15``).

    .venv/bin/python bench/rate_limits.py [--runs 5] [--seconds 10] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from http_messages import measure, print_table, save_results, summarize

REDIS_URL = os.environ.get("FRONTLINE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
HIGH = str(10**9)  # per minute: never reached, every request is still counted
ON = {
    "FRONTLINE_RATE_LIMIT_PER_IP": HIGH,
    "FRONTLINE_RATE_LIMIT_PER_TOKEN": HIGH,
    "FRONTLINE_RATE_LIMIT_PER_CUSTOMER": HIGH,
}
OFF = dict.fromkeys(ON, "0")


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    # Redis also carries live updates when FRONTLINE_REDIS_URL is set: the two Redis rows
    # differ only in the counting, so compare them with each other.
    variants = [("off", OFF), ("on, counters in memory", ON)]
    if _redis_reachable():
        on_redis = {"FRONTLINE_REDIS_URL": REDIS_URL, "FRONTLINE_JOBS_BACKEND": "memory"}
        variants += [
            ("off, live updates on Redis", OFF | on_redis),
            ("on, counters on Redis", ON | on_redis),
        ]
    rows = []
    for label, settings in variants:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.db"
            results = measure(url, args.runs, args.seconds, args.concurrency, settings)
            row = summarize(label, 1, results)
        rows.append(row)
    print_table(
        "rate limiting",
        rows,
        f"POST /api/v1/conversations/{{id}}/messages on SQLite, {args.concurrency} connections, "
        f"median of {args.runs} runs of {args.seconds:.0f} s",
    )
    save_results("rate_limits", rows)


if __name__ == "__main__":
    main()
