"""Server time of the workspace's inbox page and conversation view at 10k and 100k conversations.

Seeds a fresh database in bulk (conversations spread over 4 queues and 5 statuses, a third of
them assigned, 3 messages each, one customer per 5 conversations), then times requests
through the whole application (routing, session, gatekeepers, SQL, Jinja2) in-process, as an
agent of one queue and as a supervisor. SQLite always; PostgreSQL when reachable.

    .venv/bin/python bench/workspace_pages.py [--sizes 10000 100000] [--requests 40]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from frontline.bootstrap import build
from frontline.config import Environment, Settings
from frontline.domain.ids import new_id
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
from frontline.storage.database import upgrade_database
from frontline.storage.tables import conversations, customer_identities, customers, messages
from frontline.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get(
    "FRONTLINE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
QUEUES = ["general", "billing", "returns", "vip"]
STATUSES = ["open", "pending", "escalated", "resolved", "closed"]
AGENTS = ["ana", "bo", "cy", None, None, None]
PASSWORD = "bench password"


def seed(engine: object, count: int) -> list[str]:
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    ids: list[str] = []
    batch = 5_000
    with engine.begin() as db:  # type: ignore[attr-defined]
        for offset in range(0, count, batch):
            people, convs, msgs, idents = [], [], [], []
            for n in range(offset, min(offset + batch, count)):
                at = start + timedelta(seconds=n)
                if n % 5 == 0:
                    customer_id = new_id("cus")
                    people.append({"id": customer_id, "name": f"Customer {n}", "created_at": at})
                    idents.append(
                        {"customer_id": customer_id, "kind": "email", "value": f"c{n}@example.com"}
                    )
                cid = new_id("cnv")
                ids.append(cid)
                convs.append(
                    {
                        "id": cid,
                        "channel": "chat",
                        "status": rng.choice(STATUSES),
                        "customer_id": customer_id,
                        "queue": rng.choice(QUEUES),
                        "priority": "normal",
                        "assignee": rng.choice(AGENTS),
                        "tags": "[]",
                        "handoff": None,
                        "subject": f"Order question number {n} about delivery",
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                for k in range(3):
                    msgs.append(
                        {
                            "id": new_id("msg"),
                            "conversation_id": cid,
                            "channel": "chat",
                            "direction": "inbound" if k % 2 == 0 else "outbound",
                            "author_kind": "customer" if k % 2 == 0 else "human",
                            "author_id": None,
                            "text": f"message {k} of conversation {n}",
                            "channel_message_id": None,
                            "in_reply_to": None,
                            "awaiting": None,
                            "options": None,
                            "created_at": at,
                        }
                    )
            db.execute(insert(customers), people)
            db.execute(insert(customer_identities), idents)
            db.execute(insert(conversations), convs)
            db.execute(insert(messages), msgs)
        db.execute(text("ANALYZE"))  # fresh statistics, as a live database would have
    return ids


def _time(client: TestClient, path: str, requests: int) -> dict[str, float]:
    client.get(path)  # warm caches and compiled statements
    samples = []
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
    }


def _log_in(client: TestClient, username: str) -> None:
    page = client.get("/console/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf
    response = client.post(
        "/console/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303


def measure(database: str, url: str, size: int, requests: int) -> dict[str, object]:
    settings = Settings(environment=Environment.test, database_url=url, _env_file=None)  # type: ignore[call-arg]
    frontline = build(settings)
    upgrade_database(frontline.engine)
    began = time.perf_counter()
    ids = seed(frontline.engine, size)
    seeded_s = time.perf_counter() - began
    create_staff_user(frontline.store, "ana", PASSWORD, Role.agent, queues=["general"])
    create_staff_user(frontline.store, "sue", PASSWORD, Role.supervisor)
    app = create_app(frontline)
    results: dict[str, object] = {
        "database": database,
        "conversations": size,
        "seed_s": round(seeded_s, 1),
    }
    target = ids[len(ids) // 2]
    for who in ("ana", "sue"):
        with TestClient(app) as client:
            _log_in(client, who)
            results[f"{who}_inbox_unassigned"] = _time(client, "/console/inbox", requests)
            results[f"{who}_inbox_all"] = _time(client, "/console/inbox?view=all", requests)
            results[f"{who}_inbox_search"] = _time(
                client, "/console/inbox?view=all&q=number+4242", requests
            )
            if who == "sue":
                results["sue_conversation_view"] = _time(
                    client, f"/console/conversations/{target}", requests
                )
    frontline.engine.dispose()
    return results


def _postgres() -> tuple[str, object] | None:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"frontline_bench_{secrets.token_hex(4)}"
    try:
        with admin.connect() as db:
            db.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        return None
    return make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False), admin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(measure("SQLite (WAL)", f"sqlite:///{tmp}/bench.db", size, args.requests))
            print(json.dumps(rows[-1]), flush=True)
        pg = _postgres()
        if pg is not None:
            url, admin = pg
            try:
                rows.append(measure("PostgreSQL", url, size, args.requests))
                print(json.dumps(rows[-1]), flush=True)
            finally:
                with admin.connect() as db:  # type: ignore[attr-defined]
                    name = make_url(url).database
                    db.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    out = ROOT / "bench" / "results" / "workspace_pages.json"
    out.write_text(json.dumps({"machine": platform.platform(), "results": rows}, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    sys.exit(main())
