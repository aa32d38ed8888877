"""Email as a channel: what an inbound email is, how it threads, and which ones are never answered.

An inbound email is stored raw before anything reads it, then processed once::

    received ──► processing ──► processed
                    │
                    └──► received   the lease ran out (a crashed process): processed again

Every processed email has a kind; only ``customer`` emails reach the AI agent::

    customer       a person writing to support
    auto_reply     Auto-Submitted, X-Autoreply and the like (out of office, vacation)
    bulk           Precedence bulk/junk/list, mailing lists
    bounce         a delivery status notification about one of our emails
    loop           sent from one of our own addresses
    rate_limited   a customer email beyond the sender's hourly limit: stored, not answered

An outbound email is composed once (so every retry sends the same bytes)::

    queued ──► sending ──► sent ──► bounced     a bounce names it later
      ▲           │
      └───────────┤ a transient relay error (retried with backoff)
                  └──► failed                   refused by the relay, or out of attempts
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from frontline.domain.assurance import CODE_SLOT, one_time_code
from frontline.domain.ids import ConversationId, MessageId, new_id


class EmailKind(StrEnum):
    customer = "customer"  # a person writing to support: answered
    auto_reply = "auto_reply"  # an automatic reply: stored and marked, never answered
    bulk = "bulk"  # bulk or list mail: stored and marked, never answered
    bounce = "bounce"  # a delivery report about one of our emails: recorded on its conversation
    loop = "loop"  # from our own address: stored and marked, never answered
    rate_limited = "rate_limited"  # over the sender's hourly limit: stored, not answered


class InboundStatus(StrEnum):
    received = "received"  # stored raw; not processed yet
    processing = "processing"  # claimed by a worker until its lease ends
    processed = "processed"  # done; never processed again


class OutboundStatus(StrEnum):
    queued = "queued"  # composed, waiting for the send job
    sending = "sending"  # claimed by a send job until its lease ends
    sent = "sent"  # the relay accepted it
    failed = "failed"  # the relay refused it, or every attempt failed
    bounced = "bounced"  # sent, then a bounce named it


class CaseRule(StrEnum):
    """How an email that names no conversation finds one (after ids, tokens and tags)."""

    subject = "subject"  # same sender, a conversation not done, the same subject, within the window
    sender = "sender"  # same sender and a conversation not done within the window
    never = "never"  # always a new conversation


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str
    size: int
    content: bytes | None  # None when refused
    refused: str | None = None  # why it was not kept (too large, type not allowed)


@dataclass(frozen=True, slots=True)
class ParsedEmail:
    """One email as read from its MIME; ``text`` is the whole body as text (HTML sanitised)."""

    message_id: str
    sender: str  # lower-cased address, "" when unreadable
    sender_name: str | None
    subject: str
    text: str
    recipients: tuple[str, ...] = ()  # To, Cc, Delivered-To, X-Original-To, lower-cased
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    auto_submitted: bool = False  # Auto-Submitted other than "no", X-Autoreply and the like
    bulk: bool = False  # Precedence bulk/junk/list, List-Id
    report: bool = False  # multipart/report delivery status, or from a mailer daemon
    reported_ids: tuple[str, ...] = ()  # Message-IDs a bounce names
    thread_index: str | None = None
    defects: tuple[str, ...] = ()  # what was malformed in the MIME


@dataclass(frozen=True, slots=True)
class InboundEmail:
    id: str
    message_id: str
    sender: str
    subject: str
    raw: bytes
    received_at: datetime
    status: InboundStatus = InboundStatus.received
    kind: EmailKind | None = None
    conversation_id: ConversationId | None = None
    chat_message_id: MessageId | None = None  # the conversation message it became
    text: str | None = None  # the whole body as text, kept for the workspace
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class EmailThread:
    """What an email conversation needs to thread: its tag, its customer, its last email."""

    conversation_id: ConversationId
    tag: str
    customer_address: str
    subject: str
    created_at: datetime
    last_message_id: str | None = None
    references: tuple[str, ...] = ()
    thread_index: str | None = None


@dataclass(frozen=True, slots=True)
class OutboundEmail:
    id: str
    conversation_id: ConversationId
    chat_message_id: MessageId | None  # None: no conversation message (an identity code)
    message_id: str
    recipient: str
    raw: bytes
    created_at: datetime
    status: OutboundStatus = OutboundStatus.queued
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None
    # An identity-code email: ``raw`` holds CODE_SLOT where the code goes, and the code is
    # derived from this nonce when the email is sent (``assurance.one_time_code``).
    code_nonce: str | None = None

    def as_sent(self, secret: str) -> bytes:
        """The bytes to hand to the relay: ``raw``, with an identity code filled in."""
        if self.code_nonce is None:
            return self.raw
        return self.raw.replace(CODE_SLOT, one_time_code(secret, self.code_nonce).encode())


def new_inbound_email_id() -> str:
    return new_id("eml")


def new_outbound_email_id() -> str:
    return new_id("out")


_REPLY_PREFIX = re.compile(
    r"^\s*((re|fw|fwd|aw|wg|sv|vs|tr|rif|antw|r)\s*(\[\d+\])?\s*:\s*)+", re.I
)
_TAG = re.compile(r"\[#([0-9A-Z]{8})\]")
# 36 characters since conversation ids carry 128 random bits; 26 for conversations made before
_TOKEN = re.compile(r"([0-9a-z]{36}|[0-9a-z]{26})-([0-9a-f]{10})")
MARKER_PREFIX = "fl-ref:"
_MARKER = re.compile(re.escape(MARKER_PREFIX) + _TOKEN.pattern)


def subject_tag(conversation_id: ConversationId) -> str:
    """Eight characters of the id's random part, as ``[#TAG]`` puts them in a subject."""
    return conversation_id[-8:].upper()


