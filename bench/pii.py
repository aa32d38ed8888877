"""Personal-data detection: recall and precision per kind on the labelled set, and time per message.

Scores ``frontline.domain.pii.find_pii`` on ``tests/data/pii/messages.jsonl`` (a found span is
correct when it overlaps a labelled span of its kind), then times ``redact`` on every message
of the set; p50 and p99 in microseconds, the median over runs.

With ``--message-path``, also what the redacted copy costs a stored message: the set's messages
written with ``receive_customer_message`` into 50 conversations on a fresh SQLite database, in
alternating rounds with the copy written and with it switched off (the same process and load,
so the difference is the copy: ``redact`` plus one INSERT); p50 per message of each.

    .venv/bin/python bench/pii.py [--runs 5] [--misses] [--message-path]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from frontline.analytics.pii_evaluation import LabelledMessage, load_labelled, score
from frontline.domain.pii import redact

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "pii" / "messages.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="print every miss")
    parser.add_argument("--message-path", action="store_true", help="time the stored copy")
    args = parser.parse_args()
    messages = load_labelled(LABELLED)
    scores = score(messages)
    print(
        f"{len(messages)} messages, {platform.machine()} x{os.cpu_count()}, "
        f"Python {platform.python_version()}"
    )
    print(f"{'kind':8} {'labelled':>8} {'found':>6} {'recall':>7} {'precision':>9}")
    for kind, s in [*scores.per_kind.items(), ("overall", scores.overall)]:
        print(f"{kind:8} {s.labelled:8d} {s.found:6d} {s.recall:7.3f} {s.precision:9.3f}")
    if args.misses:
        for what, kind, text in scores.misses:
            print(f"  {what:8} {kind:8} {text!r}")
    p50s, p99s = [], []
    for _ in range(args.runs):
        times = []
        for message in messages:
            start = time.perf_counter()
            redact(message.text)
            times.append((time.perf_counter() - start) * 1e6)
        times.sort()
        p50s.append(statistics.median(times))
        p99s.append(times[int(len(times) * 0.99) - 1])
    print(
        f"redact per message: p50 {statistics.median(p50s):.0f} µs, "
        f"p99 {statistics.median(p99s):.0f} µs (median of {args.runs} runs)"
    )
    if args.message_path:
        message_path(messages, args.runs)


def message_path(messages: list[LabelledMessage], rounds: int) -> None:
    from frontline.bootstrap import build
    from frontline.config import Settings
    from frontline.domain.conversations import Channel
    from frontline.services.messages import (
        MessageLimits,
        receive_customer_message,
        start_conversation,
    )
    from frontline.storage import sql_conversations
    from frontline.storage.database import upgrade_database

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite:///{tmp}/bench.db",
            agent_enabled=False,
            _env_file=None,  # type: ignore[call-arg]  # accepted at run time
        )
        frontline = build(settings)
        upgrade_database(frontline.engine)
        limits = MessageLimits(max_chars=20_000)
        ids = [
            start_conversation(frontline.store, Channel.chat, "hello", None, limits).conversation.id
            for _ in range(50)
        ]
        real_copy = sql_conversations.add_redacted_copy

        def no_copy(*_: Any) -> None:
            return None

        results: dict[str, list[float]] = {"with copy": [], "without": []}
        for n in range(rounds * 2):
            mode = "with copy" if n % 2 == 0 else "without"
            sql_conversations.add_redacted_copy = real_copy if n % 2 == 0 else no_copy  # type: ignore[assignment]
            times = []
            for i, message in enumerate(messages):
                start = time.perf_counter()
                receive_customer_message(frontline.store, ids[i % len(ids)], message.text, limits)
                times.append((time.perf_counter() - start) * 1e6)
            results[mode].append(statistics.median(times))
        sql_conversations.add_redacted_copy = real_copy
        for mode, p50s in results.items():
            print(
                f"stored message ({mode}): p50 {statistics.median(p50s):.0f} µs "
                f"(median of {rounds} rounds of {len(messages)} messages)"
            )


if __name__ == "__main__":
    main()
