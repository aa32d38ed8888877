"""The append-only event log: every state change leaves one event.

SLA clocks and KPIs are computed from these events, so reports can be reproduced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from frontline.domain.ids import ConversationId


class EventKind(StrEnum):
    conversation_started = "conversation_started"  # a new conversation was opened
    message_received = "message_received"  # a customer message was stored
    reply_sent = "reply_sent"  # an AI or human reply was stored for sending
    note_added = "note_added"  # an internal note was written
    status_changed = "status_changed"  # {"from", "to"}
    assigned = "assigned"  # {"from", "to"}
    priority_changed = "priority_changed"  # {"from", "to"}
    tags_changed = "tags_changed"  # {"from", "to"}
    queue_changed = "queue_changed"  # {"from", "to"}
    handed_off = "handed_off"  # {"queue", "reason"}
    action_taken = "action_taken"  # {"name", "outcome"}
    customer_identified = "customer_identified"  # {"customer_id"}
    sla_warning = "sla_warning"  # {"policy", "metric", "started_at", "due_at"}: breach is near
    sla_breached = "sla_breached"  # {"policy", "metric", "started_at", "due_at"}: target missed
    sla_achieved = "sla_achieved"  # {"policy", "metric", "started_at", "elapsed_seconds"}
    csat_requested = "csat_requested"  # {"channel"}: a satisfaction survey was offered
    csat_answered = "csat_answered"  # {"score": 1-5, "comment"}
    identity_code_sent = "identity_code_sent"  # {"user_id"}: a one-time code was emailed
    identity_code_accepted = "identity_code_accepted"  # the customer typed the right code
    identity_code_locked = "identity_code_locked"  # too many wrong codes; no more in this chat
    policy_override = "policy_override"  # {"action_id", "name", "rule", "detail", "reason"}
    snoozed = "snoozed"  # {"until"}: set aside until then
    woken = "woken"  # {"by": "time" | "customer" | "staff"}: a snooze ended
    reopened = "reopened"  # {"from"}: the customer wrote again after it was resolved
    auto_resolved = "auto_resolved"  # {"days"}: pending with no customer reply for that long
    merged = "merged"  # {"into" | "from", "messages"}: one case in two conversations became one
    linked = "linked"  # {"other"}: marked as related to another conversation
    intent_recognized = "intent_recognized"  # {"intent", "confidence", "requests", "answering"}


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    kind: EventKind
    conversation_id: ConversationId | None
    actor: str
    data: dict[str, Any]
    created_at: datetime
