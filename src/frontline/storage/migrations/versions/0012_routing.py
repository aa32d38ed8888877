"""Routing and follow-ups: queues, staff presence and capacity, conversation routing state,
snoozes, links between conversations, and the actions a macro applies.

Revision ID: 0012_routing
Revises: 0009_analytics
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_routing"
down_revision = "0011_privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "queues",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("strategy", sa.String(16), nullable=False),
        sa.Column("last_assignee", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "staff_presence",
        sa.Column("staff_id", sa.String(40), sa.ForeignKey("staff_users.id"), primary_key=True),
        sa.Column("presence", sa.String(16), nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("languages", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "conversation_routing",
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), primary_key=True
        ),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("waiting_since", sa.DateTime(timezone=True)),
    )
    op.create_index(
        "ix_conversation_routing_queue_waiting",
        "conversation_routing",
        ["queue", "waiting_since"],
    )
    op.create_table(
        "snoozes",
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), primary_key=True
        ),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_before", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_snoozes_until", "snoozes", ["until"])
    op.create_table(
        "conversation_links",
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), primary_key=True
        ),
        sa.Column("other_id", sa.String(40), sa.ForeignKey("conversations.id"), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    # ix_conversations_status_updated_at, which the auto-resolve sweep reads, comes with 0011
    op.create_table(
        "macro_actions",
        sa.Column("macro_id", sa.String(40), sa.ForeignKey("macros.id"), primary_key=True),
        sa.Column("actions", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("macro_actions")
    op.drop_table("conversation_links")
    op.drop_index("ix_snoozes_until", table_name="snoozes")
    op.drop_table("snoozes")
    op.drop_index("ix_conversation_routing_queue_waiting", table_name="conversation_routing")
    op.drop_table("conversation_routing")
    op.drop_table("staff_presence")
    op.drop_table("queues")
