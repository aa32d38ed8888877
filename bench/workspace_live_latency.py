"""Latency from a customer's widget message to its appearance in an open workspace view.

A real server (uvicorn on a loopback port, SQLite, in-process live updates, or Redis pub/sub
with ``--redis``); one widget WebSocket and one logged-in workspace WebSocket, as the browser
holds them. For each message: the time until the workspace's live event arrives, and until
the view has fetched the new transcript fragment (what the page does on that event).

    .venv/bin/python bench/workspace_live_latency.py [--messages 200] [--redis]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from websockets.sync.client import connect

from frontline.bootstrap import build
from frontline.config import Environment, Settings
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
from frontline.storage.database import upgrade_database
from frontline.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench password"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _summary(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
        "max_ms": round(samples[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--redis", action="store_true", help="live updates through Redis")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            environment=Environment.test,
            database_url=f"sqlite:///{tmp}/bench.db",
            redis_url="redis://127.0.0.1:6379/0" if args.redis else None,
            _env_file=None,  # type: ignore[call-arg]
        )
        frontline = build(settings)
        upgrade_database(frontline.engine)
        create_staff_user(frontline.store, "ana", PASSWORD, Role.agent)
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(frontline),
                host="127.0.0.1",
                port=port,
                log_level="warning",
                ws="websockets-sansio",
            )
        )
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        try:
            result = _measure(base, port, args.messages)
        finally:
            server.should_exit = True
    result["live_updates"] = "redis" if args.redis else "in-process"
    print(json.dumps(result))
    out = ROOT / "bench" / "results" / f"workspace_live_latency_{result['live_updates']}.json"
    out.write_text(json.dumps({"machine": platform.platform(), **result}, indent=2) + "\n")


def _measure(base: str, port: int, count: int) -> dict[str, object]:
    http = httpx.Client(base_url=base)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/console/login").text)
    assert csrf
    http.post(
        "/console/login",
        data={"username": "ana", "password": PASSWORD, "csrf_token": csrf.group(1)},
    )
    cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
    event_ms: list[float] = []
    shown_ms: list[float] = []
    with (
        connect(
            f"ws://127.0.0.1:{port}/console/live", additional_headers={"Cookie": cookie}
        ) as console,
        connect(f"ws://127.0.0.1:{port}/widget/ws") as widget,
    ):
        widget.send(json.dumps({"type": "hello"}))
        json.loads(widget.recv())
        for n in range(count):
            began = time.perf_counter()
            widget.send(json.dumps({"type": "message", "text": f"hello {n}", "client_id": f"b{n}"}))
            while True:
                event = json.loads(console.recv(timeout=10))
                if event.get("type") == "message" and event["message"]["text"] == f"hello {n}":
                    break
            event_ms.append((time.perf_counter() - began) * 1000)
            fragment = http.get(f"/console/conversations/{event['conversation_id']}/transcript")
            assert f"hello {n}" in fragment.text
            shown_ms.append((time.perf_counter() - began) * 1000)
            while True:  # the widget's ack and its own echo
                frame = json.loads(widget.recv(timeout=10))
                if frame["type"] == "message":
                    break
    return {
        "messages": count,
        "to_workspace_event": _summary(event_ms),
        "to_transcript_shown": _summary(shown_ms),
    }


if __name__ == "__main__":
    sys.exit(main())
