"""Tables of contact reasons (migration 0013): each conversation's reasons, the conversations
per day and reason summed from them, and how far into the event log those counts are."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table

from frontline.storage.metadata import metadata

# One row per conversation and reason: a conversation's later events replace its rows, and
# the daily counts move by the difference.
conversation_reasons = Table(
    "conversation_reasons",
    metadata,
    Column("conversation_id", String(40), primary_key=True),
    Column("reason", String(120), primary_key=True),
    Column("day", String(10), nullable=False),
    Index("ix_conversation_reasons_reason_day", "reason", "day", "conversation_id"),
)

# A conversation with no reason keeps one row with reason "" so it is known to be folded.
NO_REASON = ""

reason_counts = Table(
    "reason_counts",
    metadata,
    Column("day", String(10), primary_key=True),
    Column("reason", String(120), primary_key=True),
    Column("conversations", Integer, nullable=False),
)

reason_watermarks = Table(
    "reason_watermarks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("last_event_id", BigInteger, nullable=False),
)
