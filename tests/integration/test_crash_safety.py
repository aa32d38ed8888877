"""Kill -9 of the server during agent turns under load: no accepted message is lost, no
back-office write is without its action row, and none is applied twice.

A real ``frontline serve`` (with its in-process worker) on SQLite and on PostgreSQL; customers
on loopback threads cancel their pending orders (a message that starts the conversation, then
"yes"), resending what got no answer with the same ``channel_message_id``, as channels do. The
server is killed (SIGKILL) while a write is under way (recorded, its turn not yet stored), or
else a turn, and started again, twice; then its sweep must finish every interrupted turn.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select

from frontline.backoffice.retail.generator import generate_store
from frontline.backoffice.retail.records import StoreData, check_store_data
from frontline.backoffice.retail.sql import SqlRetailStore
from frontline.config import Settings
from frontline.storage.retail_tables import retail_writes
from frontline.storage.tables import actions, agent_turns_due, messages

FRONTLINE = str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "frontline")
CUSTOMERS = 24
KILLS = 2  # kills that caught a turn under way
MAX_KILLS = 4
START_SECONDS = 240.0  # the server trains its understanding model as it starts
DEADLINE_SECONDS = 3 * START_SECONDS  # a customer who still has no answer then fails the test


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Customer:
    email: str
    order_id: str
    accepted: list[str] = field(default_factory=list)  # channel message ids the server took
    done: bool = False


class Server:
    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self._env, self.port, self._log = env, port, log
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(
                [FRONTLINE, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self._env,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not start:\n{self._log.read_text()[-3000:]}")

    def kill(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGKILL)
        self._process.wait(10)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(10)


def _pending_orders(data: StoreData) -> list[Customer]:
    """Customers with exactly one pending order (so "my pending order" names one)."""
    chosen = []
    for user in data["users"].values():
        pending = [o for o in user["orders"] if data["orders"][o]["status"] == "pending"]
        if len(pending) == 1:
            chosen.append(Customer(user["email"], pending[0]))
    return chosen[:CUSTOMERS]


def _send(
    client: httpx.Client, url: str, body: dict[str, Any], token: str | None, deadline: float
) -> dict[str, Any]:
    """Post until the server takes it (a crash loses the connection, not the message)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    while time.monotonic() < deadline:
        try:
            response = client.post(url, json=body, headers=headers, timeout=10)
        except httpx.HTTPError:
            time.sleep(0.2)
            continue
        if response.status_code in (200, 201):
            result: dict[str, Any] = response.json()
            return result
        if response.status_code >= 500 or response.status_code == 429:
            time.sleep(0.2)
            continue
        raise AssertionError(f"{response.status_code}: {response.text}")
    raise AssertionError(f"no answer to {body}")


def _answer_to(
    client: httpx.Client, base: str, cid: str, token: str, message_id: str, deadline: float
) -> list[dict[str, Any]]:
    """The agent's replies to one message, waiting for a turn a crash interrupted."""
    conversation: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            conversation = client.get(
                f"{base}/api/v1/conversations/{cid}",
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
            ).json()
        except (httpx.HTTPError, ValueError):
            time.sleep(0.2)
            continue
        replies = [
            m for m in conversation.get("messages", []) if m.get("in_reply_to") == message_id
        ]
        if replies:
            return replies
        time.sleep(0.3)
    raise AssertionError(f"message {message_id} was never answered: {conversation}")


