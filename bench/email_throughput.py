"""Inbound emails per second end to end, and their latency, over real SMTP on loopback.

End to end means: a customer's email is sent with smtplib to Frontline's SMTP server, accepted
(``250`` after the raw email committed), processed by the worker (parsed, threaded, a
conversation), answered by the AI agent on the demo store, and the reply handed to the relay,
a local SMTP sink. Latency runs from the start of sending to the sink receiving the reply
(matched by its In-Reply-To). Frontline runs as in ``frontline serve`` with in-process jobs
(``FRONTLINE_WORKER_THREADS`` worker threads); the senders are threads of this process too.
Runs on SQLite, and on PostgreSQL when one is reachable. Prints the median of several runs.

    .venv/bin/python bench/email_throughput.py [--runs 3] [--emails 200] [--senders 4]
"""

from __future__ import annotations

import argparse
import json
import platform
import secrets
import smtplib
import socket
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.bootstrap import build
from frontline.channels.email.smtp_server import InboundSmtpServer
from frontline.config import Settings
from frontline.services.demo import reset_backoffice
from frontline.storage.database import upgrade_database
from frontline.worker.runner import start_worker

sys.path.insert(0, str(Path(__file__).parent))
from http_messages import _drop_postgres, _postgres_url

SUPPORT = "support@shop.example"
TEXTS = (
    "Hi, where is my order? My email is {email}\n\nThanks,\n{name}",
    "I want to return the floor lamp, my email is {email}\n\nBest regards,\n{name}",
    "Hello, can you tell me the status of my last order? It's {email}.\n\n-- \n{name}",
)


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Sink:
    """The relay: records when each reply arrives, by the Message-ID it answers."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        del server, session
        reply = message_from_bytes(envelope.content)
        answered = str(reply.get("In-Reply-To", "")).strip("<> ")
        with self.lock:
            self.arrived.setdefault(answered, time.perf_counter())
        return "250 OK"


def _email(n: int, run: int) -> EmailMessage:
    customer = DEMO_CUSTOMERS[n % len(DEMO_CUSTOMERS)]
    email = EmailMessage()
    name = f"{customer.first_name} {customer.last_name}"
    email["From"] = f"{name} <{customer.email}>"
    email["To"] = SUPPORT
    email["Subject"] = f"Question {run}-{n}"
    email["Message-ID"] = f"<bench-{run}-{n}-{secrets.token_hex(4)}@customer.example>"
    text = TEXTS[n % len(TEXTS)]
    email.set_content(text.format(email=customer.email, name=name))
    return email


def _one_run(smtp_port: int, sink: _Sink, run: int, count: int, senders: int) -> dict[str, float]:
    emails = [_email(n, run) for n in range(count)]
    sent: dict[str, float] = {}

    def send(batch: list[EmailMessage]) -> None:
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=60) as client:
            for email in batch:
                key = str(email["Message-ID"]).strip("<>")
                sent[key] = time.perf_counter()
                client.send_message(email)

    started = time.perf_counter()
    with ThreadPoolExecutor(senders) as pool:
        list(pool.map(send, [emails[i::senders] for i in range(senders)]))
    deadline = time.perf_counter() + 300
    while time.perf_counter() < deadline:
        with sink.lock:
            done = sum(1 for key in sent if key in sink.arrived)
        if done == count:
            break
        time.sleep(0.01)
    with sink.lock:
        latencies = sorted(
            (sink.arrived[k] - t) * 1000 for k, t in sent.items() if k in sink.arrived
        )
        finished = max(sink.arrived[k] for k in sent if k in sink.arrived)
    return {
        "per_second": len(latencies) / (finished - started),
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "lost": count - len(latencies),
    }


def _alone(smtp_port: int, sink: _Sink, count: int) -> float:
    """The median latency of emails sent one at a time, each after the last one's reply."""
    latencies = []
    with smtplib.SMTP("127.0.0.1", smtp_port, timeout=60) as client:
        for n in range(count):
            email = _email(n, 999)
            key = str(email["Message-ID"]).strip("<>")
            started = time.perf_counter()
            client.send_message(email)
            while key not in sink.arrived:
                time.sleep(0.001)
            latencies.append((sink.arrived[key] - started) * 1000)
    return statistics.median(latencies)


def bench_database(label: str, url: str, runs: int, count: int, senders: int) -> dict[str, Any]:
    sink, relay_port, smtp_port = _Sink(), _port(), _port()
    relay = Controller(sink, hostname="127.0.0.1", port=relay_port)
    relay.start()
    settings = Settings(
        database_url=url,
        support_address=SUPPORT,
        smtp_relay=f"127.0.0.1:{relay_port}",
        smtp_listen=f"127.0.0.1:{smtp_port}",
        email_sender_hourly_limit=1_000_000,
        _env_file=None,  # type: ignore[call-arg]
    )
    frontline = build(settings)
    upgrade_database(frontline.engine)
    reset_backoffice(frontline)
    _ = frontline.agent
    server = InboundSmtpServer(frontline, f"127.0.0.1:{smtp_port}").start()
    worker = start_worker(frontline)
    try:
        _one_run(smtp_port, sink, 0, 20, senders)  # warm-up
        results = [_one_run(smtp_port, sink, r + 1, count, senders) for r in range(runs)]
        alone = _alone(smtp_port, sink, 30)
    finally:
        worker.stop()
        server.stop()
        relay.stop()
        frontline.engine.dispose()
    med = {k: statistics.median(r[k] for r in results) for k in ("per_second", "p50_ms", "p99_ms")}
    lost = sum(r["lost"] for r in results)
    return {"database": label, **med, "alone_ms": alone, "lost": lost, "runs": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--emails", type=int, default=200)
    parser.add_argument("--senders", type=int, default=4)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        rows.append(bench_database("SQLite (WAL)", url, args.runs, args.emails, args.senders))
    postgres = _postgres_url()
    if postgres is not None:
        name, url = postgres
        try:
            rows.append(bench_database("PostgreSQL", url, args.runs, args.emails, args.senders))
        finally:
            _drop_postgres(name)
    print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    print("| database | emails/s | p50 ms | p99 ms | one at a time, p50 ms | lost |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['database']} | {row['per_second']:.1f} | {row['p50_ms']:.0f} | "
            f"{row['p99_ms']:.0f} | {row['alone_ms']:.0f} | {row['lost']} |"
        )
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
