"""The action log: every back-office tool call made in a conversation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from frontline.domain.ids import ActionId, ConversationId


class ActionOutcome(StrEnum):
    ok = "ok"  # the back office did it
    denied = "denied"  # the policy engine refused it before it reached the back office
    error = "error"  # the back office refused it or failed
    pending = "pending"  # recorded before a write was sent; settled once its result is known


@dataclass(frozen=True, slots=True)
class Action:
    id: ActionId
    conversation_id: ConversationId | None
    name: str
    arguments: dict[str, Any]
    outcome: ActionOutcome
    result: Any
    actor: str
    created_at: datetime
    idempotency_key: str | None = None  # a back-office write's key (the back office keeps it)
