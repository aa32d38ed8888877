"""Tables of the built-in retail back office (`frontline.backoffice.retail.sql`).

Each record is stored whole as JSON text written by orjson (`data`), exactly in the db.json
shape, so `9.0` stays a float and `9` an int. The other columns exist only to find records:
`seq` keeps the order of the loaded file (τ² returns the first match in that order), and the
`*_key` columns hold `str.lower()` of the email and names, computed in Python because SQL
`lower()` folds some characters differently.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from frontline.storage.metadata import metadata

retail_users = Table(
    "retail_users",
    metadata,
    Column("user_id", String, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("email_key", String, nullable=False),
    Column("first_name_key", String, nullable=False),
    Column("last_name_key", String, nullable=False),
    Column("zip", String, nullable=False),
    Column("data", Text, nullable=False),
    Index("ix_retail_users_email_key", "email_key"),
    Index("ix_retail_users_name_zip", "last_name_key", "first_name_key", "zip"),
)

retail_orders = Table(
    "retail_orders",
    metadata,
    Column("order_id", String, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("user_id", String, nullable=False, index=True),
    Column("data", Text, nullable=False),
)

retail_products = Table(
    "retail_products",
    metadata,
    Column("product_id", String, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("data", Text, nullable=False),
)

# Writes applied under an idempotency key, with the result they returned (`RecordedWrite`).
retail_writes = Table(
    "retail_writes",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("result", Text, nullable=False),
)
