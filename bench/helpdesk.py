"""Helpdesk figures on PostgreSQL at 100,000 open conversations.

Seeds in bulk with generate_series: open or escalated conversations created over the last day
with their first customer message as events, one SLA policy (first reply in 8 hours, calendar
time), and a steady-state timer row per conversation (refreshed, next check spread over the
coming hours; ``--due`` of them already due). Then times:

- the worker's SLA scan when nothing is due (the cost of finding nothing among 100k), and a
  scan that evaluates ``--due`` due timers from their event logs (median of --runs each);
- the inbox sorted by SLA (most urgent first) for a supervisor and for an agent of one queue,
  p50 of --runs * 6 requests through the service;
- assignment throughput: conversations routed into a least-loaded queue of 20 online agents
  from 4 threads at once (capacity checked under row locks), conversations per second.

    .venv/bin/python bench/helpdesk.py [--conversations 100000] [--due 500] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from frontline.bootstrap import build
from frontline.domain.conversations import Priority
from frontline.domain.ids import ConversationId
from frontline.domain.routing import Presence, Strategy
from frontline.domain.sla import SlaMetric, SlaTarget
from frontline.domain.staff import Role
from frontline.services import routing, sla
from frontline.services.accounts import create_staff_user
from frontline.services.clock import now
from frontline.services.ports import InboxView
from frontline.services.sla_inbox import InboxSort, get_sla_inbox
from frontline.storage.database import upgrade_database

POSTGRES = os.environ.get(
    "FRONTLINE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
DB_NAME = "frontline_bench_helpdesk"
PASSWORD = "correct horse battery"

# i % 10 < 3: escalated (with a human); the rest open. Queues: general, billing, returns.
SEED_CONVERSATIONS = """
INSERT INTO conversations (id, channel, status, queue, priority, tags, subject, created_at, updated_at)
SELECT 'c' || lpad(i::text, 7, '0'), 'chat', CASE WHEN i % 10 < 3 THEN 'escalated' ELSE 'open' END,
       (ARRAY['general','billing','returns'])[1 + i % 3], 'normal', '[]', 'Question ' || i,
       :t0 + (i % 86000) * INTERVAL '1 second', :t0 + (i % 86000) * INTERVAL '1 second'
FROM generate_series(1, :n) AS i
"""
SEED_EVENTS = """
INSERT INTO events (kind, conversation_id, actor, data, created_at)
SELECT CASE s WHEN 1 THEN 'conversation_started' ELSE 'message_received' END,
       'c' || lpad(i::text, 7, '0'), 'customer:anonymous',
       CASE s WHEN 1 THEN '{"channel": "chat"}' ELSE '{"chars": 20}' END,
       :t0 + (i % 86000) * INTERVAL '1 second'
FROM generate_series(1, :n) AS i, generate_series(1, 2) AS s
ORDER BY i, s
"""
# Steady state: every timer refreshed; the first --due are due now, the rest over 8 hours.
SEED_TIMERS = """
INSERT INTO sla_timers (conversation_id, policy_id, due_at, check_at, clocks, recorded, refreshed_at)
SELECT c.id, :policy, :now + ((i * 7919) % 28800) * INTERVAL '1 second',
       CASE WHEN i <= :due THEN :now - INTERVAL '1 second'
            ELSE :now + (60 + (i * 7919) % 28800) * INTERVAL '1 second' END,
       '[]', '[]', c.updated_at
