"""``frontline serve --workers N``: several server processes on one port, and what they need.

The settings refuse a layout where each process would keep its own copy of what must be
shared; a real two-process server on PostgreSQL and Redis answers customers and counts their
requests into one rate-limit window.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from pydantic import ValidationError
from sqlalchemy import Engine

from frontline.bootstrap import build
from frontline.config import Settings
from frontline.domain.ids import ConversationId

FRONTLINE = Path(sys.executable).parent / "frontline"
REDIS_URL = "redis://127.0.0.1:6379/13"  # keys are per conversation: nothing to empty
POSTGRES = "postgresql+psycopg://frontline@db.example/frontline"


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]  # validated at run time


@pytest.mark.parametrize(
    ("layout", "refusal"),
    [
        ({"database_url": "sqlite:///./var/frontline.db"}, "need PostgreSQL"),
        ({"redis_url": None}, "need FRONTLINE_REDIS_URL"),
        ({"jobs_backend": "memory"}, "need the jobs on Redis"),
    ],
    ids=["SQLite", "no Redis", "jobs in memory"],
)
def test_that_several_server_processes_cannot_start_without_shared_state(
    layout: dict[str, object], refusal: str
) -> None:
    # given a production layout missing one thing the processes must share
    values: dict[str, object] = {"database_url": POSTGRES, "redis_url": REDIS_URL} | layout

    # when four server processes are asked for, then the settings refuse and say why
    with pytest.raises(ValidationError, match=refusal):
        _settings(server_processes=4, **values)
    # and one process is fine with the same layout
    assert _settings(server_processes=1, **values).server_processes == 1


def test_that_several_server_processes_can_start_on_postgresql_and_redis() -> None:
    settings = _settings(server_processes=4, database_url=POSTGRES, redis_url=REDIS_URL)
    assert settings.jobs_on_redis


def test_that_serve_refuses_several_workers_on_sqlite_in_one_line(tmp_path: Path) -> None:
    # given a SQLite deployment
    env = _environment(f"sqlite:///{tmp_path / 'frontline.db'}", {})

    # when it is served by two processes
    done = subprocess.run(
        [str(FRONTLINE), "serve", "--workers", "2"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    # then the command stops at once with the reason, not a traceback
    assert done.returncode == 1
    assert "error: 2 server processes need PostgreSQL" in done.stderr
    assert "Traceback" not in done.stderr


def _environment(database_url: str, extra: dict[str, str]) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINE_")}
    return environment | {
        "FRONTLINE_DATABASE_URL": database_url,
        "FRONTLINE_AGENT_ENABLED": "false",
        **extra,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _server_processes(parent: int) -> int:
    """How many of ``parent``'s children are uvicorn workers (not multiprocessing's tracker)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return sum(
        b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
        for child in children
        if Path(f"/proc/{child}/cmdline").exists()
    )


@pytest.fixture
def redis_url() -> str:
    try:
        with redis.Redis.from_url(REDIS_URL, socket_timeout=1) as client:
            client.ping()
    except redis.ConnectionError:
        if os.environ.get("FRONTLINE_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required but unreachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def two_process_server(
    database_url: str, engine: Engine, redis_url: str, tmp_path: Path
) -> Iterator[tuple[str, int]]:
    """``frontline serve --workers 2`` on the migrated database: its URL and pid."""
    port = _free_port()
    env = _environment(
        database_url,
        {
            "FRONTLINE_REDIS_URL": redis_url,
            "FRONTLINE_PORT": str(port),
            "FRONTLINE_SECRET_KEY": secrets.token_hex(16),
            "FRONTLINE_RATE_LIMIT_PER_CUSTOMER": "5",
        },
    )
    server = subprocess.Popen(
        [str(FRONTLINE), "serve", "--workers", "2"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while _server_processes(server.pid) < 2 or not _answers(base):
            assert server.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, "the server did not answer within 60 s"
            time.sleep(0.1)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def _answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # the one it runs on
def test_that_a_customer_is_served_by_two_processes_that_share_one_rate_window(
    two_process_server: tuple[str, int], database_url: str, engine: Engine
) -> None:
    base, pid = two_process_server
    # given a server of two processes, and a customer who starts a conversation
    assert _server_processes(pid) == 2
    started = httpx.post(
        f"{base}/api/v1/conversations", json={"channel": "chat", "text": "Where is my order?"}
    ).json()
    me = {"Authorization": f"Bearer {started['customer_token']}"}
    messages = f"{base}/api/v1/conversations/{started['id']}/messages"

    # when they send six more messages, each on a new connection (any process may take it),
    # against a limit of five requests per conversation and minute
    answers = [
        httpx.post(messages, json={"text": f"Any news? ({n})"}, headers=me).status_code
        for n in range(6)
    ]

    # then five are stored and the sixth is refused, whichever process counted them
    assert answers == [200] * 5 + [429]
    with build(_settings(database_url=database_url), engine).store.transaction() as tx:
        stored = tx.messages.for_conversation(ConversationId(started["id"]))
    texts = [message.text for message in stored]
    assert texts == ["Where is my order?", *(f"Any news? ({n})" for n in range(5))]