def tag_in_subject(subject: str) -> str | None:
    found = _TAG.search(subject)
    return found.group(1) if found else None


def bare_subject(subject: str) -> str:
    """The subject without reply and forward prefixes, our tag and extra spacing."""
    subject = _TAG.sub(" ", subject)
    subject = _REPLY_PREFIX.sub("", subject)
    return " ".join(subject.split())


def normalise_subject(subject: str) -> str:
    """``bare_subject`` lower-cased: what two subjects of one case share."""
    return bare_subject(subject).casefold()


def _mac(secret: str, body: str) -> str:
    return hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()[:10]


def reply_token(secret: str, conversation_id: ConversationId) -> str:
    """A token naming the conversation that nobody without ``secret`` can forge."""
    body = conversation_id.split("_", 1)[-1]
    return f"{body}-{_mac(secret, body)}"


def _token_conversation(secret: str, body: str, mac: str) -> ConversationId | None:
    if hmac.compare_digest(_mac(secret, body), mac):
        return ConversationId(f"cnv_{body}")
    return None


def conversation_in_addresses(
    secret: str, addresses: tuple[str, ...], local_part: str
) -> ConversationId | None:
    """The conversation a plus-address ``local_part+token@...`` among ``addresses`` names."""
    prefix = f"{local_part.lower()}+"
    for address in addresses:
        local = address.split("@", 1)[0]
        if local.startswith(prefix):
            found = _TOKEN.fullmatch(local[len(prefix) :])
            if found and (cid := _token_conversation(secret, found.group(1), found.group(2))):
                return cid
    return None


def conversation_in_marker(secret: str, *texts: str | None) -> ConversationId | None:
    """The conversation the hidden body marker of our reply names, quoted back to us."""
    for text in texts:
        for found in _MARKER.finditer(text or ""):
            if cid := _token_conversation(secret, found.group(1), found.group(2)):
                return cid
    return None


def kind_of(email: ParsedEmail, own_addresses: frozenset[str]) -> EmailKind:
    """Which kind of email this is; the order matters (a bounce is also automatic)."""
    if email.report:
        return EmailKind.bounce
    if email.sender in own_addresses or _is_own_plus_address(email.sender, own_addresses):
        return EmailKind.loop
    if email.auto_submitted:
        return EmailKind.auto_reply
    if email.bulk:
        return EmailKind.bulk
    return EmailKind.customer


def _is_own_plus_address(sender: str, own_addresses: frozenset[str]) -> bool:
    local, _, domain = sender.partition("@")
    base = local.split("+", 1)[0]
    return f"{base}@{domain}" in own_addresses