FROM conversations c, LATERAL (SELECT substr(c.id, 2)::int AS i) AS k
"""


class NoJobs:
    def enqueue(self, job: str, argument: str) -> None:
        """No escalation is configured: nothing is enqueued."""


def median_ms(fn: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]  # a callable
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--arrivals", type=int, default=2_000)
    args = parser.parse_args()
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    url = make_url(POSTGRES).set(database=DB_NAME).render_as_string(hide_password=False)
    from frontline.config import Environment, Settings

    settings = Settings(
        environment=Environment.test, database_url=url, agent_enabled=False, _env_file=None
    )  # type: ignore[call-arg]  # accepted at run time
    frontline = build(settings)
    upgrade_database(frontline.engine)
    store = frontline.store
    stored = sla.create_sla_policy(
        store,
        sla.PolicyCreate(
            name="chat",
            targets={
                p: (SlaTarget(SlaMetric.first_reply, 480, business_hours=False),) for p in Priority
            },
        ),
    )
    at = now()
    t0 = at - timedelta(days=1)
    start = time.perf_counter()
    with frontline.engine.begin() as connection:
        params = {"n": args.conversations, "t0": t0}
        connection.execute(text(SEED_CONVERSATIONS), params)
        connection.execute(text(SEED_EVENTS), params)
        connection.execute(text(SEED_TIMERS), {"policy": stored.id, "now": at, "due": args.due})
        connection.execute(text("ANALYZE"))
    seeded = time.perf_counter() - start

    idle_at = at - timedelta(seconds=2)  # before the due ones: a scan that finds nothing
    idle = median_ms(lambda: sla.scan_slas(store, NoJobs(), idle_at), args.runs)
    scans = []
    for _ in range(args.runs):
        with frontline.engine.begin() as connection:  # make the same timers due again
            connection.execute(
                text(
                    "UPDATE sla_timers SET check_at = :due_at WHERE conversation_id IN "
                    "(SELECT id FROM conversations ORDER BY id LIMIT :due)"
                ),
                {"due_at": at - timedelta(seconds=1), "due": args.due},
            )
        start = time.perf_counter()
        report = sla.scan_slas(store, NoJobs(), at)
        scans.append(time.perf_counter() - start)
        assert report.evaluated == args.due, report
    busy = statistics.median(scans) * 1000

    lead = create_staff_user(store, "lead", PASSWORD, Role.supervisor, name="Lead")
    agent = create_staff_user(store, "ana", PASSWORD, Role.agent, name="Ana", queues=("billing",))
    first = get_sla_inbox(store, lead, InboxView.all, now(), InboxSort.sla)
    assert first.badges, "the SLA sort found no timed conversations"
    inbox_runs = args.runs * 6
    supervisor = median_ms(
        lambda: get_sla_inbox(store, lead, InboxView.unassigned, now(), InboxSort.sla), inbox_runs
    )
    agent_inbox = median_ms(
        lambda: get_sla_inbox(store, agent, InboxView.unassigned, now(), InboxSort.sla), inbox_runs
    )

    routing.create_queue(store, lead, "rush", Strategy.least_loaded)
    for n in range(20):
        member = create_staff_user(store, f"agent{n:02d}", PASSWORD, Role.agent, queues=("rush",))
        routing.set_seat(store, lead, member.username, capacity=1_000)
        routing.set_presence(store, member, Presence.online)
    with frontline.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE conversations SET queue = 'rush' WHERE id IN "
                "(SELECT id FROM conversations WHERE assignee IS NULL AND status = 'open' "
                "ORDER BY id DESC LIMIT :n)"
            ),
            {"n": args.arrivals},
        )
        ids = [
            ConversationId(r[0])
            for r in connection.execute(text("SELECT id FROM conversations WHERE queue = 'rush'"))
        ]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda cid: routing.route_conversation(store, cid, "bench"), ids))
    routed = time.perf_counter() - start
    with frontline.engine.connect() as connection:
        loads = [
            int(r[0])
            for r in connection.execute(
                text("SELECT count(*) FROM conversations WHERE queue = 'rush' GROUP BY assignee")
            )
        ]
    assert sum(loads) == len(ids), loads

    print(f"machine: {platform.machine()} {os.cpu_count()} cores; PostgreSQL")
    print(f"open conversations {args.conversations:,} with SLA timers; seed {seeded:.1f} s")
    print(f"SLA scan, nothing due, median of {args.runs}: {idle:.1f} ms")
    print(
        f"SLA scan, {args.due} due evaluated, median of {args.runs}: {busy:.0f} ms "
        f"({busy / args.due:.2f} ms per conversation)"
    )
    print(
        f"inbox by SLA, p50 of {inbox_runs}: supervisor {supervisor:.1f} ms, agent {agent_inbox:.1f} ms"
    )
    print(
        f"assignment: {len(ids):,} conversations from 4 threads in {routed:.2f} s = "
        f"{len(ids) / routed:.0f}/s; loads {min(loads)}..{max(loads)} across {len(loads)} agents"
    )
    frontline.engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
    admin.dispose()


if __name__ == "__main__":
    main()
