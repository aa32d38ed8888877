"""Service analytics: per-conversation KPI facts, daily rollups, the rollup watermark, CSAT.

Revision ID: 0009_analytics
Revises: 0005_email
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_analytics"
down_revision = "0007_knowledge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation_kpis",
        sa.Column("conversation_id", sa.String(40), primary_key=True),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("agent", sa.String(100), nullable=False),
        sa.Column("handler", sa.String(8), nullable=False),
        sa.Column("sums", sa.Text, nullable=False),
        sa.Column("recheck_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_conversation_kpis_recheck_at", "conversation_kpis", ["recheck_at"])
    op.create_index("ix_conversation_kpis_day", "conversation_kpis", ["day"])
    op.create_table(
        "kpi_rollups",
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("queue", sa.String(64), primary_key=True),
        sa.Column("agent", sa.String(100), primary_key=True),
        sa.Column("handler", sa.String(8), primary_key=True),
        sa.Column("sums", sa.Text, nullable=False),
    )
    op.create_table(
        "kpi_watermarks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_event_id", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "csat_surveys",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("conversation_id", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True)),
        sa.Column("score", sa.Integer),
        sa.Column("delivered", sa.Boolean, nullable=False),
    )
    op.create_index("ix_csat_surveys_conversation_id", "csat_surveys", ["conversation_id"])
    op.create_index("ix_csat_surveys_channel_delivered", "csat_surveys", ["channel", "delivered"])


def downgrade() -> None:
    op.drop_table("csat_surveys")
    op.drop_table("kpi_watermarks")
    op.drop_table("kpi_rollups")
    op.drop_index("ix_conversation_kpis_day", "conversation_kpis")
    op.drop_index("ix_conversation_kpis_recheck_at", "conversation_kpis")
    op.drop_table("conversation_kpis")
