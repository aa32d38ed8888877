"""Tables of service analytics (migration 0009): each conversation's KPI facts, the daily
rollups summed from them, how far into the event log the rollups are, and CSAT surveys."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Index, Integer, String, Table, Text

from frontline.storage.metadata import metadata

# One row per conversation: its dimension values and its additive KPI sums (JSON), so a
# conversation's later events replace its old contribution to the rollups exactly.
conversation_kpis = Table(
    "conversation_kpis",
    metadata,
    Column("conversation_id", String(40), primary_key=True),
    Column("day", String(10), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("queue", String(64), nullable=False),
    Column("agent", String(100), nullable=False),
    Column("handler", String(8), nullable=False),
    Column("sums", Text, nullable=False),
    # When its figures change with time alone (an assumed AI resolution becomes due).
    Column("recheck_at", DateTime(timezone=True)),
    Index("ix_conversation_kpis_recheck_at", "recheck_at"),
    Index("ix_conversation_kpis_day", "day"),
)

kpi_rollups = Table(
    "kpi_rollups",
    metadata,
    Column("day", String(10), primary_key=True),
    Column("channel", String(16), primary_key=True),
    Column("queue", String(64), primary_key=True),
    Column("agent", String(100), primary_key=True),
    Column("handler", String(8), primary_key=True),
    Column("sums", Text, nullable=False),
)

kpi_watermarks = Table(
    "kpi_watermarks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("last_event_id", BigInteger, nullable=False),
)

# One survey per resolution: its unguessable token is the customer's right to answer it.
csat_surveys = Table(
    "csat_surveys",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("conversation_id", String(40), nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("answered_at", DateTime(timezone=True)),
    Column("score", Integer),
    Column("delivered", Boolean, nullable=False),
    Index("ix_csat_surveys_channel_delivered", "channel", "delivered"),
)
