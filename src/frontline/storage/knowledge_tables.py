"""Tables of the knowledge base (migration 0007): articles, their versions, the revision counter
that tells running servers to rebuild their search index, and self-service events."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from frontline.storage.metadata import metadata

articles = Table(
    "kb_articles",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("slug", String(80), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("category", String(100), nullable=False),
    Column("tags", JSON, nullable=False),
    Column("language", String(10), nullable=False),
    Column("status", String(16), nullable=False),
    Column("steps", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("helpful_yes", Integer, nullable=False),
    Column("helpful_no", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True)),
    Index("ix_kb_articles_status_category", "status", "category"),
)

article_versions = Table(
    "kb_article_versions",
    metadata,
    Column("article_id", String(40), ForeignKey("kb_articles.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("category", String(100), nullable=False),
    Column("tags", JSON, nullable=False),
    Column("editor", String(100), nullable=False),
    Column("edited_at", DateTime(timezone=True), nullable=False),
)

# One row: bumped by every change to a published article, read before each search.
knowledge_revision = Table(
    "kb_revision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("revision", Integer, nullable=False),
)

# What customers did with self-service (searches, helpful votes, deflections) and the
# questions the agent could not answer.
knowledge_events = Table(
    "kb_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("article_id", String(40)),
    Column("text", String(2000)),
    Column("conversation_id", String(40)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_kb_events_kind_created_at", "kind", "created_at"),
)
