"""Conversations, their messages and internal notes.

A conversation moves through these states::

    open ──► pending ──► open        the agent asked; the customer answered
      │         │
      ├─────────┴──► escalated       with a human (hand-off, or a human took over)
      │                  │
      └──────────────────┴──► resolved ──► closed
                                 │
                                 └──► open   the customer wrote again

Any state may move to any other through an explicit status change by a human; the diagram is
what the agent and the message path do on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from frontline.domain.ids import ConversationId, CustomerId, MessageId, NoteId
from frontline.domain.text import drop_control_characters


class Channel(StrEnum):
    chat = "chat"  # the web chat widget
    email = "email"  # SMTP in and out
    sms = "sms"  # SMS provider webhooks
    social = "social"  # social network direct messages
    voice = "voice"  # phone call transcripts
    portal = "portal"  # the self-service portal
    api = "api"  # created directly through the REST API


class ConversationStatus(StrEnum):
    open = "open"  # needs an answer from us
    pending = "pending"  # waiting on the customer
    escalated = "escalated"  # with a human
    resolved = "resolved"  # done; reopens when the customer writes again
    closed = "closed"  # done for good; a new message starts a new conversation


class Priority(StrEnum):
    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


class Direction(StrEnum):
    inbound = "inbound"  # from the customer
    outbound = "outbound"  # to the customer


class AuthorKind(StrEnum):
    customer = "customer"  # the customer
    ai = "ai"  # Frontline's AI agent
    human = "human"  # a member of the support team
    system = "system"  # Frontline itself (notices, transfers)


@dataclass(frozen=True, slots=True)
class Message:
    id: MessageId
    conversation_id: ConversationId
    direction: Direction
    author_kind: AuthorKind
    text: str
    created_at: datetime
    author_id: str | None = None
    channel_message_id: str | None = None
    in_reply_to: MessageId | None = None
    awaiting: str | None = None
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Note:
    id: NoteId
    conversation_id: ConversationId
    author_id: str | None
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Handoff:
    queue: str
    reason: str
    summary: str


@dataclass(frozen=True, slots=True)
class Conversation:
    id: ConversationId
    channel: Channel
    status: ConversationStatus
    customer_id: CustomerId | None
    queue: str
    priority: Priority
    created_at: datetime
    updated_at: datetime
    assignee: str | None = None
    tags: tuple[str, ...] = ()
    handoff: Handoff | None = None
    subject: str | None = None


@dataclass(frozen=True, slots=True)
class ReplySource:
    """A knowledge-base article a reply was written from."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One outbound message as the API returns it."""

    text: str
    awaiting: str | None = None
    options: tuple[str, ...] = ()
    sources: tuple[ReplySource, ...] = ()  # the articles its words come from


@dataclass(frozen=True, slots=True)
class MessageOutcome:
    """What receiving one customer message produced."""

    conversation: Conversation
    message: Message
    replies: tuple[Reply, ...] = field(default=())
    duplicate: bool = False
    sent: tuple[Message, ...] = ()  # the stored reply messages, for live delivery


DEFAULT_QUEUE = "general"
MAX_TAGS = 50
MAX_TAG_CHARS = 64


def normalize_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Lower-case, trimmed, de-duplicated tags in first-seen order."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = " ".join(drop_control_characters(tag).lower().split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


def handoff_from_json(data: dict[str, Any] | None) -> Handoff | None:
    if not data:
        return None
    return Handoff(
        queue=str(data["queue"]), reason=str(data["reason"]), summary=str(data["summary"])
    )
