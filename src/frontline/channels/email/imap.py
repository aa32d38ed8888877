"""Polling an existing mailbox over IMAP, the alternative to running our SMTP server.

Each poll fetches the unseen emails, stores each through ``receive_email`` (idempotent on its
Message-ID) and only then flags it ``\\Seen``: a crash between the two fetches it again, and
the duplicate is recognised. ``FRONTLINE_IMAP_URL`` is ``imap://`` or ``imaps://``
``user:password@host[:port]/MAILBOX`` (INBOX when no mailbox is named).
"""

from __future__ import annotations

import imaplib
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from frontline.services.inbound_emails import EmailTooLarge, receive_email

if TYPE_CHECKING:
    from frontline.bootstrap import Frontline

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Mailbox:
    host: str
    port: int
    username: str
    password: str
    mailbox: str
    tls: bool


def read_imap_url(url: str) -> Mailbox:
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise ValueError("FRONTLINE_IMAP_URL must be imap://… or imaps://…")
    tls = parts.scheme == "imaps"
    return Mailbox(
        host=parts.hostname,
        port=parts.port or (993 if tls else 143),
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        mailbox=unquote(parts.path.lstrip("/")) or "INBOX",
        tls=tls,
    )


def poll_mailbox(frontline: Frontline, mailbox: Mailbox) -> int:
    """Store every unseen email of ``mailbox``; how many were new."""
    client_class = imaplib.IMAP4_SSL if mailbox.tls else imaplib.IMAP4
    new = 0
    with client_class(mailbox.host, mailbox.port, timeout=30) as client:
        client.login(mailbox.username, mailbox.password)
        client.select(mailbox.mailbox)
        _, found = client.uid("SEARCH", "UNSEEN")
        for uid in (found[0] or b"").decode().split():
            _, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in data if isinstance(part, tuple)), None)
            if raw is None:
                continue
            try:
                received = receive_email(frontline.store, frontline.jobs, raw, frontline.email)
            except EmailTooLarge:
                log.warning("imap: email %s is too large; left unseen", uid)
                continue
            new += not received.duplicate
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
        client.logout()
    return new


class ImapPoller:
    """Polls the mailbox every ``FRONTLINE_IMAP_POLL_SECONDS`` on its own thread."""

    def __init__(self, frontline: Frontline, url: str) -> None:
        self._frontline = frontline
        self._mailbox = read_imap_url(url)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="frontline-imap", daemon=True)

    def start(self) -> ImapPoller:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                poll_mailbox(self._frontline, self._mailbox)
            except (OSError, imaplib.IMAP4.error):
                log.warning("imap: polling failed; trying again", exc_info=True)
            self._stopping.wait(self._frontline.settings.imap_poll_seconds)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
