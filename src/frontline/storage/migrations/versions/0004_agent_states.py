"""The AI agent's per-conversation state.

Revision ID: 0004_agent_states
Revises: 0003_accounts
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_agent_states"
down_revision = "0003_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agent_states",
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), primary_key=True
        ),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("agent_states")
