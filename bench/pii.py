"""Personal-data detection: recall and precision per kind on the labelled set, and time per message.

Scores ``frontline.domain.pii.find_pii`` on ``tests/data/pii/messages.jsonl`` (a found span is
correct when it overlaps a labelled span of its kind), then times ``redact`` on every message
of the set; p50 and p99 in microseconds, the median over runs.

    .venv/bin/python bench/pii.py [--runs 5] [--misses]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from frontline.analytics.pii_evaluation import load_labelled, score
from frontline.domain.pii import redact

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "pii" / "messages.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="print every miss")
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


if __name__ == "__main__":
    main()
