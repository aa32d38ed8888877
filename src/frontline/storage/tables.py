"""SQLAlchemy Core tables. The schema itself is owned by the Alembic migrations.

JSON payloads are stored as text written by orjson, so SQLite and PostgreSQL hold the same
bytes and numbers keep their exact form.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from frontline.storage import followup_tables, routing_tables  # noqa: F401  # registers their tables
from frontline.storage.access_tables import (
    api_token_owners,
    conversation_credentials,
    identity_codes,
)
from frontline.storage.email_tables import (
    email_attachments,
    email_message_ids,
    email_reply_messages,
    email_threads,
    inbound_emails,
    outbound_emails,
)
from frontline.storage.helpdesk_tables import business_calendars, sla_policies, sla_timers
from frontline.storage.knowledge_tables import (
    article_versions,
    articles,
    knowledge_events,
    knowledge_revision,
)
from frontline.storage.kpi_tables import (
    conversation_kpis,
    csat_surveys,
    kpi_rollups,
    kpi_watermarks,
)
from frontline.storage.metadata import metadata
from frontline.storage.retail_tables import retail_orders, retail_products, retail_users

__all__ = [
    "api_token_owners",
    "article_versions",
    "articles",
    "business_calendars",
    "conversation_credentials",
    "conversation_kpis",
    "csat_surveys",
    "email_attachments",
    "email_message_ids",
    "email_reply_messages",
    "email_threads",
    "identity_codes",
    "inbound_emails",
    "knowledge_events",
    "knowledge_revision",
    "kpi_rollups",
    "kpi_watermarks",
    "metadata",
    "outbound_emails",
    "retail_orders",
    "retail_products",
    "retail_users",
    "sla_policies",
    "sla_timers",
]

customers = Table(
    "customers",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(200)),
    Column("backoffice_user_id", String(100), index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

customer_identities = Table(
    "customer_identities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(40), ForeignKey("customers.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("value", String(320), nullable=False),
    UniqueConstraint("kind", "value", name="uq_customer_identities_kind_value"),
)

conversations = Table(
    "conversations",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("customer_id", String(40), ForeignKey("customers.id"), index=True),
    Column("queue", String(64), nullable=False),
    Column("priority", String(16), nullable=False),
    Column("assignee", String(100)),
    Column("tags", Text, nullable=False),
    Column("handoff", Text),
    Column("subject", String(300)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_conversations_status_id", "status", "id"),
    Index("ix_conversations_queue_id", "queue", "id"),
    Index("ix_conversations_assignee_id", "assignee", "id"),
    Index("ix_conversations_updated_at", "updated_at"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("conversation_id", String(40), ForeignKey("conversations.id"), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("direction", String(16), nullable=False),
    Column("author_kind", String(16), nullable=False),
    Column("author_id", String(100)),
    Column("text", Text, nullable=False),
    Column("channel_message_id", String(200)),
    Column("in_reply_to", String(40)),
    Column("awaiting", String(32)),
    Column("options", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_messages_conversation_id_id", "conversation_id", "id"),
    UniqueConstraint("channel", "channel_message_id", name="uq_messages_channel_message"),
)

notes = Table(
    "notes",
    metadata,
    Column("id", String(40), primary_key=True),
    Column(
        "conversation_id", String(40), ForeignKey("conversations.id"), nullable=False, index=True
    ),
    Column("author_id", String(100)),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("kind", String(40), nullable=False),
    Column("conversation_id", String(40), index=True),
    Column("actor", String(100), nullable=False),
    Column("data", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

actions = Table(
    "actions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("conversation_id", String(40), index=True),
    Column("name", String(100), nullable=False),
    Column("arguments", Text, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("result", Text),
    Column("actor", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # A back-office write's idempotency key: its row is written (``pending``) before the write
    Column("idempotency_key", String(200)),
    UniqueConstraint("idempotency_key", name="uq_actions_idempotency_key"),
    Index("ix_actions_outcome", "outcome"),
)

# What the AI agent remembers about a conversation between turns (agent.state.AgentState).
agent_states = Table(
    "agent_states",
    metadata,
    Column("conversation_id", String(40), ForeignKey("conversations.id"), primary_key=True),
    Column("state", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # bumped by every turn: a turn stores its state only over the version it read
    Column("version", Integer, nullable=False, server_default=text("0")),
)

# The outbox of agent turns: a customer message the AI owes an answer, written in the
# message's own transaction and deleted in the one that stores the turn.
agent_turns_due = Table(
    "agent_turns_due",
    metadata,
    Column("message_id", String(40), primary_key=True),
    Column("conversation_id", String(40), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("is_admin", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

staff_users = Table(
    "staff_users",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

staff_queues = Table(
    "staff_queues",
    metadata,
    Column("staff_id", String(40), ForeignKey("staff_users.id"), primary_key=True),
    Column("queue", String(64), primary_key=True),
)

macros = Table(
    "macros",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The workspace inbox filters by queue and assignee within a status; these keep its counts and
# pages on index ranges at 100k conversations (migration 0003).
Index(
    "ix_conversations_queue_status_assignee",
    conversations.c.queue,
    conversations.c.status,
    conversations.c.assignee,
)
Index("ix_conversations_customer_id_id", conversations.c.customer_id, conversations.c.id)
# The email worker's sweep looks for recent outbound messages of email conversations that no
# email carries yet (migration 0005).
Index(
    "ix_messages_channel_direction_created_at",
    messages.c.channel,
    messages.c.direction,
    messages.c.created_at,
)
