"""Identity-code emails in the outbox: an outbound email may carry no conversation message,
and keeps the nonce its one-time code is derived from until it is sent.

Revision ID: 0014_access_scopes
Revises: 0015_turns
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_access_scopes"
down_revision = "0015_turns"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbound_emails") as batch:
        batch.alter_column("chat_message_id", existing_type=sa.String(40), nullable=True)
        batch.add_column(sa.Column("code_nonce", sa.String(64)))


def downgrade() -> None:
    op.execute("DELETE FROM outbound_emails WHERE chat_message_id IS NULL")
    with op.batch_alter_table("outbound_emails") as batch:
        batch.drop_column("code_nonce")
        batch.alter_column("chat_message_id", existing_type=sa.String(40), nullable=False)
