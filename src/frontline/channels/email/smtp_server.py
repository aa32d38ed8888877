"""The inbound SMTP server (aiosmtpd) for the support addresses.

Thin transport: ``DATA`` calls ``services.inbound_emails.receive_email`` and answers ``250``
only after it returned, that is after the raw email has committed; a failure to store answers
``451`` so the sending server tries again later, and nothing is lost. Recipients outside the
support domain are refused at ``RCPT``. Like an MTA's final delivery, the server prepends
``Return-Path`` and one ``Delivered-To`` per recipient to what it stores.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from frontline.config import host_port
from frontline.services.inbound_emails import EmailTooLarge, receive_email

if TYPE_CHECKING:
    from frontline.bootstrap import Frontline

log = logging.getLogger(__name__)


class InboundHandler:
    def __init__(self, frontline: Frontline) -> None:
        self._frontline = frontline
        self._domain = frontline.email.domain

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        del server, session, rcpt_options
        if address.rpartition("@")[2].lower() != self._domain:
            return "550 5.1.1 not a support address here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        del server, session
        content = envelope.original_content or b""
        if isinstance(content, str):
            content = content.encode("utf-8", errors="surrogateescape")
        trace = [f"Return-Path: <{envelope.mail_from or ''}>"]
        trace += [f"Delivered-To: {rcpt}" for rcpt in envelope.rcpt_tos]
        raw = ("\r\n".join(trace) + "\r\n").encode() + content
        frontline = self._frontline
        try:
            received = await asyncio.get_running_loop().run_in_executor(
                None, receive_email, frontline.store, frontline.jobs, raw, frontline.email
            )
        except EmailTooLarge:
            return "552 5.3.4 message too big"
        except Exception:  # storing failed: the sender keeps the email and retries
            log.exception("inbound email could not be stored")
            return "451 4.3.0 could not store the message, try again later"
        return f"250 OK {received.inbound_id}"


class InboundSmtpServer:
    """The SMTP server on its own thread and event loop, for ``frontline serve``."""

    def __init__(self, frontline: Frontline, listen: str) -> None:
        host, port = host_port(listen, "FRONTLINE_SMTP_LISTEN")
        options: dict[str, Any] = {
            "data_size_limit": frontline.email.max_bytes,
            "server_hostname": frontline.email.domain,
            "ready_timeout": 10.0,
        }
        self.controller = Controller(InboundHandler(frontline), hostname=host, port=port, **options)

    def start(self) -> InboundSmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
