"""Analytics at scale: a month of traffic seeded in bulk, then the KPI report and the dashboard.

Generates ``--conversations`` conversations spread over November 2026, ten events each (an AI
exchange with the AI's understanding and a back-office lookup; for one in five a hand-off, an assignment, a human reply,
a tag and a resolution; the rest resolved by the AI with a CSAT answer; one in fifty still
unresolved, so the live backlog has work). PostgreSQL is loaded with ``COPY``; SQLite with
``executemany`` in one transaction.

The worker's rollups are seeded with what the worker computes: each conversation's KPI facts
(``analytics.kpis.conversation_facts``) and reasons (``analytics.reasons.conversation_reasons``)
are folded from its generated events by the same pure functions the worker calls, summed per
rollup row, and the watermarks are set to the last event, so the timed reports start from the
steady state that ``tests/api/test_reports.py`` checks equals a recompute from the raw log.
The worker's own fold throughput is measured by ``bench/kpi_report.py``.

Times (medians of --runs):
- ``kpi_report`` for the month grouped by day and queue (folds what is new: nothing; sums
  rollup rows; reads the backlog live);
- ``reason_report`` for the month;
- the dashboard page for a supervisor through the whole application.

    .venv/bin/python bench/kpi_scale.py --database postgresql --conversations 1000000
    .venv/bin/python bench/kpi_scale.py --database sqlite --conversations 100000
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from frontline.analytics.kpis import Dimension, KpiTotals, conversation_facts
from frontline.analytics.reasons import conversation_reasons
from frontline.analytics.working_time import CalendarHours
from frontline.bootstrap import build
from frontline.config import Environment, Settings
from frontline.domain.errors import Conflict
from frontline.domain.events import Event, EventKind
from frontline.domain.ids import ConversationId
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
from frontline.services.kpi_reports import _stored, kpi_report
from frontline.services.reason_reports import reason_report
from frontline.storage.database import upgrade_database
from frontline.web.app import create_app

POSTGRES = os.environ.get(
    "FRONTLINE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
DB_NAME = "frontline_bench_kpi_scale"
MONTH_START = datetime(2026, 11, 1, tzinfo=UTC)
FIRST_DAY, LAST_DAY = date(2026, 11, 1), date(2026, 11, 30)
CHUNK = 20_000
INTENTS = ("order_status", "cancel_order", "return_items", "exchange_items", "refund_status")
QUEUES = ("billing", "returns", "orders")
TAGS = ("damaged", "late", "vip", "wrong-item")
AS_OF = datetime(2026, 12, 3, tzinfo=UTC)


@dataclass
class Chunk:
    conversations: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    kpis: list[tuple[Any, ...]] = field(default_factory=list)
    reasons: list[tuple[Any, ...]] = field(default_factory=list)


def _script(
    i: int,
) -> tuple[str, str, str | None, list[tuple[EventKind, str, dict[str, Any], int]]]:
    """(channel, final status, assignee, [(kind, actor, data, seconds after start)])."""
    channel = "email" if i % 3 == 0 else "chat"
    handed = i % 5 == 0
    undone = i % 50 == 1
    intent = INTENTS[i % len(INTENTS)] if i % 7 else INTENTS[(i // 7) % 2]
    heard = {"intent": intent, "confidence": 0.9, "requests": [], "answering": None}
    start: list[tuple[EventKind, str, dict[str, Any], int]] = [
        (EventKind.conversation_started, "system", {"channel": channel}, 0),
        (EventKind.message_received, "customer:anonymous", {}, 0),
        (EventKind.intent_recognized, "ai", heard, 1),
        (EventKind.reply_sent, "ai", {"author_kind": "ai"}, 5),
    ]
    if handed:
        queue, agent = QUEUES[(i // 150) % 3], f"agent{(i // 7) % 50}"
        end = (
            (EventKind.note_added, f"human:{agent}", {}, 900)
            if undone
            else (
                EventKind.status_changed,
                f"human:{agent}",
                {"from": "escalated", "to": "resolved"},
                900,
            )
        )
        rest = [
            (EventKind.handed_off, "ai", {"queue": queue, "reason": "asked"}, 6),
            (EventKind.status_changed, "ai", {"from": "open", "to": "escalated"}, 6),
            (EventKind.assigned, f"human:{agent}", {"from": None, "to": agent}, 300),
            (EventKind.reply_sent, f"human:{agent}", {"author_kind": "human"}, 600),
            (EventKind.tags_changed, f"human:{agent}", {"from": [], "to": [TAGS[i % 4]]}, 610),
            end,
        ]
        return channel, "escalated" if undone else "resolved", agent, start + rest
    end = (
        (EventKind.note_added, "ai", {}, 63)
        if undone
        else (EventKind.status_changed, "ai", {"from": "pending", "to": "resolved"}, 63)
    )
    rest = [
        (EventKind.status_changed, "ai", {"from": "open", "to": "pending"}, 5),
        (EventKind.action_taken, "ai", {"name": "get_order_details", "outcome": "ok"}, 30),
        (EventKind.message_received, "customer:anonymous", {}, 60),
        (EventKind.reply_sent, "ai", {"author_kind": "ai"}, 62),
        end,
        (EventKind.csat_answered, "customer:anonymous", {"score": 1 + i % 5}, 70),
    ]
    return channel, "pending" if undone else "resolved", None, start + rest


def _chunk(first: int, last: int, rollups: dict[Any, KpiTotals], counts: dict[Any, int]) -> Chunk:
    chunk = Chunk()
    clock = CalendarHours()
    for i in range(first, last):
        cid = f"c{i:08d}"
        started = MONTH_START + timedelta(days=(i // 5) % 30, seconds=i * 37 % 86_000)
        channel, status, assignee, script = _script(i)
        queue = QUEUES[(i // 150) % 3] if assignee else "general"
        assert len(script) == 10  # ids and the watermark count on ten events per conversation
        chunk.conversations.append(
            (cid, channel, status, queue, "normal", assignee, "[]", started, started)
        )
        log = []
        for n, (kind, actor, data, seconds) in enumerate(script):
            at = started + timedelta(seconds=seconds)
            event_id = i * 10 + n + 1
            chunk.events.append((event_id, kind.value, cid, actor, orjson.dumps(data).decode(), at))
            log.append(Event(event_id, kind, ConversationId(cid), actor, data, at))
        facts = conversation_facts(log, AS_OF, clock)
        assert facts is not None  # every script starts the conversation
        stored = _stored(facts)
        sums = orjson.dumps(stored.sums).decode()
        chunk.kpis.append((cid, *stored.key, sums, facts.assumable_at))
        rollups.setdefault(stored.key, KpiTotals()).add(KpiTotals.from_sums(stored.sums))
        reasons = conversation_reasons(log)
        assert reasons is not None
        for reason in sorted(reasons.reasons):
            chunk.reasons.append((cid, reason, reasons.day))
            counts[(reasons.day, reason)] = counts.get((reasons.day, reason), 0) + 1
    return chunk


_COLUMNS = {
    "conversations": "id, channel, status, queue, priority, assignee, tags, created_at, updated_at",
    "events": "id, kind, conversation_id, actor, data, created_at",
    "conversation_kpis": "conversation_id, day, channel, queue, agent, handler, sums, recheck_at",
    "conversation_reasons": "conversation_id, reason, day",
}


def _rows(chunk: Chunk) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    yield "conversations", chunk.conversations
    yield "events", chunk.events
    yield "conversation_kpis", chunk.kpis
    yield "conversation_reasons", chunk.reasons


def _load_postgres(engine: Engine, chunk: Chunk) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table, rows in _rows(chunk):
            with cursor.copy(f"COPY {table} ({_COLUMNS[table]}) FROM STDIN") as copy:  # type: ignore[attr-defined]  # psycopg 3 cursor
                for row in rows:
                    copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def _load_sqlite(engine: Engine, chunk: Chunk) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table, rows in _rows(chunk):
            columns = _COLUMNS[table]
            marks = ", ".join("?" for _ in columns.split(","))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                [
                    tuple(v.isoformat(" ") if isinstance(v, datetime) else v for v in r)
                    for r in rows
                ],
            )
        raw.commit()
    finally:
        raw.close()


def _finish(
    engine: Engine, rollups: dict[Any, KpiTotals], counts: dict[Any, int], last_event: int
) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO kpi_rollups (day, channel, queue, agent, handler, sums) "
                "VALUES (:day, :channel, :queue, :agent, :handler, :sums)"
            ),
            [
                dict(zip(("day", "channel", "queue", "agent", "handler"), key, strict=True))
                | {"sums": orjson.dumps(t.sums()).decode()}
                for key, t in rollups.items()
            ],
        )
        connection.execute(
            text("INSERT INTO reason_counts (day, reason, conversations) VALUES (:d, :r, :n)"),
            [{"d": d, "r": r, "n": n} for (d, r), n in counts.items()],
        )
        for table in ("kpi_watermarks", "reason_watermarks"):
            connection.execute(
                text(f"INSERT INTO {table} (id, last_event_id) VALUES (1, :last)"),
                {"last": last_event},
            )
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('events', 'id'), :last)"),
                {"last": last_event},
            )
    with engine.begin() as connection:  # committed: a rolled-back ANALYZE leaves no statistics
        connection.execute(text("ANALYZE"))


def log_in(client: TestClient, username: str, password: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/console/login").text)
    assert token, "the login page has no CSRF field"
    data = {"username": username, "password": password, "csrf_token": token.group(1)}
    response = client.post("/console/login", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text


def _timed(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _database(kind: str) -> tuple[str, Callable[[], None]]:
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="frontline-kpi-scale-")
        return f"sqlite:///{folder}/bench.db", lambda: shutil.rmtree(folder)
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{DB_NAME}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
        admin.dispose()

    return make_url(POSTGRES).set(database=DB_NAME).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database to inspect it")
    parser.add_argument(
        "--reuse", action="store_true", help="time the database a --keep run left (PostgreSQL)"
    )
    args = parser.parse_args()
    if args.reuse:
        url = make_url(POSTGRES).set(database=DB_NAME).render_as_string(hide_password=False)
        drop: Callable[[], None] = lambda: None  # noqa: E731  # nothing to drop: it is kept
    else:
        url, drop = _database(args.database)
    settings = Settings(
        environment=Environment.test, database_url=url, agent_enabled=False, _env_file=None
    )  # type: ignore[call-arg]  # accepted at run time
    frontline = build(settings)
    upgrade_database(frontline.engine)
    load = _load_postgres if args.database == "postgresql" else _load_sqlite
    rollups: dict[Any, KpiTotals] = {}
    counts: dict[Any, int] = {}
    generating = loading = 0.0
    for first in range(0, 0 if args.reuse else args.conversations, CHUNK):
        start = time.perf_counter()
        chunk = _chunk(first, min(first + CHUNK, args.conversations), rollups, counts)
        generating += time.perf_counter() - start
        start = time.perf_counter()
        load(frontline.engine, chunk)
        loading += time.perf_counter() - start
        print(f"  seeded {min(first + CHUNK, args.conversations):,}", file=sys.stderr, flush=True)
    if not args.reuse:
        start = time.perf_counter()
        _finish(frontline.engine, rollups, counts, args.conversations * 10)
        loading += time.perf_counter() - start
    month = [Dimension.day, Dimension.queue]
    report = _timed(lambda: kpi_report(frontline.store, FIRST_DAY, LAST_DAY, month), args.runs)
    groups = len(kpi_report(frontline.store, FIRST_DAY, LAST_DAY, month).groups)
    reasons = _timed(lambda: reason_report(frontline.store, FIRST_DAY, LAST_DAY), args.runs)
    with contextlib.suppress(Conflict):  # a reused database has Sam already
        create_staff_user(
            frontline.store, "sam", "correct horse battery", Role.supervisor, name="Sam"
        )
    with TestClient(create_app(frontline)) as client:
        log_in(client, "sam", "correct horse battery")
        path = f"/console/dashboard?from={FIRST_DAY}&to={LAST_DAY}"
        assert "Contact reasons" in client.get(path).text  # the dashboard, not the login page
        page = _timed(lambda: client.get(path), args.runs)
    out = io.StringIO()
    print(f"machine: {platform.machine()} {os.cpu_count()} cores; {args.database}", file=out)
    print(f"conversations {args.conversations:,}, events {args.conversations * 10:,}", file=out)
    print(f"generate + fold facts {generating:.0f} s; load {loading:.0f} s", file=out)
    print(
        f"KPI report, month by day x queue ({groups} groups), median of {args.runs}: {report * 1000:.0f} ms",
        file=out,
    )
    print(f"reason report, month, median of {args.runs}: {reasons * 1000:.0f} ms", file=out)
    print(f"dashboard page (month), median of {args.runs}: {page * 1000:.0f} ms", file=out)
    print(out.getvalue(), end="")
    frontline.engine.dispose()
    if not args.keep:
        drop()


if __name__ == "__main__":
    main()
