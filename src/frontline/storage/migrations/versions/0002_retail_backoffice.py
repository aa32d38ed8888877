"""Retail back office: users, orders and products of the built-in store, as JSON records.

Revision ID: 0002_retail_backoffice
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_retail_backoffice"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retail_users",
        sa.Column("user_id", sa.String, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("email_key", sa.String, nullable=False),
        sa.Column("first_name_key", sa.String, nullable=False),
        sa.Column("last_name_key", sa.String, nullable=False),
        sa.Column("zip", sa.String, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_retail_users_email_key", "retail_users", ["email_key"])
    op.create_index(
        "ix_retail_users_name_zip", "retail_users", ["last_name_key", "first_name_key", "zip"]
    )
    op.create_table(
        "retail_orders",
        sa.Column("order_id", sa.String, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("user_id", sa.String, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_retail_orders_user_id", "retail_orders", ["user_id"])
    op.create_table(
        "retail_products",
        sa.Column("product_id", sa.String, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("retail_products")
    op.drop_index("ix_retail_orders_user_id", table_name="retail_orders")
    op.drop_table("retail_orders")
    op.drop_index("ix_retail_users_name_zip", table_name="retail_users")
    op.drop_index("ix_retail_users_email_key", table_name="retail_users")
    op.drop_table("retail_users")
