"""Tables of follow-ups: snoozed conversations, links between conversations, macro actions.

A snooze row lives until the worker wakes the conversation (``until`` passed) or a customer
reply wakes it first. A link is one-directional as stored; ``merged_into`` points from the
closed conversation to the one that received its messages; ``related`` is stored both ways.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, String, Table, Text

from frontline.storage.metadata import metadata

snoozes = Table(
    "snoozes",
    metadata,
    Column("conversation_id", String(40), ForeignKey("conversations.id"), primary_key=True),
    Column("until", DateTime(timezone=True), nullable=False),
    Column("status_before", String(16), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_snoozes_until", "until"),
)

conversation_links = Table(
    "conversation_links",
    metadata,
    Column("conversation_id", String(40), ForeignKey("conversations.id"), primary_key=True),
    Column("other_id", String(40), ForeignKey("conversations.id"), primary_key=True),
    Column("kind", String(16), nullable=False),  # merged_into | related
    Column("actor", String(120), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

macro_actions = Table(
    "macro_actions",
    metadata,
    Column("macro_id", String(40), ForeignKey("macros.id"), primary_key=True),
    Column("actions", Text, nullable=False),  # {"status", "priority", "tags", "queue", "assignee"}
)
