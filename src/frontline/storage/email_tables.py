"""Tables of the email channel (migration 0005): raw inbound emails, their attachments, the
threading keys of email conversations, and outbound emails with their delivery state."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from frontline.storage.metadata import metadata

inbound_emails = Table(
    "inbound_emails",
    metadata,
    Column("id", String(40), primary_key=True),
    # One row per Message-ID: the same email delivered twice is stored and processed once.
    Column("message_id", String(500), nullable=False, unique=True),
    Column("sender", String(320), nullable=False),
    Column("subject", String(1000), nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("kind", String(16)),
    Column("attempts", Integer, nullable=False),
    Column("claimed_at", DateTime(timezone=True)),
    Column("conversation_id", String(40), ForeignKey("conversations.id"), index=True),
    Column("chat_message_id", String(40)),
    Column("text", Text),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("processed_at", DateTime(timezone=True)),
    Index("ix_inbound_emails_status_received_at", "status", "received_at"),
    Index("ix_inbound_emails_sender_received_at", "sender", "received_at"),
)

email_attachments = Table(
    "email_attachments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "inbound_email_id", String(40), ForeignKey("inbound_emails.id"), nullable=False, index=True
    ),
    Column("filename", String(200), nullable=False),
    Column("content_type", String(200), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary),
    Column("refused", String(300)),
)

# One row per email conversation: what its replies thread on.
email_threads = Table(
    "email_threads",
    metadata,
    Column("conversation_id", String(40), ForeignKey("conversations.id"), primary_key=True),
    Column("tag", String(16), nullable=False, unique=True),
    Column("customer_address", String(320), nullable=False),
    Column("subject", String(1000), nullable=False),
    Column("last_message_id", String(500)),
    Column("references", Text, nullable=False),
    Column("thread_index", String(400)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_email_threads_customer_address_updated_at", "customer_address", "updated_at"),
)

# Every Message-ID seen in a conversation, ours and the customer's: In-Reply-To finds it.
email_message_ids = Table(
    "email_message_ids",
    metadata,
    Column("message_id", String(500), primary_key=True),
    Column("conversation_id", String(40), ForeignKey("conversations.id"), nullable=False),
)

outbound_emails = Table(
    "outbound_emails",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("conversation_id", String(40), ForeignKey("conversations.id"), nullable=False),
    # One email per conversation message: queuing a reply twice sends it once. None: an email
    # that carries no message (a one-time identity code).
    Column("chat_message_id", String(40), unique=True),
    Column("message_id", String(500), nullable=False, unique=True),
    Column("recipient", String(320), nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("claimed_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    # An identity-code email is stored with its code blanked out; the sender derives the code
    # from this nonce and the secret key, and the nonce is forgotten once the email is done.
    Column("code_nonce", String(64)),
    Index("ix_outbound_emails_status_created_at", "status", "created_at"),
)

# Every conversation message an outbound email carries: the replies of one AI turn go as one email.
email_reply_messages = Table(
    "email_reply_messages",
    metadata,
    Column("chat_message_id", String(40), primary_key=True),
    Column("outbound_email_id", String(40), ForeignKey("outbound_emails.id"), nullable=False),
)
