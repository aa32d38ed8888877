"""Nothing lost, nothing twice: real ``frontline serve`` and ``frontline worker`` processes killed
with SIGKILL at the worst moments, then restarted."""

from __future__ import annotations

import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from mail_helpers import SUPPORT, Sink, customer_email, free_port
from sqlalchemy import Engine

from frontline.bootstrap import Frontline, build
from frontline.config import Settings
from frontline.domain.emails import InboundStatus, OutboundStatus
from frontline.services import messages
from frontline.services.inbound_emails import process_inbound_email, receive_email
from frontline.services.jobs import DiscardingJobQueue
from frontline.services.outbound_emails import queue_reply_emails

FRONTLINE = Path(sys.executable).parent / "frontline"
REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own: the test empties it


def wait_until(check: Callable[[], bool], timeout: float = 30.0, what: str = "it") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def run(
    database_url: str, sink: tuple[Sink, int], tmp_path: Path
) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start a ``frontline`` command with the email channel configured; killed at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str, **env: str) -> subprocess.Popen[bytes]:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINE_")}
        environment |= {
            "FRONTLINE_DATABASE_URL": database_url,
            "FRONTLINE_AGENT_ENABLED": "false",
            "FRONTLINE_SUPPORT_ADDRESS": SUPPORT,
            "FRONTLINE_SMTP_RELAY": f"127.0.0.1:{sink[1]}",
            "FRONTLINE_EMAIL_LEASE_SECONDS": "1",
            "FRONTLINE_WORKER_SWEEP_SECONDS": "0.2",
            "FRONTLINE_PORT": str(free_port()),
            **env,
        }
        process = subprocess.Popen(
            [str(FRONTLINE), *args],
            env=environment,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


@pytest.fixture
def redis_jobs() -> Iterator[str]:
    try:
        with redis.Redis.from_url(REDIS_URL) as client:
            client.flushdb()
    except redis.ConnectionError:
        if os.environ.get("FRONTLINE_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required but unreachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    yield REDIS_URL
    with redis.Redis.from_url(REDIS_URL) as client:
        client.flushdb()


def inbound_state(frontline: Frontline, message_id: str) -> tuple[InboundStatus | None, int]:
    """The stored email's status and how many messages its conversation holds."""
    with frontline.store.transaction() as tx:
        inbound = tx.emails.find_inbound(message_id)
        if inbound is None:
            return None, 0
        count = (
            len(tx.messages.for_conversation(inbound.conversation_id))
            if inbound.conversation_id
            else 0
        )
    return inbound.status, count


@pytest.mark.parametrize("job", ["kept in Redis", "lost with Redis emptied"])
def test_that_an_email_accepted_by_a_server_killed_before_processing_is_processed_once_after_restart(
    run: Callable[..., subprocess.Popen[bytes]],
    redis_jobs: str,
    email_settings: Settings,
    engine: Engine,
    job: str,
) -> None:
    frontline = build(email_settings, engine)
    smtp_port = free_port()
    # given a server whose jobs go to Redis with no worker running yet: a 250 means stored only
    server = run(
        "serve", FRONTLINE_SMTP_LISTEN=f"127.0.0.1:{smtp_port}", FRONTLINE_REDIS_URL=redis_jobs
    )
    wait_until(lambda: listening(smtp_port), what="the SMTP server listening")
    email = customer_email("crash@example.com", "Help", "Is my order lost?", "crash-1@example.com")
    with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as client:
        assert client.send_message(email) == {}
    assert inbound_state(frontline, "crash-1@example.com") == (InboundStatus.received, 0)

    # when the server is killed before anything processed it, and a worker starts later
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=10)
    if job.startswith("lost"):
        with redis.Redis.from_url(redis_jobs) as client:
            client.flushdb()
    run("worker", FRONTLINE_REDIS_URL=redis_jobs)

    # then the email is processed, exactly once, even with its job and the sweep both running
    wait_until(
        lambda: inbound_state(frontline, "crash-1@example.com")[0] is InboundStatus.processed,
        what="processing after the restart",
    )
    time.sleep(1.5)  # past the lease: a second run would have happened by now
    assert inbound_state(frontline, "crash-1@example.com") == (InboundStatus.processed, 1)


def test_that_a_reply_whose_worker_was_killed_while_sending_is_sent_once_after_restart(
    run: Callable[..., subprocess.Popen[bytes]],
    sink: tuple[Sink, int],
    email_settings: Settings,
    engine: Engine,
) -> None:
    # given a human reply queued for sending, and a relay that is slow to take the first one
    frontline = build(email_settings, engine)
    jobs = DiscardingJobQueue()
    raw = customer_email("slow@example.com", "Hi", "Hello", "slow-1@example.com").as_bytes()
    received = receive_email(frontline.store, jobs, raw, frontline.email)
    process_inbound_email(
        frontline.store, jobs, frontline.email, frontline.limits, None, received.inbound_id
    )
    with frontline.store.transaction() as tx:
        inbound = tx.emails.get_inbound(received.inbound_id)
    assert inbound is not None
    assert inbound.conversation_id is not None
    messages.post_human_reply(
        frontline.store, inbound.conversation_id, "On its way", "anna", frontline.limits
    )
    (outbound_id,) = queue_reply_emails(frontline.store, jobs, frontline.email)
    relay = sink[0]
    relay.hold_first_rcpt_seconds = 30

    def status() -> OutboundStatus | None:
        with frontline.store.transaction() as tx:
            email = tx.emails.get_outbound(outbound_id)
        return email.status if email else None

    # when a worker claims it and is killed in the middle of the SMTP conversation
    worker = run("worker")
    wait_until(lambda: relay.recipients_seen == 1, what="the first send reaching the relay")
    assert status() is OutboundStatus.sending
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    run("worker")

    # then, once the dead worker's lease ran out, the reply is sent exactly once
    wait_until(lambda: status() is OutboundStatus.sent, what="sending after the restart")
    time.sleep(1.5)
    assert len(relay.received) == 1
    assert relay.received[0]["Message-ID"].startswith("<msg_")
