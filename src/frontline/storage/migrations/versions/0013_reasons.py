"""Contact reasons: each conversation's reasons, daily counts per reason, their watermark.

Revision ID: 0013_reasons
Revises: 0009_analytics
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_reasons"
down_revision = "0012_routing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation_reasons",
        sa.Column("conversation_id", sa.String(40), primary_key=True),
        sa.Column("reason", sa.String(120), primary_key=True),
        sa.Column("day", sa.String(10), nullable=False),
    )
    op.create_index(
        "ix_conversation_reasons_reason_day",
        "conversation_reasons",
        ["reason", "day", "conversation_id"],
    )
    op.create_table(
        "reason_counts",
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("reason", sa.String(120), primary_key=True),
        sa.Column("conversations", sa.Integer, nullable=False),
    )
    op.create_table(
        "reason_watermarks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_event_id", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reason_watermarks")
    op.drop_table("reason_counts")
    op.drop_index("ix_conversation_reasons_reason_day", "conversation_reasons")
    op.drop_table("conversation_reasons")