def _play(customer: Customer, base: str, run: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    with httpx.Client() as client:
        first_id = f"{run}-{customer.order_id}-1"
        text = (
            f"Please cancel my pending order {customer.order_id}, I ordered it by mistake. "
            f"My email is {customer.email}"
        )
        started = _send(
            client,
            f"{base}/api/v1/conversations",
            {"channel": "chat", "text": text, "channel_message_id": first_id},
            None,
            deadline,
        )
        customer.accepted.append(first_id)
        cid, token = started["id"], started["customer_token"]
        replies = started["replies"] or _answer_to(
            client, base, cid, token, started["message_id"], deadline
        )
        assert replies[-1]["awaiting"] == "confirmation", replies
        yes_id = f"{run}-{customer.order_id}-2"
        said = _send(
            client,
            f"{base}/api/v1/conversations/{cid}/messages",
            {"text": "yes", "channel_message_id": yes_id},
            token,
            deadline,
        )
        customer.accepted.append(yes_id)
        said["replies"] or _answer_to(client, base, cid, token, said["message_id"], deadline)
        customer.done = True


def _owed_and_pending(engine: Engine) -> tuple[int, int]:
    """Turns owed, and writes recorded as pending (sent or about to be, turn not stored)."""
    owed = _count(engine, select(func.count()).select_from(agent_turns_due))
    pending = _count(
        engine, select(func.count()).select_from(actions).where(actions.c.outcome == "pending")
    )
    return owed, pending


def _wait_for_work_under_way(engine: Engine, playing: list[Future[None]]) -> bool:
    """Until a write is pending (for up to a second), else until any turn is under way;
    False when every customer finished first."""
    prefer_a_write_until = time.monotonic() + 1.0
    while not all(p.done() for p in playing):
        owed, pending = _owed_and_pending(engine)
        if pending > 0 or (owed > 0 and time.monotonic() > prefer_a_write_until):
            return True
        time.sleep(0.002)
    return False


def _count(engine: Engine, query: Any) -> int:
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


@pytest.fixture
def server(
    settings: Settings, engine: Engine, encoder_dir: Path, tmp_path: Path
) -> Iterator[Server]:
    env = os.environ | {
        "FRONTLINE_DATABASE_URL": settings.database_url,
        "FRONTLINE_ENVIRONMENT": "development",
        "FRONTLINE_ENCODER_DIR": str(encoder_dir),
        "FRONTLINE_AGENT_ENABLED": "true",
        "FRONTLINE_WORKER_SWEEP_SECONDS": "0.5",
        "FRONTLINE_TURN_RECOVERY_SECONDS": "1",
    }
    running = Server(env, _free_port(), tmp_path / "server.log")
    yield running
    running.stop()


def test_that_killing_the_server_mid_turn_loses_no_message_and_doubles_no_write(
    server: Server, engine: Engine
) -> None:
    # given a back office with customers who each have one pending order
    data = check_store_data(generate_store(7))
    SqlRetailStore(engine).replace_all(data)
    customers = _pending_orders(data)
    assert len(customers) == CUSTOMERS
    server.start()
    base = f"http://127.0.0.1:{server.port}"

    # when they all cancel at once while the server is killed as cancellations are under way
    # (a write recorded as pending, or else a turn owed: not stored yet)
    interrupted = []
    with ThreadPoolExecutor(max_workers=8) as pool:
        playing = [pool.submit(_play, c, base, "crash") for c in customers]
        for _ in range(MAX_KILLS):
            if _wait_for_work_under_way(engine, playing):
                server.kill()
                interrupted.append(_owed_and_pending(engine))
                server.start()
            if len(interrupted) == KILLS or all(p.done() for p in playing):
                break
        for played in playing:
            played.result()
    # and the server's sweep has had time to finish interrupted turns
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        owed, pending = _owed_and_pending(engine)
        if owed == 0 and pending == 0:
            break
        time.sleep(0.5)

    # then every accepted message is stored once, every customer got their answer, no turn is
    # owed and no write is pending
    with engine.connect() as connection:
        stored = [
            r.channel_message_id
            for r in connection.execute(
                select(messages.c.channel_message_id).where(
                    messages.c.channel_message_id.is_not(None)
                )
            )
        ]
        written = {r.key: r.name for r in connection.execute(select(retail_writes))}
        logged = [
            (r.idempotency_key, r.name, r.outcome)
            for r in connection.execute(
                select(actions.c.idempotency_key, actions.c.name, actions.c.outcome).where(
                    actions.c.idempotency_key.is_not(None)
                )
            )
        ]
    accepted = [m for c in customers for m in c.accepted]
    # (the kills did interrupt turns under way)
    assert interrupted
    assert any(owed + pending > 0 for owed, pending in interrupted), interrupted
    assert all(c.done for c in customers)
    assert sorted(stored) == sorted(accepted)
    assert (owed, pending) == (0, 0)
    # and each write the back office made has exactly one action row, settled ok
    ok = {key: name for key, name, outcome in logged if outcome == "ok"}
    assert ok == written
    assert len(logged) == len({key for key, _, _ in logged})
    # and each order was cancelled once: one refund per payment, none twice
    after = SqlRetailStore(engine).dump()
    for customer in customers:
        order = after["orders"][customer.order_id]
        assert order["status"] == "cancelled"
        history = order["payment_history"]
        refunds = [p for p in history if p["transaction_type"] == "refund"]
        payments = [p for p in history if p["transaction_type"] == "payment"]
        assert len(refunds) == len(payments)
    assert sorted(written.values()) == ["cancel_pending_order"] * CUSTOMERS
