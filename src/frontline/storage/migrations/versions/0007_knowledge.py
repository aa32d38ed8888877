"""The knowledge base: articles, versions, the search index revision, self-service events.

Revision ID: 0007_knowledge
Revises: 0005_email
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_knowledge"
down_revision = "0006_helpdesk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_articles",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("steps", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("helpful_yes", sa.Integer, nullable=False),
        sa.Column("helpful_no", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("slug", name="uq_kb_articles_slug"),
    )
    op.create_index("ix_kb_articles_status_category", "kb_articles", ["status", "category"])
    op.create_table(
        "kb_article_versions",
        sa.Column(
            "article_id",
            sa.String(40),
            sa.ForeignKey("kb_articles.id", name="fk_kb_article_versions_article_id_kb_articles"),
            primary_key=True,
        ),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("editor", sa.String(100), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "kb_revision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
    )
    op.create_table(
        "kb_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(40)),
        sa.Column("text", sa.String(2000)),
        sa.Column("conversation_id", sa.String(40)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_kb_events_kind_created_at", "kb_events", ["kind", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_kb_events_kind_created_at", table_name="kb_events")
    op.drop_table("kb_events")
    op.drop_table("kb_revision")
    op.drop_table("kb_article_versions")
    op.drop_index("ix_kb_articles_status_category", table_name="kb_articles")
    op.drop_table("kb_articles")
