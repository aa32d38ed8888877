"""Privacy: redacted copies of messages, erasure tombstones, the hash-chained audit log.

Revision ID: 0011_privacy
Revises: 0009_analytics
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_privacy"
down_revision = "0010_access"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "message_redactions",
        sa.Column("message_id", sa.String(40), sa.ForeignKey("messages.id"), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "customer_erasures",
        sa.Column("customer_id", sa.String(40), sa.ForeignKey("customers.id"), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "conversation_erasures",
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), primary_key=True
        ),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_action_seq", "audit_log", ["action", "seq"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])
    # Retention looks for conversations by status and age.
    op.create_index("ix_conversations_status_updated_at", "conversations", ["status", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_conversations_status_updated_at", "conversations")
    op.drop_table("audit_head")
    op.drop_index("ix_audit_log_action_seq", "audit_log")
    op.drop_table("audit_log")
    op.drop_table("conversation_erasures")
    op.drop_table("customer_erasures")
    op.drop_table("message_redactions")
