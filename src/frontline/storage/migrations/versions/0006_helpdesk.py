"""Helpdesk operations: business-hours calendars, SLA policies, SLA timers.

Revision ID: 0006_helpdesk
Revises: 0005_email
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_helpdesk"
down_revision = "0005_email"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "business_calendars",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("hours", sa.Text, nullable=False),
        sa.Column("holidays", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sla_policies",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("conditions", sa.Text, nullable=False),
        sa.Column("targets", sa.Text, nullable=False),
        sa.Column("calendar_id", sa.String(40), sa.ForeignKey("business_calendars.id")),
        sa.Column("warn_before_minutes", sa.Integer, nullable=False),
        sa.Column("escalations", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sla_timers",
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), primary_key=True
        ),
        sa.Column("policy_id", sa.String(40)),
        sa.Column("due_at", sa.DateTime(timezone=True)),
        sa.Column("check_at", sa.DateTime(timezone=True)),
        sa.Column("clocks", sa.Text, nullable=False),
        sa.Column("recorded", sa.Text, nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sla_timers_check_at", "sla_timers", ["check_at"])
    op.create_index("ix_sla_timers_due_at", "sla_timers", ["due_at"])
    op.create_index("ix_conversations_updated_at", "conversations", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_conversations_updated_at", "conversations")
    op.drop_table("sla_timers")
    op.drop_table("sla_policies")
    op.drop_table("business_calendars")
