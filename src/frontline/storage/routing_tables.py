"""Tables of routing: queues and their strategy, staff presence and capacity, and the
routing state of a conversation (its language, and since when it waits for a free agent).

Queue membership is ``staff_queues`` (storage.tables). A conversation waits while
``waiting_since`` is set; the worker's sweep assigns waiting conversations oldest first.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from frontline.storage.metadata import metadata

queues = Table(
    "queues",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("strategy", String(16), nullable=False),
    Column("last_assignee", String(64)),  # where round robin continues
    Column("created_at", DateTime(timezone=True), nullable=False),
)

staff_presence = Table(
    "staff_presence",
    metadata,
    Column("staff_id", String(40), ForeignKey("staff_users.id"), primary_key=True),
    Column("presence", String(16), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("languages", Text, nullable=False),  # ["en", "es"]; [] speaks every language
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

conversation_routing = Table(
    "conversation_routing",
    metadata,
    Column("conversation_id", String(40), ForeignKey("conversations.id"), primary_key=True),
    Column("queue", String(64), nullable=False),
    Column("language", String(16)),
    Column("waiting_since", DateTime(timezone=True)),  # None: not waiting
    Index("ix_conversation_routing_queue_waiting", "queue", "waiting_since"),
)
