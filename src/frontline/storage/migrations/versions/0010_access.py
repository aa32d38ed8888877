"""Customer access: conversation credentials, one-time identity codes, API token owners.

Revision ID: 0010_access
Revises: 0009_analytics
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_access"
down_revision = "0009_analytics"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "conversation_credentials",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(40),
            sa.ForeignKey(
                "conversations.id",
                name="fk_conversation_credentials_conversation_id_conversations",
            ),
            nullable=False,
        ),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index(
        "ix_conversation_credentials_conversation_id",
        "conversation_credentials",
        ["conversation_id"],
    )
    op.create_table(
        "identity_codes",
        sa.Column(
            "conversation_id",
            sa.String(40),
            sa.ForeignKey(
                "conversations.id", name="fk_identity_codes_conversation_id_conversations"
            ),
            primary_key=True,
        ),
        sa.Column("user_id", sa.String(100), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "api_token_owners",
        sa.Column(
            "token_id",
            sa.String(40),
            sa.ForeignKey("api_tokens.id", name="fk_api_token_owners_token_id_api_tokens"),
            primary_key=True,
        ),
        sa.Column(
            "staff_id",
            sa.String(40),
            sa.ForeignKey("staff_users.id", name="fk_api_token_owners_staff_id_staff_users"),
            nullable=False,
        ),
    )
    op.create_index("ix_api_token_owners_staff_id", "api_token_owners", ["staff_id"])


def downgrade() -> None:
    op.drop_table("api_token_owners")
    op.drop_table("identity_codes")
    op.drop_table("conversation_credentials")
