"""Tables of privacy (migration 0011): redacted copies of messages, erasure tombstones and
the hash-chained audit log with its head."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from frontline.storage.metadata import metadata
from frontline.storage.tables import conversations

# The text of each stored message with personal data replaced by its kind ("[email]").
message_redactions = Table(
    "message_redactions",
    metadata,
    Column("message_id", String(40), ForeignKey("messages.id"), primary_key=True),
    Column("text", Text, nullable=False),
)

# Customers whose personal data was erased: the row in customers stays, emptied.
customer_erasures = Table(
    "customer_erasures",
    metadata,
    Column("customer_id", String(40), ForeignKey("customers.id"), primary_key=True),
    Column("erased_at", DateTime(timezone=True), nullable=False),
)

# Conversations whose text was erased (by a customer's erasure or by retention).
conversation_erasures = Table(
    "conversation_erasures",
    metadata,
    Column("conversation_id", String(40), ForeignKey("conversations.id"), primary_key=True),
    Column("erased_at", DateTime(timezone=True), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", String(200), nullable=False),
    Column("details", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_log_action_seq", "action", "seq"),
)

# One row: the last entry's sequence number and hash. Appending locks it, so concurrent
# appends take turns and each chains on the one before.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
)

# Retention looks for conversations by status and age.
Index("ix_conversations_status_updated_at", conversations.c.status, conversations.c.updated_at)
