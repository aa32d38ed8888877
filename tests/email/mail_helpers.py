"""Helpers of the email tests: a local SMTP sink standing in for the relay, the email channel
running on loopback, and customer emails."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.smtp import SMTP, Envelope, Session

from frontline.bootstrap import Frontline

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
    hold_first_rcpt_seconds: float = (
        0.0  # the first RCPT waits: a sender killed meanwhile sent nothing
    )
    recipients_seen: int = 0

    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        self.recipients_seen += 1
        if self.recipients_seen == 1 and self.hold_first_rcpt_seconds:
            await asyncio.sleep(self.hold_first_rcpt_seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
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


@dataclass
class Channel:
    """Frontline's email channel running: the SMTP server, the worker, the relay sink."""

    frontline: Frontline
    port: int
    sink: Sink

    def send(self, email: EmailMessage) -> None:
        import smtplib

        with smtplib.SMTP("127.0.0.1", self.port, timeout=30) as client:
            refused = client.send_message(email)
        assert refused == {}


def running_channel(frontline: Frontline, sink: Sink) -> Iterator[Channel]:
    from frontline.channels.email.smtp_server import InboundSmtpServer
    from frontline.worker.runner import start_worker

    port = free_port()
    server = InboundSmtpServer(frontline, f"127.0.0.1:{port}").start()
    worker = start_worker(frontline)
    try:
        yield Channel(frontline, port, sink)
    finally:
        worker.stop()
        server.stop()
