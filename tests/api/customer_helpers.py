"""The customer side of API v1 in tests: a conversation's own credential."""

from __future__ import annotations

from typing import Any


def bearer(started: dict[str, Any]) -> dict[str, str]:
    """The headers a customer sends on their conversation: its ``customer_token``."""
    return {"Authorization": f"Bearer {started['customer_token']}"}


# The credentials of the conversations tests started, by id (ids are unique across tests).
_TOKENS: dict[str, str] = {}


def remember(started: dict[str, Any]) -> dict[str, Any]:
    """Keep a started conversation's customer token for :func:`customer_of`; returns it as is."""
    _TOKENS[started["id"]] = started["customer_token"]
    return started


def customer_of(conversation_id: str) -> dict[str, str]:
    """The headers the customer who started ``conversation_id`` sends."""
    return {"Authorization": f"Bearer {_TOKENS[conversation_id]}"}
