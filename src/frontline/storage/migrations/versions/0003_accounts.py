"""Accounts for the support team, their queues, macros, and indexes for the workspace inbox.

Revision ID: 0003_accounts
Revises: 0002_retail_backoffice
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_accounts"
down_revision = "0002_retail_backoffice"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("username", name="uq_staff_users_username"),
    )
    op.create_table(
        "staff_queues",
        sa.Column("staff_id", sa.String(40), sa.ForeignKey("staff_users.id"), primary_key=True),
        sa.Column("queue", sa.String(64), primary_key=True),
    )
    op.create_table(
        "macros",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("name", name="uq_macros_name"),
    )
    op.create_index(
        "ix_conversations_queue_status_assignee", "conversations", ["queue", "status", "assignee"]
    )
    op.create_index("ix_conversations_customer_id_id", "conversations", ["customer_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_conversations_customer_id_id", table_name="conversations")
    op.drop_index("ix_conversations_queue_status_assignee", table_name="conversations")
    op.drop_table("macros")
    op.drop_table("staff_queues")
    op.drop_table("staff_users")
