"""Tables of customer access (migration 0010): the credentials a customer holds for one
conversation, the one-time codes that raise a conversation's identity assurance, and which
member of staff an API token speaks for."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table

from frontline.storage.metadata import metadata

# A conversation's bearer credentials (SHA-256 of the secret; the secret itself is shown once).
conversation_credentials = Table(
    "conversation_credentials",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column(
        "conversation_id", String(40), ForeignKey("conversations.id"), nullable=False, index=True
    ),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The one open code challenge of a conversation: the code's hash, for which back-office
# customer, until when, and how many wrong answers it has had.
identity_codes = Table(
    "identity_codes",
    metadata,
    Column("conversation_id", String(40), ForeignKey("conversations.id"), primary_key=True),
    Column("user_id", String(100), nullable=False),
    Column("code_hash", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# An API token made for a member of staff sees what they see in the workspace.
api_token_owners = Table(
    "api_token_owners",
    metadata,
    Column("token_id", String(40), ForeignKey("api_tokens.id"), primary_key=True),
    Column("staff_id", String(40), ForeignKey("staff_users.id"), nullable=False, index=True),
)
