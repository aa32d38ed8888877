"""Tables of helpdesk operations: business-hours calendars, SLA policies and SLA timers.

A timer row is the durable state of one conversation's SLA clocks: the scan on the worker
finds due rows by ``check_at`` and conversations changed since ``refreshed_at``, so a worker
killed between two scans loses nothing; the next scan does the same work again, once.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from frontline.storage.metadata import metadata

business_calendars = Table(
    "business_calendars",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("timezone", String(64), nullable=False),
    Column("hours", Text, nullable=False),  # {"mon": ["09:00-17:00"], ...}
    Column("holidays", Text, nullable=False),  # ["2026-12-25", ...]
    Column("created_at", DateTime(timezone=True), nullable=False),
)

sla_policies = Table(
    "sla_policies",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("position", Integer, nullable=False),
    Column("conditions", Text, nullable=False),
    Column("targets", Text, nullable=False),  # {"urgent": [{"metric", "minutes", ...}], ...}
    Column("calendar_id", String(40), ForeignKey("business_calendars.id")),
    Column("warn_before_minutes", Integer, nullable=False),
    Column("escalations", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

sla_timers = Table(
    "sla_timers",
    metadata,
    Column("conversation_id", String(40), ForeignKey("conversations.id"), primary_key=True),
    Column("policy_id", String(40)),
    Column("due_at", DateTime(timezone=True)),  # the earliest breach among active clocks
    Column("check_at", DateTime(timezone=True)),  # the next warning or breach to record
    Column("clocks", Text, nullable=False),  # the clocks as last evaluated
    Column("recorded", Text, nullable=False),  # keys of the warnings/breaches already recorded
    Column("refreshed_at", DateTime(timezone=True), nullable=False),
    Index("ix_sla_timers_check_at", "check_at"),
    Index("ix_sla_timers_due_at", "due_at"),
)
