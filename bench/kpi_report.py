"""The KPI report for a month of traffic, grouped by day and queue, and the dashboard page.

Seeds PostgreSQL in bulk with generate_series (conversations over 30 days, 10 events each: an
AI exchange, and for one in five a hand-off to a queue, an assignment, a human reply and a
resolution; the rest resolved by the AI with a CSAT answer), then times:

- the worker's first fold of the whole log into the rollups (once);
- ``kpi_report`` for the month grouped by day and queue (median of --runs), which first folds
  what is new (nothing, in a steady state) and then sums rollup rows;
- the dashboard page for a supervisor through the whole application (median of --runs).

    .venv/bin/python bench/kpi_report.py [--conversations 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from frontline.analytics.kpis import Dimension
from frontline.bootstrap import build
from frontline.config import Environment, Settings
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
from frontline.services.kpi_reports import kpi_report, refresh_kpi_rollups
from frontline.storage.database import upgrade_database
from frontline.web.app import create_app

POSTGRES = os.environ.get(
    "FRONTLINE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
DB_NAME = "frontline_bench_analytics"

SEED_CONVERSATIONS = """
INSERT INTO conversations (id, channel, status, queue, priority, assignee, tags, created_at, updated_at)
SELECT 'c' || i, CASE WHEN i % 3 = 0 THEN 'email' ELSE 'chat' END, 'resolved',
       CASE WHEN i % 5 = 0 THEN (ARRAY['billing','returns','orders'])[1 + i % 3] ELSE 'general' END,
       'normal', CASE WHEN i % 5 = 0 THEN 'agent' || (i % 50) END, '[]',
       TIMESTAMPTZ '2026-11-01' + (i % 30) * INTERVAL '1 day' + (i * 37 % 86000) * INTERVAL '1 second',
       TIMESTAMPTZ '2026-11-01' + (i % 30) * INTERVAL '1 day' + (i * 37 % 86000) * INTERVAL '1 second'
FROM generate_series(1, :n) AS i
"""

SEED_EVENTS = """
INSERT INTO events (kind, conversation_id, actor, data, created_at)
SELECT
  CASE s WHEN 1 THEN 'conversation_started' WHEN 2 THEN 'message_received' WHEN 3 THEN 'reply_sent'
         WHEN 4 THEN 'status_changed' WHEN 5 THEN 'message_received' WHEN 6 THEN 'reply_sent'
         WHEN 7 THEN CASE WHEN h THEN 'handed_off' ELSE 'status_changed' END
         WHEN 8 THEN CASE WHEN h THEN 'assigned' ELSE 'csat_answered' END
         WHEN 9 THEN CASE WHEN h THEN 'reply_sent' ELSE 'note_added' END
         ELSE CASE WHEN h THEN 'status_changed' ELSE 'note_added' END END,
  'c' || i,
  CASE WHEN s IN (3, 4, 6, 7) THEN 'ai' WHEN h AND s >= 8 THEN 'human:agent' || (i % 50)
       ELSE 'customer:anonymous' END,
  CASE s WHEN 1 THEN '{"channel": "' || CASE WHEN i % 3 = 0 THEN 'email' ELSE 'chat' END || '"}'
         WHEN 3 THEN '{"author_kind": "ai"}' WHEN 6 THEN '{"author_kind": "ai"}'
         WHEN 4 THEN '{"from": "open", "to": "pending"}'
         WHEN 7 THEN CASE WHEN h THEN '{"queue": "' || (ARRAY['billing','returns','orders'])[1 + i % 3] || '", "reason": "asked"}'
                          ELSE '{"from": "pending", "to": "resolved"}' END
         WHEN 8 THEN CASE WHEN h THEN '{"from": null, "to": "agent' || (i % 50) || '"}'
                          ELSE '{"score": ' || (1 + i % 5) || '}' END
         WHEN 9 THEN CASE WHEN h THEN '{"author_kind": "human"}' ELSE '{}' END
         WHEN 10 THEN CASE WHEN h THEN '{"from": "escalated", "to": "resolved"}' ELSE '{}' END
         ELSE '{}' END,
  TIMESTAMPTZ '2026-11-01' + (i % 30) * INTERVAL '1 day' + (i * 37 % 86000) * INTERVAL '1 second'
    + (ARRAY[0, 0, 5, 5, 60, 62, 62, 300, 600, 900])[s] * INTERVAL '1 second'
FROM generate_series(1, :n) AS i, LATERAL (SELECT i % 5 = 0 AS h) AS flags,
     generate_series(1, 10) AS s
ORDER BY i, s
"""


def _timed(fn: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]  # a callable
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    url = make_url(POSTGRES).set(database=DB_NAME).render_as_string(hide_password=False)
    settings = Settings(
        environment=Environment.test, database_url=url, agent_enabled=False, _env_file=None
    )  # type: ignore[call-arg]  # accepted at run time
    frontline = build(settings)
    upgrade_database(frontline.engine)
    start = time.perf_counter()
    with frontline.engine.begin() as connection:
        connection.execute(text(SEED_CONVERSATIONS), {"n": args.conversations})
        connection.execute(text(SEED_EVENTS), {"n": args.conversations})
        connection.execute(text("ANALYZE"))
    seeded = time.perf_counter() - start
    start = time.perf_counter()
    refresh_kpi_rollups(frontline.store)
    folded = time.perf_counter() - start
    first, last = date(2026, 11, 1), date(2026, 11, 30)
    report = _timed(
        lambda: kpi_report(frontline.store, first, last, [Dimension.day, Dimension.queue]),
        args.runs,
    )
    create_staff_user(frontline.store, "sam", "correct horse battery", Role.supervisor, name="Sam")
    with TestClient(create_app(frontline)) as client:
        client.post("/console/login", data={"username": "sam", "password": "correct horse battery"})
        path = "/console/dashboard?from=2026-11-01&to=2026-11-30"
        assert client.get(path).status_code == 200
        page = _timed(lambda: client.get(path), args.runs)
    print(f"machine: {platform.machine()} {os.cpu_count()} cores; PostgreSQL")
    print(f"conversations {args.conversations:,}, events {args.conversations * 10:,}")
    print(f"seed {seeded:.1f} s; first fold of the whole log into rollups {folded:.1f} s")
    print(f"KPI report, month by day x queue, median of {args.runs}: {report * 1000:.0f} ms")
    print(f"dashboard page (month), median of {args.runs}: {page * 1000:.0f} ms")
    frontline.engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
    admin.dispose()


if __name__ == "__main__":
    main()
