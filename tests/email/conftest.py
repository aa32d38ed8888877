"""Fixtures of the email tests: a local SMTP sink standing in for the relay, Frontline wired for
email (support@shop.example), and helpers that send over real SMTP on loopback."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import Engine

from frontline.bootstrap import Frontline, build
from frontline.config import Settings

SUPPORT = "support@shop.example"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class Sink:
    """An SMTP server that keeps what it receives; ``refuse`` answers the next DATA with it."""

    received: list[EmailMessage] = field(default_factory=list)
    refuse: list[str] = field(default_factory=list)
    delay_seconds: float = 0.0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        if self.refuse:
            return self.refuse.pop(0)
        content = envelope.content
        assert isinstance(content, bytes)
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(parsed)
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 20.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.received) >= count, f"{len(self.received)} of {count} emails arrived"
        return self.received


@pytest.fixture
def sink() -> Iterator[tuple[Sink, int]]:
    handler, port = Sink(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def email_settings(settings: Settings, sink: tuple[Sink, int]) -> Settings:
    return settings.model_copy(
        update={
            "support_address": SUPPORT,
            "smtp_relay": f"127.0.0.1:{sink[1]}",
            "email_lease_seconds": 2.0,
            "job_min_backoff_seconds": 0.05,
            "job_max_backoff_seconds": 0.2,
            "worker_sweep_seconds": 0.5,
            "max_message_chars": 20_000,
        }
    )


@pytest.fixture
def email_frontline(email_settings: Settings, engine: Engine) -> Frontline:
    return build(email_settings, engine)


def customer_email(
    sender: str,
    subject: str,
    text: str,
    message_id: str,
    **headers: str,
) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = headers.pop("to", SUPPORT)
    email["Subject"] = subject
    email["Message-ID"] = f"<{message_id}>"
    for name, value in headers.items():
        email[name.replace("_", "-")] = value
    email.set_content(text)
    return email


Send = Callable[[EmailMessage], None]
