"""A message path that cannot half-commit: recorded back-office writes, keyed action rows,
versioned agent state, an outbox of agent turns.

Revision ID: 0015_turns
Revises: 0013_reasons
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_turns"
down_revision = "0013_reasons"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retail_writes",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("result", sa.Text, nullable=False),
    )
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(200), nullable=True))
        batch.create_unique_constraint("uq_actions_idempotency_key", ["idempotency_key"])
    op.create_index("ix_actions_outcome", "actions", ["outcome"])
    with op.batch_alter_table("agent_states") as batch:
        batch.add_column(
            sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("0"))
        )
    op.create_table(
        "agent_turns_due",
        sa.Column("message_id", sa.String(40), primary_key=True),
        sa.Column("conversation_id", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_agent_turns_due_conversation_id", "agent_turns_due", ["conversation_id"])
    op.create_index("ix_agent_turns_due_created_at", "agent_turns_due", ["created_at"])


def downgrade() -> None:
    op.drop_table("agent_turns_due")
    with op.batch_alter_table("agent_states") as batch:
        batch.drop_column("version")
    op.drop_index("ix_actions_outcome", "actions")
    with op.batch_alter_table("actions") as batch:
        batch.drop_constraint("uq_actions_idempotency_key", type_="unique")
        batch.drop_column("idempotency_key")
    op.drop_table("retail_writes")
