"""Conversions between domain values and column values."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson


def dump_json(value: Any) -> str:
    return orjson.dumps(value).decode()


def load_json(text: str | None) -> Any:
    return None if text is None else orjson.loads(text)


def as_utc(value: datetime) -> datetime:
    """SQLite hands timestamps back naive; every timestamp we store is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
