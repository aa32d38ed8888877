"""The email channel: raw inbound emails, attachments, threading keys, outbound emails.

Revision ID: 0005_email
Revises: 0004_agent_states
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_email"
down_revision = "0004_agent_states"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbound_emails",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("message_id", sa.String(500), nullable=False),
        sa.Column("sender", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(1000), nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True)),
        sa.Column("conversation_id", sa.String(40), sa.ForeignKey("conversations.id")),
        sa.Column("chat_message_id", sa.String(40)),
        sa.Column("text", sa.Text),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("message_id", name="uq_inbound_emails_message_id"),
    )
    op.create_index("ix_inbound_emails_conversation_id", "inbound_emails", ["conversation_id"])
    op.create_index(
        "ix_inbound_emails_status_received_at", "inbound_emails", ["status", "received_at"]
    )
    op.create_index(
        "ix_inbound_emails_sender_received_at", "inbound_emails", ["sender", "received_at"]
    )
    op.create_table(
        "email_attachments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "inbound_email_id",
            sa.String(40),
            sa.ForeignKey("inbound_emails.id"),
            nullable=False,
        ),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(200), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary),
        sa.Column("refused", sa.String(300)),
    )
    op.create_index(
        "ix_email_attachments_inbound_email_id", "email_attachments", ["inbound_email_id"]
    )
    op.create_table(
        "email_threads",
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), primary_key=True
        ),
        sa.Column("tag", sa.String(16), nullable=False),
        sa.Column("customer_address", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(1000), nullable=False),
        sa.Column("last_message_id", sa.String(500)),
        sa.Column("references", sa.Text, nullable=False),
        sa.Column("thread_index", sa.String(400)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tag", name="uq_email_threads_tag"),
    )
    op.create_index(
        "ix_email_threads_customer_address_updated_at",
        "email_threads",
        ["customer_address", "updated_at"],
    )
    op.create_table(
        "email_message_ids",
        sa.Column("message_id", sa.String(500), primary_key=True),
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), nullable=False
        ),
    )
    op.create_table(
        "outbound_emails",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), nullable=False
        ),
        sa.Column("chat_message_id", sa.String(40), nullable=False),
        sa.Column("message_id", sa.String(500), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("chat_message_id", name="uq_outbound_emails_chat_message_id"),
        sa.UniqueConstraint("message_id", name="uq_outbound_emails_message_id"),
    )
    op.create_index(
        "ix_outbound_emails_status_created_at", "outbound_emails", ["status", "created_at"]
    )
    op.create_table(
        "email_reply_messages",
        sa.Column("chat_message_id", sa.String(40), primary_key=True),
        sa.Column(
            "outbound_email_id",
            sa.String(40),
            sa.ForeignKey("outbound_emails.id"),
            nullable=False,
        ),
    )
    op.create_index(
        "ix_messages_channel_direction_created_at",
        "messages",
        ["channel", "direction", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_messages_channel_direction_created_at", table_name="messages")
    op.drop_table("email_reply_messages")
    op.drop_table("outbound_emails")
    op.drop_table("email_message_ids")
    op.drop_table("email_threads")
    op.drop_table("email_attachments")
    op.drop_table("inbound_emails")
