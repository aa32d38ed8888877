"""Composing our replies: threading headers every client follows, text and HTML alternatives.

A reply carries, besides its own Message-ID:

- ``In-Reply-To`` and ``References``: the customer's last email and its chain (RFC 5322), what
  Gmail, Apple Mail and Thunderbird thread on;
- ``Thread-Index`` and ``Thread-Topic``: what Outlook threads on (MS-OXOMSG 2.2.1.3): 22 bytes
  for the conversation (a FILETIME and a GUID), plus 5 bytes for each reply after it;
- ``Reply-To`` with a plus-address token and the same token in a hidden body marker, which
  survive relays that rewrite Message-IDs;
- ``Auto-Submitted: auto-replied`` on the AI's replies (RFC 3834), so other robots stay quiet.
"""

from __future__ import annotations

import base64
import hashlib
import html
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

from frontline.domain.emails import MARKER_PREFIX

MAX_REFERENCES = 20
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Draft:
    message_id: str  # without angle brackets
    sender: str
    sender_name: str
    recipient: str
    reply_to: str
    subject: str
    topic: str  # the subject without prefixes and tag, for Outlook's Thread-Topic
    text: str
    token: str
    sent_at: datetime
    conversation_key: str  # stable per conversation: seeds the Thread-Index GUID
    conversation_started: datetime
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    thread_index: str | None = None  # the customer's, extended when present
    automatic: bool = True  # an AI reply (Auto-Submitted); False for a human's


def _filetime(at: datetime) -> int:
    return int((at - _FILETIME_EPOCH).total_seconds() * 10_000_000)


def thread_index(draft: Draft) -> str:
    """The Thread-Index of ``draft``: the customer's extended by one child block, or ours."""
    if draft.thread_index:
        try:
            parent = base64.b64decode(draft.thread_index, validate=True)
        except ValueError:
            parent = b""
        if len(parent) >= 22 and (len(parent) - 22) % 5 == 0:
            return base64.b64encode(parent + _child_block(parent, draft.sent_at)).decode()
    header = struct.pack(">Q", _filetime(draft.conversation_started))[:6]
    guid = hashlib.sha256(draft.conversation_key.encode()).digest()[:16]
    root = header + guid
    return base64.b64encode(root + _child_block(root, draft.sent_at)).decode()


def _child_block(parent: bytes, at: datetime) -> bytes:
    """Five bytes: the time since the parent's header (in 1.6 ms steps, 31 bits), then 8 bits."""
    started = int.from_bytes(parent[:6] + b"\0\0", "big")
    delta = max(0, _filetime(at) - started)
    # Deltas under about 1.7 years use bits 18..48 of the difference (the "0" code bit).
    steps = (delta >> 18) & 0x7FFF_FFFF
    return struct.pack(">I", steps) + bytes([_random_byte(parent, at)])


def _random_byte(parent: bytes, at: datetime) -> int:
    return hashlib.sha256(parent + at.isoformat().encode()).digest()[0]


def _html(text: str, token: str) -> str:
    paragraphs = "".join(
        f"<p>{html.escape(block).replace(chr(10), '<br>')}</p>"
        for block in text.split("\n\n")
        if block.strip()
    )
    marker = (
        '<div style="display:none;font-size:0;line-height:0;max-height:0;overflow:hidden">'
        f"{MARKER_PREFIX}{token}</div>"
    )
    return f'<!DOCTYPE html><html><body><div dir="auto">{paragraphs}</div>{marker}</body></html>'


def compose_reply(draft: Draft) -> bytes:
    """The complete reply as bytes, ready for the relay."""
    email = EmailMessage()
    email["From"] = formataddr((draft.sender_name, draft.sender))
    email["To"] = draft.recipient
    email["Reply-To"] = draft.reply_to
    email["Subject"] = draft.subject
    email["Date"] = format_datetime(draft.sent_at)
    email["Message-ID"] = f"<{draft.message_id}>"
    if draft.in_reply_to:
        email["In-Reply-To"] = f"<{draft.in_reply_to}>"
    tail = [draft.in_reply_to] if draft.in_reply_to else []
    chain = list(dict.fromkeys([*draft.references, *tail]))[-MAX_REFERENCES:]
    if chain:
        email["References"] = " ".join(f"<{c}>" for c in chain)
    email["Thread-Topic"] = draft.topic[:255]
    email["Thread-Index"] = thread_index(draft)
    if draft.automatic:
        email["Auto-Submitted"] = "auto-replied"
        email["X-Auto-Response-Suppress"] = "All"
    # Quoted-printable keeps every line within SMTP's limit whatever the text holds.
    email.set_content(f"{draft.text}\n\n{MARKER_PREFIX}{draft.token}\n", cte="quoted-printable")
    email.add_alternative(_html(draft.text, draft.token), subtype="html", cte="quoted-printable")
    return email.as_bytes(policy=SMTP)  # CRLF line ends: smtplib sends bytes as they are
