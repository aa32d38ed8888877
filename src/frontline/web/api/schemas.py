"""Request and response bodies of the public API v1 (DESIGN §7). Responses may grow fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from frontline.domain.conversations import Channel, ConversationStatus, Priority


class CustomerIn(BaseModel):
    email: str | None = None
    name: str | None = None
    phone: str | None = None
    external_id: str | None = Field(
        default=None, max_length=200, description="The host site's id of a signed customer"
    )
    signature: str | None = Field(
        default=None,
        max_length=128,
        description="HMAC-SHA256 (hex) of email or external_id with the signing secret: "
        "the conversation starts verified (docs/security.md)",
    )
    identity_token: str | None = Field(
        default=None,
        max_length=4096,
        description="A JWT (HS256, the signing secret) naming the customer by email or sub, "
        "with exp and iat: the conversation starts verified (docs/security.md)",
    )


class ConversationCreate(BaseModel):
    channel: Channel = Channel.chat
    text: str
    customer: CustomerIn | None = None
    channel_message_id: str | None = Field(
        default=None, description="The channel's own id; a repeated id returns the stored result"
    )


class MessageCreate(BaseModel):
    text: str
    channel_message_id: str | None = None


class ReplyCreate(BaseModel):
    text: str


class NoteCreate(BaseModel):
    text: str


class ConversationUpdate(BaseModel):
    status: ConversationStatus | None = None
    assignee: str | None = Field(default=None, description="Empty string unassigns")
    priority: Priority | None = None
    tags: list[str] | None = None
    queue: str | None = None


class ReplySourceOut(BaseModel):
    title: str
    url: str


class ReplyOut(BaseModel):
    text: str
    awaiting: str | None
    options: list[str]
    sources: list[ReplySourceOut] = Field(
        default_factory=list, description="Knowledge-base articles the reply was written from"
    )


class MessageOutcomeOut(BaseModel):
    id: str
    status: ConversationStatus
    message_id: str
    duplicate: bool
    replies: list[ReplyOut]


class ConversationStartOut(MessageOutcomeOut):
    customer_token: str = Field(
        description="The customer's credential for this conversation: send it as "
        "'Authorization: Bearer <customer_token>' on every later call. Shown only here."
    )


class IdentityOut(BaseModel):
    kind: str
    value: str


class CustomerOut(BaseModel):
    id: str
    name: str | None
    email: str | None
    phone: str | None
    identities: list[IdentityOut]
    backoffice_user_id: str | None
    created_at: datetime


class MessageOut(BaseModel):
    id: str
    direction: str
    author_kind: str
    author_id: str | None
    text: str
    created_at: datetime
    channel_message_id: str | None
    in_reply_to: str | None = Field(
        default=None, description="The customer message an AI reply answers."
    )
    awaiting: str | None
    options: list[str]


class ActionOut(BaseModel):
    name: str
    arguments: dict[str, Any]
    outcome: str
    result: Any
    created_at: datetime


class HandoffOut(BaseModel):
    queue: str
    summary: str
    reason: str


class ConversationSummaryOut(BaseModel):
    id: str
    status: ConversationStatus
    channel: Channel
    customer_id: str | None
    queue: str
    priority: Priority
    assignee: str | None
    tags: list[str]
    subject: str | None
    created_at: datetime
    updated_at: datetime
    handoff: HandoffOut | None


class ConversationOut(ConversationSummaryOut):
    customer: CustomerOut | None
    messages: list[MessageOut]
    actions: list[ActionOut]


class ConversationPageOut(BaseModel):
    items: list[ConversationSummaryOut]
    next_cursor: str | None


class NoteOut(BaseModel):
    id: str
    author_id: str | None
    text: str
    created_at: datetime


class ToolArgumentOut(BaseModel):
    name: str
    type: str
    required: bool


class ToolOut(BaseModel):
    name: str
    description: str
    writes: bool
    arguments: list[ToolArgumentOut]


class ToolRunOut(BaseModel):
    name: str
    outcome: str
    result: Any
    error: str | None
    output: str = Field(description="The result as the text an agent reads (τ²-bench format)")
